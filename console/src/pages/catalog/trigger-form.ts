/**
 * A trigger's content <-> the editor's form, pure. The first-class fields (id, texts, compatibility
 * answers, explanation, priority, offer, event types) become form fields; the condition becomes JSON text;
 * everything else (unknown keys, and first-class keys whose value a form field cannot hold, e.g. a priority
 * written as a string) is kept as it is in `extra` and shown as JSON, so `contentOf(formOf(c))` equals `c`
 * for every JSON object `c` (console/test/catalog-form.test.ts): opening and saving loses nothing, and the
 * server's validation still names whatever is wrong.
 */
import { type JsonSyntaxError, parseJsonText } from '../../../../shared/core/json-source.js';
import type { JsonObject } from '../../api/catalog.js';

/** The payment event types (shared/core/payment-event.ts EVENT_TYPES; a unit test keeps them equal). */
export const EVENT_TYPES = [
  'card_payment',
  'atm_withdrawal',
  'transfer_in',
  'transfer_out',
  'direct_debit',
] as const;

/** Plain text fields, in the order the content lists them. */
export const TEXT_FIELDS = [
  'id',
  'description',
  'purpose',
  'legalBasis',
  'dpiaReference',
  'offerId',
  'textMatchJustification',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export const COMPATIBILITY_FIELDS = [
  'linkToOriginalPurpose',
  'howObtained',
  'sensitivity',
  'consequences',
  'safeguards',
] as const;
export type CompatibilityField = (typeof COMPATIBILITY_FIELDS)[number];

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Absent fields are undefined (not ""), so a round trip neither adds nor drops a key. */
export interface TriggerForm {
  readonly text: Readonly<Partial<Record<TextField, string>>>;
  /** The spinbutton's text; a number in the content. */
  readonly priority?: string | undefined;
  readonly eventTypes?: readonly string[] | undefined;
  readonly explanation?: Readonly<Partial<Record<Language, string>>> | undefined;
  readonly compatibility?: Readonly<Partial<Record<CompatibilityField, string>>> | undefined;
  /** The condition as JSON text; "" when the content has none. */
  readonly condition: string;
  /** Every other key of the content, as it was. */
  readonly extra: JsonObject;
}

export const EMPTY_FORM: TriggerForm = { text: {}, condition: '', extra: {} };

/** Sets an own key, even `__proto__` (which plain assignment would turn into a prototype change). */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string record with only `keys`, or undefined when `value` is anything else. */
function stringRecord<K extends string>(
  value: unknown,
  keys: readonly K[],
): Partial<Record<K, string>> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Partial<Record<K, string>> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(keys as readonly string[]).includes(key) || typeof item !== 'string') return undefined;
    out[key as K] = item;
  }
  return out;
}

/** The form of a content. */
export function formOf(content: JsonObject): TriggerForm {
  const extra: Record<string, unknown> = {};
  const text: Partial<Record<TextField, string>> = {};
  let priority: string | undefined;
  let eventTypes: string[] | undefined;
  let explanation: Partial<Record<Language, string>> | undefined;
  let compatibility: Partial<Record<CompatibilityField, string>> | undefined;
  let condition = '';
  for (const [key, value] of Object.entries(content)) {
    if ((TEXT_FIELDS as readonly string[]).includes(key) && typeof value === 'string')
      text[key as TextField] = value;
    else if (
      key === 'priority' &&
      typeof value === 'number' &&
      Number.isFinite(value) &&
      !Object.is(value, -0)
    )
      priority = String(value);
    else if (key === 'eventTypes' && Array.isArray(value) && value.every((t) => typeof t === 'string'))
      eventTypes = [...value];
    else if (key === 'explanation' && stringRecord(value, LANGUAGES) !== undefined)
      explanation = stringRecord(value, LANGUAGES);
    else if (key === 'compatibility' && stringRecord(value, COMPATIBILITY_FIELDS) !== undefined)
      compatibility = stringRecord(value, COMPATIBILITY_FIELDS);
    else if (key === 'condition' && value !== undefined) condition = JSON.stringify(value, null, 2);
    else setKey(extra, key, value);
  }
  return { text, priority, eventTypes, explanation, compatibility, condition, extra };
}

/** The condition text parsed: absent when blank, or its first syntax error with line and column. */
export type ParsedCondition =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: JsonSyntaxError; readonly message: string };

export function parseCondition(text: string): ParsedCondition {
  if (text.trim() === '') return { ok: true, value: undefined };
  const parsed = parseJsonText(text);
  if (parsed.ok) return { ok: true, value: parsed.document.value };
  const error = parsed.errors[0] ?? {
    line: 1,
    column: 1,
    path: [],
    expected: 'a JSON value',
    found: 'nothing',
  };
  return {
    ok: false,
    error,
    message: `JSON syntax error at line ${error.line}, column ${error.column}: expected ${error.expected}, got ${error.found}`,
  };
}

/**
 * The content of a form. With a condition that is not JSON the content leaves the condition out (so the
 * rest can still be linted) and `conditionError` says where the text breaks.
 */
export function contentOf(form: TriggerForm): { content: JsonObject; conditionError?: string } {
  const content: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) setKey(content, key, value);
  };
  put('id', form.text.id);
  put('description', form.text.description);
  put('eventTypes', form.eventTypes === undefined ? undefined : [...form.eventTypes]);
  put('purpose', form.text.purpose);
  put('legalBasis', form.text.legalBasis);
  put('compatibility', form.compatibility === undefined ? undefined : { ...form.compatibility });
  put('dpiaReference', form.text.dpiaReference);
  put('offerId', form.text.offerId);
  put('textMatchJustification', form.text.textMatchJustification);
  put('priority', priorityValue(form.priority));
  put('explanation', form.explanation === undefined ? undefined : { ...form.explanation });
  const condition = parseCondition(form.condition);
  put('condition', condition.ok ? condition.value : undefined);
  // A key a field cannot hold (e.g. a priority written as a string) stays as it was until the field is set.
  for (const [key, value] of Object.entries(form.extra))
    if (!Object.hasOwn(content, key)) setKey(content, key, value);
  return condition.ok ? { content } : { content, conditionError: condition.message };
}

/** A number when the text is one; otherwise the text itself, for validation to name. Blank: absent. */
export function priorityValue(text: string | undefined): number | string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/** The form's `extra` as JSON text for its textarea ("" when there is nothing else). */
export const extraText = (extra: JsonObject): string =>
  Object.keys(extra).length === 0 ? '' : JSON.stringify(extra, null, 2);

/** The keys the form's own fields set (an `extra` key of the same name would be overridden). */
export function heldKeys(form: TriggerForm): Set<string> {
  const keys = new Set(Object.keys(contentOf({ ...form, extra: {} }).content));
  if (form.condition.trim() !== '') keys.add('condition');
  return keys;
}

/** The textarea's text back as `extra`, or what is wrong with it (`held`: keys the fields already set). */
export function parseExtra(
  text: string,
  held: ReadonlySet<string> = new Set(),
): { ok: true; value: JsonObject } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const error = parsed.errors[0];
    return {
      ok: false,
      message:
        error === undefined
          ? 'not JSON'
          : `JSON syntax error at line ${error.line}, column ${error.column}: expected ${error.expected}, got ${error.found}`,
    };
  }
  const value = parsed.document.value;
  if (!isPlainObject(value)) return { ok: false, message: 'expected a JSON object {"key": value, ...}' };
  const taken = Object.keys(value).filter((key) => held.has(key));
  if (taken.length > 0) {
    return {
      ok: false,
      message: `${taken.join(', ')}: edited in ${taken.length === 1 ? 'its own field' : 'their own fields'}`,
    };
  }
  return { ok: true, value };
}

/** The event types with `type` switched on or off (its place kept; a new one at the end). */
export function toggled(types: readonly string[] | undefined, type: string, on: boolean): readonly string[] {
  const list = types ?? [];
  if (on) return list.includes(type) ? list : [...list, type];
  return list.filter((t) => t !== type);
}
