/**
 * The privacy queries' own errors (shared/privacy/queries.ts): what the caller asked for does not exist or
 * is not acceptable. The HTTP API turns each into a problem naming the field (never repeating the value);
 * the CLI prints the message and exits 1.
 */

/**
 * No audit record has this id. `needsCustomer`: the hot table does not hold it and no customer id was
 * given; an archived record of a customer is found only with their customer id (its archived id is a keyed
 * pseudonym).
 */
export class AuditRecordNotFoundError extends Error {
  override readonly name = 'AuditRecordNotFoundError';
  constructor(
    readonly recordId: string,
    readonly needsCustomer = false,
  ) {
    super(
      `no decision or offer-withdrawal record '${recordId}'` +
        (needsCustomer
          ? ' in the last weeks; an older record is found with its customer id (customerId)'
          : ''),
    );
  }
}

/**
 * A filter names something that does not exist (a trigger neither in the catalog nor in any suppressed
 * record). `known` lists what does; the message quotes the name (for a person at the CLI; the HTTP problem
 * names the field but never repeats the value).
 */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';
  constructor(
    readonly field: 'trigger',
    readonly value: string,
    readonly known: readonly string[],
  ) {
    super(`no ${field} '${value}' (known: ${known.join(', ')}; no suppressed record names it either)`);
  }
}

/** A query argument outside what the service accepts (the API validates first; this guards other callers). */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${field}: expected ${expected}`);
  }
}
