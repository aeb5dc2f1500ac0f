import { TIME_BASIS_LABELS, type TimeBasis } from '../pages/audit/audit-types.js';
import type { FieldErrors, PeriodForm } from '../pages/audit/period.js';
import { Field } from './field.js';

/**
 * The period fields of the audit pages: "From" and "To" (dates, inclusive, UTC days) and, where the query
 * has one, "Time basis" (payment time or decision time). `idPrefix` keeps ids unique on a page.
 */
export function PeriodFields(props: {
  idPrefix: string;
  form: PeriodForm;
  errors: FieldErrors<'from' | 'to'>;
  onChange: (form: PeriodForm) => void;
  /** Show the time-basis choice (the access log has none). */
  basis?: boolean;
}) {
  const { form, errors, onChange, idPrefix } = props;
  return (
    <>
      <Field id={`${idPrefix}-from`} label="From" error={errors.from}>
        {(a11y) => (
          <input
            {...a11y}
            type="date"
            value={form.from}
            onChange={(event) => onChange({ ...form, from: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field id={`${idPrefix}-to`} label="To" error={errors.to}>
        {(a11y) => (
          <input
            {...a11y}
            type="date"
            value={form.to}
            onChange={(event) => onChange({ ...form, to: event.currentTarget.value })}
          />
        )}
      </Field>
      {props.basis === false ? null : (
        <TimeBasisField id={`${idPrefix}-by`} value={form.by} onChange={(by) => onChange({ ...form, by })} />
      )}
    </>
  );
}

/** "Time basis": payment time (when the payment happened) or decision time (when the pipeline decided). */
export function TimeBasisField(props: {
  id: string;
  value: TimeBasis;
  onChange: (basis: TimeBasis) => void;
}) {
  return (
    <Field id={props.id} label="Time basis">
      {(a11y) => (
        <select
          {...a11y}
          value={props.value}
          onChange={(event) => props.onChange(event.currentTarget.value as TimeBasis)}
        >
          {(Object.keys(TIME_BASIS_LABELS) as TimeBasis[]).map((basis) => (
            <option key={basis} value={basis}>
              {TIME_BASIS_LABELS[basis]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
