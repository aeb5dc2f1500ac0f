/**
 * The editor's fields: one labelled control per first-class field of a trigger, each with its findings
 * next to it (Field's `.field-error`, linked by aria-describedby), the event types as checkboxes, the
 * condition and the other fields as JSON text.
 */
import type { ComponentChildren } from 'preact';
import { Field } from '../../components/field.js';
import {
  type CompatibilityField,
  EVENT_TYPES,
  type Language,
  type TextField,
  type TriggerForm,
  toggled,
} from './trigger-form.js';

export type Errors = ReadonlyMap<string, readonly string[]>;

export const COMPATIBILITY_LABELS: Readonly<Record<CompatibilityField, string>> = {
  linkToOriginalPurpose: 'Link to the original purpose',
  howObtained: 'How the data was obtained',
  sensitivity: 'Sensitivity',
  consequences: 'Consequences for the customer',
  safeguards: 'Safeguards',
};

export const EXPLANATION_LABELS: Readonly<Record<Language, string>> = {
  en: 'Customer explanation (English)',
  nl: 'Customer explanation (Dutch)',
};

const errorOf = (errors: Errors, key: string): string | undefined => {
  const list = errors.get(key);
  return list === undefined || list.length === 0 ? undefined : list.join('\n');
};

/** A blank control is an absent field (so the server says "required" rather than "empty"). */
const orAbsent = (value: string): string | undefined => (value === '' ? undefined : value);

export function FormFields(props: {
  form: TriggerForm;
  errors: Errors;
  /** Editing a stored version: its id, which cannot change. */
  lockedId: string | undefined;
  offers: readonly string[];
  extra: string;
  onForm: (change: (form: TriggerForm) => TriggerForm) => void;
  onExtra: (text: string) => void;
}) {
  const { form, errors, onForm } = props;
  const setText = (key: TextField, value: string) =>
    onForm((f) => ({ ...f, text: { ...f.text, [key]: orAbsent(value) } }));
  const text = (key: TextField, label: string, options: { multiline?: boolean; hint?: string } = {}) => (
    <Field id={`trigger-${key}`} label={label} hint={options.hint} error={errorOf(errors, key)}>
      {(a11y) =>
        options.multiline === true ? (
          <textarea
            {...a11y}
            rows={3}
            value={form.text[key] ?? ''}
            onInput={(e) => setText(key, e.currentTarget.value)}
          />
        ) : (
          <input
            {...a11y}
            value={form.text[key] ?? ''}
            onInput={(e) => setText(key, e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
  const eventError = errorOf(errors, 'eventTypes');
  const unknownTypes = (form.eventTypes ?? []).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  return (
    <>
      <Section title="Trigger">
        <Field
          id="trigger-id"
          label="Trigger id"
          hint="kebab-case: a-z, 0-9 and -"
          error={errorOf(errors, 'id')}
        >
          {(a11y) => (
            <input
              {...a11y}
              value={form.text.id ?? props.lockedId ?? ''}
              readOnly={props.lockedId !== undefined}
              onInput={(e) => setText('id', e.currentTarget.value)}
            />
          )}
        </Field>
        {text('description', 'Description', { multiline: true })}
      </Section>
      <Section title="Purpose and legal basis">
        {text('purpose', 'Purpose', { multiline: true })}
        {text('legalBasis', 'Legal basis', { multiline: true })}
        {text('dpiaReference', 'DPIA reference', { hint: 'optional: the data protection impact assessment' })}
      </Section>
      <Section title="Compatibility answers">
        {(Object.keys(COMPATIBILITY_LABELS) as CompatibilityField[]).map((key) => (
          <Field
            key={key}
            id={`trigger-compatibility-${key}`}
            label={COMPATIBILITY_LABELS[key]}
            error={errorOf(errors, `compatibility.${key}`)}
          >
            {(a11y) => (
              <textarea
                {...a11y}
                rows={3}
                value={form.compatibility?.[key] ?? ''}
                onInput={(e) => {
                  const value = orAbsent(e.currentTarget.value);
                  onForm((f) => ({ ...f, compatibility: { ...f.compatibility, [key]: value } }));
                }}
              />
            )}
          </Field>
        ))}
      </Section>
      <Section title="Customer explanation">
        {(Object.keys(EXPLANATION_LABELS) as Language[]).map((language) => (
          <Field
            key={language}
            id={`trigger-explanation-${language}`}
            label={EXPLANATION_LABELS[language]}
            hint="one short sentence the banner shows: why this offer appears"
            error={errorOf(errors, `explanation.${language}`)}
          >
            {(a11y) => (
              <input
                {...a11y}
                lang={language}
                value={form.explanation?.[language] ?? ''}
                onInput={(e) => {
                  const value = orAbsent(e.currentTarget.value);
                  onForm((f) => ({ ...f, explanation: { ...f.explanation, [language]: value } }));
                }}
              />
            )}
          </Field>
        ))}
      </Section>
      <Section title="Offer and priority">
        <Field id="trigger-offerId" label="Offer" error={errorOf(errors, 'offerId')}>
          {(a11y) => (
            <select
              {...a11y}
              value={form.text.offerId ?? ''}
              onChange={(e) => setText('offerId', e.currentTarget.value)}
            >
              <option value="">Choose an offer</option>
              {[
                ...new Set([
                  ...props.offers,
                  ...(form.text.offerId === undefined ? [] : [form.text.offerId]),
                ]),
              ].map((offer) => (
                <option key={offer} value={offer}>
                  {offer}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="trigger-priority"
          label="Priority"
          hint="-1000 to 1000; when several offers qualify the highest wins (default 0)"
          error={errorOf(errors, 'priority')}
        >
          {(a11y) => (
            <input
              {...a11y}
              type="number"
              step={1}
              min={-1000}
              max={1000}
              value={form.priority ?? ''}
              onInput={(e) => {
                const value = orAbsent(e.currentTarget.value);
                onForm((f) => ({ ...f, priority: value }));
              }}
            />
          )}
        </Field>
      </Section>
      <fieldset aria-describedby={eventError === undefined ? undefined : 'trigger-eventTypes-error'}>
        <legend>Event types</legend>
        <div class="checks">
          {EVENT_TYPES.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={(form.eventTypes ?? []).includes(type)}
                aria-invalid={eventError === undefined ? undefined : true}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  onForm((f) => ({ ...f, eventTypes: toggled(f.eventTypes, type, on) }));
                }}
              />
              {type}
            </label>
          ))}
        </div>
        {unknownTypes.length === 0 ? null : <p>Also listed: {unknownTypes.join(', ')}</p>}
        {eventError === undefined ? null : (
          <p class="field-error" id="trigger-eventTypes-error">
            {eventError}
          </p>
        )}
      </fieldset>
      <Section title="Condition">
        <Field
          id="trigger-condition"
          label="Condition (JSON)"
          hint='e.g. {"all": [{"field": "amount.minor", "gte": 100000}, {"holdsNone": ["credit-card"]}]}'
          error={errorOf(errors, 'condition')}
        >
          {(a11y) => (
            <textarea
              {...a11y}
              class="code"
              rows={14}
              spellcheck={false}
              value={form.condition}
              onInput={(e) => {
                const value = e.currentTarget.value;
                onForm((f) => ({ ...f, condition: value }));
              }}
            />
          )}
        </Field>
        {text('textMatchJustification', 'Text match justification', {
          multiline: true,
          hint: 'required when the condition matches a name or reference: why the text is needed',
        })}
        <Field
          id="trigger-other"
          label="Other fields (JSON)"
          hint="fields the form has no place for, kept as they are"
          error={errorOf(errors, 'other')}
        >
          {(a11y) => (
            <textarea
              {...a11y}
              class="code"
              rows={3}
              spellcheck={false}
              value={props.extra}
              onInput={(e) => props.onExtra(e.currentTarget.value)}
            />
          )}
        </Field>
      </Section>
    </>
  );
}

function Section(props: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
