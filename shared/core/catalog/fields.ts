import { EVENT_TYPES, type PaymentEvent } from '#core/payment-event.js';
import { COUNTRY_CODES } from '#data/iso-3166.js';
import { PAYMENT_CURRENCY_CODES } from '#data/iso-4217.js';

/**
 * The event fields a trigger condition may read, and what kind of value each holds. The kind decides
 * which operators apply and how the values written in a trigger are checked at load time.
 */

export type FieldKind = 'eventType' | 'integer' | 'currency' | 'mcc' | 'country' | 'text';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly get: (event: PaymentEvent) => string | number | undefined;
}

export const FIELDS = {
  type: { kind: 'eventType', get: (e) => e.type },
  'amount.minor': { kind: 'integer', get: (e) => e.amount.minor },
  'amount.currency': { kind: 'currency', get: (e) => e.amount.currency },
  'merchant.mcc': { kind: 'mcc', get: (e) => e.merchant?.mcc },
  'merchant.country': { kind: 'country', get: (e) => e.merchant?.country },
  'merchant.name': { kind: 'text', get: (e) => e.merchant?.name },
  'merchant.city': { kind: 'text', get: (e) => e.merchant?.city },
  'counterparty.name': { kind: 'text', get: (e) => e.counterparty?.name },
  'counterparty.iban': { kind: 'text', get: (e) => e.counterparty?.iban },
  'counterparty.reference': { kind: 'text', get: (e) => e.counterparty?.reference },
  'balanceAfter.minor': { kind: 'integer', get: (e) => e.balanceAfter?.minor },
  'balanceAfter.currency': { kind: 'currency', get: (e) => e.balanceAfter?.currency },
} as const satisfies Record<string, FieldSpec>;

export type FieldPath = keyof typeof FIELDS;

export const FIELD_PATHS = Object.keys(FIELDS) as FieldPath[];

export function isFieldPath(value: unknown): value is FieldPath {
  return typeof value === 'string' && Object.hasOwn(FIELDS, value);
}

const eventTypes: ReadonlySet<unknown> = new Set(EVENT_TYPES);

/** Checks a value written in a trigger against the field's kind; returns what was expected, or undefined. */
export function checkValue(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'eventType':
      return eventTypes.has(value) ? undefined : `one of ${EVENT_TYPES.map((t) => `"${t}"`).join(', ')}`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'an integer (minor units, e.g. cents)';
    case 'currency':
      return typeof value === 'string' && PAYMENT_CURRENCY_CODES.has(value)
        ? undefined
        : 'an ISO 4217 currency code in upper case (e.g. "EUR")';
    case 'mcc':
      return typeof value === 'string' && /^\d{4}$/.test(value)
        ? undefined
        : 'a merchant category code as a 4-digit string (e.g. "4511")';
    case 'country':
      return typeof value === 'string' && COUNTRY_CODES.has(value)
        ? undefined
        : 'an ISO 3166-1 alpha-2 country code in upper case (e.g. "US")';
    case 'text':
      return typeof value === 'string' && value.length > 0 ? undefined : 'a non-empty string';
  }
}

/** Kinds that order: integers, and merchant category codes (4-digit strings order like their numbers). */
export function isOrdered(kind: FieldKind): boolean {
  return kind === 'integer' || kind === 'mcc';
}

export function fieldsOfKind(predicate: (kind: FieldKind) => boolean): string {
  return FIELD_PATHS.filter((path) => predicate(FIELDS[path].kind))
    .map((path) => `"${path}"`)
    .join(', ');
}
