import { describe, expect, it } from 'vitest';
import { offersAllowed } from '#api/consent-check.js';
import { functionEnvSchema } from '#config/function-env.js';
import { bannerOffers } from '#infra/definitions/functions.js';
import { consentRecord, grant } from '#test/support/builders.js';

const T1 = '2026-01-10T10:00:00Z';
const T2 = '2026-03-01T09:00:00+01:00';

describe('the read-time consent check', () => {
  describe('opt-in (the default)', () => {
    it('allows offers only with a granted transaction-offers consent', () => {
      expect(offersAllowed([grant(T1)], 'opt-in')).toBe(true);
      expect(offersAllowed([], 'opt-in')).toBe(false);
      expect(offersAllowed([consentRecord('direct-marketing', 'granted', T1)], 'opt-in')).toBe(false);
    });

    it('a later withdrawal wins, whatever the order of the records', () => {
      const withdrawn = consentRecord('transaction-offers', 'withdrawn', T2);
      expect(offersAllowed([grant(T1), withdrawn], 'opt-in')).toBe(false);
      expect(offersAllowed([withdrawn, grant(T1)], 'opt-in')).toBe(false);
      expect(offersAllowed([withdrawn, grant('2026-04-01T00:00:00Z')], 'opt-in')).toBe(true);
    });

    it('a withdrawn direct-marketing consent blocks', () => {
      expect(offersAllowed([grant(T1), consentRecord('direct-marketing', 'withdrawn', T2)], 'opt-in')).toBe(
        false,
      );
    });
  });

  describe('opt-out', () => {
    it('allows offers unless withdrawn or objected', () => {
      expect(offersAllowed([], 'opt-out')).toBe(true);
      expect(offersAllowed([consentRecord('transaction-offers', 'withdrawn', T1)], 'opt-out')).toBe(false);
      expect(offersAllowed([consentRecord('transaction-offers', 'objected', T1)], 'opt-out')).toBe(false);
    });
  });

  it.each(['opt-in', 'opt-out'] as const)(
    '%s: an objection on either purpose blocks everything',
    (regime) => {
      expect(offersAllowed([grant(T2), consentRecord('direct-marketing', 'objected', T1)], regime)).toBe(
        false,
      );
      expect(offersAllowed([consentRecord('transaction-offers', 'objected', T1)], regime)).toBe(false);
    },
  );
});

describe('the offers function environment', () => {
  const OffersApiEnv = functionEnvSchema(bannerOffers);
  const tables = {
    OFFERS_TABLE: 'offers',
    CUSTOMERS_TABLE: 'customers',
    CONTACT_POLICY_TABLE: 'contact-policy',
  };

  it('defaults to opt-in', () => {
    expect(OffersApiEnv.parse(tables).CONSENT_REGIME).toBe('opt-in');
  });

  it('takes opt-out only when configured, and refuses anything else', () => {
    expect(OffersApiEnv.parse({ ...tables, CONSENT_REGIME: 'opt-out' }).CONSENT_REGIME).toBe('opt-out');
    expect(OffersApiEnv.safeParse({ ...tables, CONSENT_REGIME: 'optout' }).success).toBe(false);
  });
});
