/**
 * The readable diff between two contents of a catalog item (region "Differences"): which top-level fields
 * changed, then the pretty-printed contents line by line, removed lines marked "-", added "+", long
 * unchanged runs folded (../pages/catalog/line-diff.ts).
 */
import { useMemo } from 'preact/hooks';
import '../pages/catalog/catalog.css';
import type { JsonObject } from '../api/catalog.js';
import { changedFields, folded, lineDiff, prettyLines } from '../pages/catalog/line-diff.js';

export function ContentDiff(props: {
  from: JsonObject | undefined;
  to: JsonObject | undefined;
  fromLabel: string;
  toLabel: string;
}) {
  const { from, to } = props;
  const shown = useMemo(() => folded(lineDiff(prettyLines(from), prettyLines(to))), [from, to]);
  const fields = useMemo(() => changedFields(from, to), [from, to]);
  return (
    <section class="diff" aria-label="Differences">
      <p>
        {fields.length === 0
          ? `No differences between ${props.fromLabel} and ${props.toLabel}.`
          : `Changed from ${props.fromLabel} to ${props.toLabel}: ${fields.join(', ')}.`}
      </p>
      {fields.length === 0 ? null : (
        <>
          <p class="hint">
            {from === undefined
              ? `Every line of ${props.toLabel} is new (marked +).`
              : `Lines marked − are only in ${props.fromLabel}; lines marked + only in ${props.toLabel}.`}
          </p>
          <pre class="diff-lines">
            {shown.map((line, i) => {
              const key = `${i}`;
              if (line.op === 'fold')
                return (
                  <span key={key} class="diff-fold">
                    {`  … ${line.count} unchanged line${line.count === 1 ? '' : 's'} …`}
                  </span>
                );
              if (line.op === 'add')
                return (
                  <span key={key} class="diff-add">
                    {`+ ${line.text}`}
                  </span>
                );
              if (line.op === 'del')
                return (
                  <span key={key} class="diff-del">
                    {`− ${line.text}`}
                  </span>
                );
              return <span key={key}>{`  ${line.text}`}</span>;
            })}
          </pre>
        </>
      )}
    </section>
  );
}
