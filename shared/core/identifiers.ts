import * as z from 'zod';

/**
 * The one rule for a customer id, wherever one comes in: PaymentEvent v1 `customerId`, consent and CRM
 * messages, every HTTP route (banner offers and events, privacy history, erasure) and the CLIs.
 *
 * The bank's ids are opaque: 1–64 characters (UTF-16 code units, as zod and the pipeline have always
 * counted them), any character at all — spaces, `@`, `ü`, `/`, `+`, `%`, even control characters — as long
 * as the string is well-formed Unicode. A lone surrogate is the one thing refused: it has no UTF-8 form, so
 * it could be neither stored in DynamoDB nor percent-encoded into a URL, and such a customer could never be
 * served or erased. Over HTTP an id travels percent-encoded (UTF-8) in one path segment (`/` as `%2F`).
 *
 * Only zod here: the Lambda bundles of the HTTP API import this file.
 */

export const CUSTOMER_ID_MAX_LENGTH = 64;

export const CUSTOMER_ID_EXPECTED = `the bank's pseudonymous customer id: 1–${CUSTOMER_ID_MAX_LENGTH} characters, any characters (percent-encoded, UTF-8, in a URL path)`;

/** No unpaired surrogate (String.prototype.isWellFormed, spelt out for older type libraries). */
export function isWellFormedText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

export function isCustomerId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= CUSTOMER_ID_MAX_LENGTH &&
    isWellFormedText(value)
  );
}

export const CustomerIdSchema = z
  .string()
  .min(1)
  .max(CUSTOMER_ID_MAX_LENGTH)
  .refine(isWellFormedText, { message: 'expected well-formed Unicode text (no lone surrogate)' })
  .meta({ description: CUSTOMER_ID_EXPECTED });
