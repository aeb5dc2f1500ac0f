import { type ComponentChildren, Fragment } from 'preact';
import { Link } from 'wouter-preact';
import '../pages/audit/audit.css';
import { customerPath } from '../pages/audit/paths.js';

/** Label/value pairs as a description list; pairs without a value are left out. */
export function Facts(props: { items: ReadonlyArray<readonly [string, ComponentChildren | undefined]> }) {
  const shown = props.items.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (shown.length === 0) return null;
  return (
    <dl class="facts">
      {shown.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** An ISO instant as people read it (UTC, to the second), or "–". */
export function When(props: { at: string | undefined }) {
  if (props.at === undefined) return <>–</>;
  const ms = Date.parse(props.at);
  if (Number.isNaN(ms)) return <>{props.at}</>;
  const iso = new Date(ms).toISOString();
  // Date and time each unbroken: a narrow column wraps between them, never inside one.
  return (
    <time dateTime={props.at}>
      <span class="nowrap">{iso.slice(0, 10)}</span> <span class="nowrap">{iso.slice(11, 19)} UTC</span>
    </time>
  );
}

/** A customer id as a link to the customer's page, or "–". */
export function CustomerLink(props: { customerId: string | undefined }) {
  if (props.customerId === undefined) return <>–</>;
  return <Link href={customerPath(props.customerId)}>{props.customerId}</Link>;
}
