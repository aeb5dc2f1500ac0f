import * as z from 'zod';
import { COUNTRY_CODES } from '#data/iso-3166.js';
import { PAYMENT_CURRENCY_CODES } from '#data/iso-4217.js';
import { sha256Hex } from './hash.js';
import { CUSTOMER_ID_EXPECTED, CustomerIdSchema } from './identifiers.js';

/**
 * PaymentEvent v1 (contracts.md): one JSON object per SQS message body or JSONL line.
 *
 * Unknown extra fields are accepted and stripped by the schema: the payment system may add fields
 * without breaking us, and nothing we did not ask for can travel on into decisions or offers.
 */

export const EVENT_TYPES = [
  'card_payment',
  'atm_withdrawal',
  'transfer_in',
  'transfer_out',
  'direct_debit',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

/** Event types that describe a card at a merchant, and so carry `merchant`. */
const MERCHANT_TYPES: ReadonlySet<unknown> = new Set<EventType>(['card_payment', 'atm_withdrawal']);
/** Event types that describe an account-to-account payment, and so carry `counterparty`. */
const COUNTERPARTY_TYPES: ReadonlySet<unknown> = new Set<EventType>([
  'transfer_in',
  'transfer_out',
  'direct_debit',
]);

export const CurrencyCodeSchema = z.string().refine((code) => PAYMENT_CURRENCY_CODES.has(code), {
  error: 'expected an ISO 4217 currency code in use for payments, in upper case (e.g. "EUR")',
});
export const CountryCodeSchema = z.string().refine((code) => COUNTRY_CODES.has(code), {
  error: 'expected an ISO 3166-1 alpha-2 country code in upper case (e.g. "NL")',
});
export const MccSchema = z.string().regex(/^\d{4}$/, 'expected 4 digits (ISO 18245 merchant category code)');

const NAME_MAX = 200;
const REFERENCE_MAX = 500;

export const PaymentEventSchema = z
  .object({
    eventId: z.string().min(1).max(128),
    occurredAt: z.iso.datetime({ offset: true }),
    customerId: CustomerIdSchema,
    accountId: z.string().min(1).max(64).optional(),
    type: EventTypeSchema,
    amount: z.object({
      minor: z.number().int().nonnegative(),
      currency: CurrencyCodeSchema,
    }),
    merchant: z
      .object({
        name: z.string().min(1).max(NAME_MAX),
        mcc: MccSchema,
        country: CountryCodeSchema,
        city: z.string().min(1).max(NAME_MAX).optional(),
      })
      .optional(),
    counterparty: z
      .object({
        name: z.string().min(1).max(NAME_MAX),
        iban: z
          .string()
          .regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/)
          .optional(),
        reference: z.string().max(REFERENCE_MAX).optional(),
      })
      .optional(),
    balanceAfter: z
      .object({
        minor: z.number().int(),
        currency: CurrencyCodeSchema,
      })
      .optional(),
  })
  .superRefine((event, ctx) => {
    for (const field of missingParts(event)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `expected ${expectedFor(field)}` });
    }
  });

/**
 * The parts an event of this type must carry but does not. Works on unvalidated input too, because zod
 * skips refinements once a field failed, and a sender should hear about every problem at once.
 */
function missingParts(value: { type?: unknown; merchant?: unknown; counterparty?: unknown }): string[] {
  const missing: string[] = [];
  if (MERCHANT_TYPES.has(value.type) && value.merchant === undefined) missing.push('merchant');
  if (COUNTERPARTY_TYPES.has(value.type) && value.counterparty === undefined) missing.push('counterparty');
  return missing;
}

export type PaymentEvent = z.infer<typeof PaymentEventSchema>;

/** One thing wrong with a message: the field (dotted path) and what was expected there. */
export interface Problem {
  readonly field: string;
  readonly expected: string;
}

export type ParseResult =
  | { readonly ok: true; readonly event: PaymentEvent }
  | {
      readonly ok: false;
      readonly eventId?: string;
      readonly customerId?: string;
      readonly problems: readonly Problem[];
    };

export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024;

/** Bodies above this are not even parsed to find their ids: bounded work for hostile input. */
const MAX_BYTES_PARSED_FOR_IDS = 1024 * 1024;

const BODY = '(body)';
const CURRENCY = 'an ISO 4217 currency code in use for payments, in upper case (e.g. EUR)';
const NAME = `a string of 1–${NAME_MAX} characters`;

/**
 * What each field expects, in words a sender can act on. Problems are built only from these sentences
 * and field names: a rejected record never repeats the value it rejected (which could be a sensitive
 * merchant name or an amount).
 */
const EXPECTED: Readonly<Record<string, string>> = {
  [BODY]: 'a JSON object (PaymentEvent v1)',
  eventId: 'a string of 1–128 characters',
  occurredAt: 'an ISO 8601 timestamp with seconds and an offset (e.g. 2026-07-03T14:22:05-04:00 or ...Z)',
  customerId: CUSTOMER_ID_EXPECTED,
  accountId: 'a string of 1–64 characters',
  type: `one of ${EVENT_TYPES.join(', ')}`,
  amount: 'an object {"minor", "currency"}',
  'amount.minor': 'an integer >= 0 (the amount in minor units, e.g. cents)',
  'amount.currency': CURRENCY,
  merchant: 'an object {"name", "mcc", "country", "city"?} (required for card_payment and atm_withdrawal)',
  'merchant.name': NAME,
  'merchant.mcc': '4 digits (ISO 18245 merchant category code)',
  'merchant.country': 'an ISO 3166-1 alpha-2 country code in upper case (e.g. NL)',
  'merchant.city': NAME,
  counterparty:
    'an object {"name", "iban"?, "reference"?} (required for transfer_in, transfer_out and direct_debit)',
  'counterparty.name': NAME,
  'counterparty.iban': 'an IBAN without spaces: 2 letters, 2 check digits, 11–30 letters or digits',
  'counterparty.reference': `a string of at most ${REFERENCE_MAX} characters`,
  balanceAfter: 'an object {"minor", "currency"}',
  'balanceAfter.minor': 'an integer (the balance in minor units, e.g. cents)',
  'balanceAfter.currency': CURRENCY,
};

function expectedFor(field: string): string {
  return EXPECTED[field] ?? 'no such field in PaymentEvent v1';
}

function isOversized(body: string, maxBytes: number): boolean {
  // A UTF-16 code unit takes 1 to 3 UTF-8 bytes: only count the bytes when the bounds cannot tell.
  if (body.length > maxBytes) return true;
  if (body.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(body, 'utf8') > maxBytes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

/** The ids of a rejected message, if they are themselves valid, so the rejection can be keyed. */
function extractIds(value: unknown): { eventId?: string; customerId?: string } {
  if (!isPlainObject(value)) return {};
  const ids: { eventId?: string; customerId?: string } = {};
  const { eventId, customerId } = value;
  if (typeof eventId === 'string' && eventId.length >= 1 && eventId.length <= 128) ids.eventId = eventId;
  if (typeof customerId === 'string' && customerId.length >= 1 && customerId.length <= 64) {
    ids.customerId = customerId;
  }
  return ids;
}

function rejected(ids: { eventId?: string; customerId?: string }, problems: Problem[]): ParseResult {
  return { ok: false, ...ids, problems };
}

/** Turns schema issues into one problem per field, in the order the schema found them. */
function problemsFrom(raw: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const fields = issues.map((issue) => (issue.path.length === 0 ? BODY : issue.path.map(String).join('.')));
  if (isPlainObject(raw)) fields.push(...missingParts(raw));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const field of fields) {
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({ field, expected: expectedFor(field) });
  }
  return problems;
}

/**
 * Parses one message body into a PaymentEvent, or lists every problem with it. Never throws.
 * Oversized bodies (default 16 KiB of UTF-8) are rejected before schema validation.
 */
export function parsePaymentEvent(body: string, opts: { maxBytes?: number } = {}): ParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (isOversized(body, maxBytes)) {
    const parsed = body.length <= MAX_BYTES_PARSED_FOR_IDS ? tryParseJson(body) : { ok: false as const };
    return rejected(parsed.ok ? extractIds(parsed.value) : {}, [
      { field: BODY, expected: `at most ${maxBytes} bytes of UTF-8 JSON` },
    ]);
  }
  const parsed = tryParseJson(body);
  if (!parsed.ok) {
    return rejected({}, [{ field: BODY, expected: `${EXPECTED[BODY]}; the body is not valid JSON` }]);
  }
  const result = PaymentEventSchema.safeParse(parsed.value);
  if (result.success) return { ok: true, event: result.data };
  return rejected(extractIds(parsed.value), problemsFrom(parsed.value, result.error.issues));
}

/** Nesting beyond any PaymentEvent's: a body this deep is digested as its text, never walked. */
const MAX_CANONICAL_DEPTH = 32;

/**
 * JSON with object keys sorted at every level: equal for semantically equal values. Undefined for a
 * value nested deeper than MAX_CANONICAL_DEPTH (an untrusted body must not exhaust the stack).
 */
function canonicalJson(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_CANONICAL_DEPTH) return undefined;
  if (Array.isArray(value) || isPlainObject(value)) {
    const entries = Array.isArray(value)
      ? value.map((item) => ['', item] as const)
      : Object.keys(value)
          .filter((key) => value[key] !== undefined)
          .sort()
          .map((key) => [`${JSON.stringify(key)}:`, value[key]] as const);
    const parts: string[] = [];
    for (const [prefix, item] of entries) {
      const inner = canonicalJson(item, depth + 1);
      if (inner === undefined) return undefined;
      parts.push(prefix + inner);
    }
    return Array.isArray(value) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A one-way digest of what a message says, so that a reused event id with other content can be told from
 * a redelivery without reading the audit table (a condition on the stored digest does it). Semantically
 * equal messages digest equally: a valid event is digested as parsed (unknown fields stripped, keys in
 * any order), a rejected one as its JSON value, a body that is not JSON as its text.
 */
export function contentHashOf(body: string, parsed?: ParseResult): string {
  const event = parsed?.ok ? canonicalJson(parsed.event) : undefined;
  if (event !== undefined) return sha256Hex(`event/v1|${event}`);
  const json = body.length <= MAX_BYTES_PARSED_FOR_IDS ? tryParseJson(body) : { ok: false as const };
  const canonical = json.ok ? canonicalJson(json.value) : undefined;
  return sha256Hex(canonical !== undefined ? `json/v1|${canonical}` : `text/v1|${body}`);
}

/**
 * The digest stored for a payment the sensitive screen caught: of its ids only, which its audit record
 * states anyway, so that the digest cannot be used to test guesses of the payment (merchant, amount,
 * time). Redeliveries and reuses of a screened event id for the same customer by another sensitive
 * payment are thereby one duplicate (nothing of either is used); any other content under the id still
 * digests differently and is recorded as `duplicate_event_id`.
 */
export function screenedContentHashOf(event: Pick<PaymentEvent, 'eventId' | 'customerId'>): string {
  return sha256Hex(`screened/v1|${JSON.stringify([event.eventId, event.customerId])}`);
}
