import type { OfferInstance } from '#core/decision.js';

/**
 * A complete offer instance as the pipeline stores it (with the issue-13 fields priority and explanation),
 * for tests of what leaves the pipeline about an offer.
 */
export const SAMPLE_OFFER: OfferInstance = {
  offerInstanceId: 'o_0123456789abcdef0123456789abcdef',
  customerId: 'c-1',
  offerId: 'worldwide-travel-cover',
  productCode: 'travel-insurance-worldwide',
  category: 'insurance',
  text: 'Op reis buiten Europa? Verzeker je wereldwijd.',
  disclosures: [],
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 3,
  priority: 40,
  explanation: {
    nl: 'Je betaalde buiten Europa en je reisverzekering dekt alleen Europa.',
    en: 'You paid outside Europe and your travel insurance covers Europe only.',
  },
  decisionId: 'd_0123456789abcdef0123456789abcdef',
  createdAt: '2026-07-03T18:22:05.000Z',
  expiresAt: '2026-08-02T18:22:05.000Z',
};
