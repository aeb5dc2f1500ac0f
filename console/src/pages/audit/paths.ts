/**
 * The audit pages' own links. A customer id may hold any character (1–64, shared/core/identifiers.ts), and
 * the router hands a page its path segment after `decodeURI` of the whole location when it holds a `%`
 * (wouter's relativePath), so one round of percent-encoding would be undone in part (`%41` in an id would
 * arrive as `A`). The id is therefore encoded twice: `decodeURI` removes one round (it never yields a `/`,
 * `?` or `#`), `customerIdFromParam` the other. Ids made of letters, digits and `-._~` need no encoding at
 * all, so `#/customers/c-123` works typed by hand. Only ids travel in a URL, never other customer data.
 */

export const decisionPath = (decisionId: string): string => `/decisions/${encodeURIComponent(decisionId)}`;

/**
 * The customer a decision link was shown for (the suppressed list's row, the customer's history), kept in page
 * memory only — never in the URL or browser storage. The archive keys a customer's records by pseudonym
 * (issue 15), so explaining an archived trigger decision needs its customer id; the Decision page sends it
 * when the officer came from a page that knew it.
 */
const customerOfDecision = new Map<string, string>();

/** The link to a decision, remembering (in memory) whose it is. */
export function decisionPathFor(decisionId: string, customerId: string | undefined): string {
  if (customerId !== undefined) customerOfDecision.set(decisionId, customerId);
  return decisionPath(decisionId);
}

/** The customer a decision was linked from, if a page of this session knew it. */
export const rememberedCustomerOf = (decisionId: string): string | undefined =>
  customerOfDecision.get(decisionId);

export const customerPath = (customerId: string): string =>
  `/customers/${encodeURIComponent(encodeURIComponent(customerId))}`;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The customer id of a `/customers/:customerId` route parameter as the router gives it. */
export const customerIdFromParam = (param: string): string => decode(param);

/** A decision id of a route parameter (ids are `d_`/`w_` and hex: nothing to decode, but be safe). */
export const decisionIdFromParam = (param: string): string => decode(param);
