import { describe, expect, it } from 'vitest';
import { queueEnvVar, readFunctionEnv, tableEnvVar } from '#config/function-env.js';
import { POLICY_SETTINGS, policyFrom } from '#config/pipeline-config.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { DEFAULT_POLICY, policyVersion } from '#core/policy.js';
import { bannerOfferEvents, bannerOffers, evaluatePayments } from '#infra/definitions/functions.js';

/** The variables the stack gives evaluate-payments, minus the settings: table names and the queue URL. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const table of Object.keys(evaluatePayments.tables)) env[tableEnvVar(table)] = `${table}-table`;
  for (const queue of Object.keys(evaluatePayments.queues))
    env[queueEnvVar(queue)] = `http://localhost/${queue}`;
  return env;
}

describe('policyFrom: the policy from the settings a function declares', () => {
  it('gives DEFAULT_POLICY when every setting is its default', () => {
    const { settings } = readFunctionEnv(evaluatePayments, baseEnv());
    expect(policyFrom(settings)).toEqual(DEFAULT_POLICY);
  });

  it('reads arbitration and the dismissal pause, and the policy version says so', () => {
    const { settings } = readFunctionEnv(evaluatePayments, {
      ...baseEnv(),
      MAX_OFFERS_PER_EVENT: '2',
      MAX_ACTIVE_OFFERS: '3',
      DISMISSAL_PAUSE_COUNT: '4',
      DISMISSAL_PAUSE_WITHIN_DAYS: '14',
      DISMISSAL_PAUSE_DAYS: '60',
    });
    const policy = policyFrom(settings);
    expect(policy.arbitration).toEqual({ maxOffersPerEvent: 2, maxActiveOffers: 3 });
    expect(policy.dismissalPause).toEqual({ dismissals: 4, withinDays: 14, pauseDays: 60 });
    expect(policyVersion(policy, seedCatalog())).toContain(';arb=2/3;pause=4/14d/60d;');
  });

  it.each([
    ['MAX_OFFERS_PER_EVENT', '0', 'expected the most offers emitted for one payment (greater than 0)'],
    ['MAX_ACTIVE_OFFERS', 'two', 'expected the most offers active for one customer at once (a whole number)'],
    [
      'DISMISSAL_PAUSE_COUNT',
      '2.5',
      'expected the number of dismissals that pauses all offers (a whole number)',
    ],
    [
      'DISMISSAL_PAUSE_WITHIN_DAYS',
      '-1',
      'expected the days within which those dismissals count (greater than 0)',
    ],
    ['DISMISSAL_PAUSE_DAYS', '', 'expected the days a dismissal pause lasts (greater than 0)'],
  ])('refuses %s=%j at cold start, naming the variable and what it expects', (name, value, expected) => {
    expect(() => readFunctionEnv(evaluatePayments, { ...baseEnv(), [name]: value })).toThrow(
      `${name}: ${expected}`,
    );
  });

  it('evaluate-payments declares every policy setting (none silently left at its default)', () => {
    expect(evaluatePayments.settings).toEqual(expect.arrayContaining([...POLICY_SETTINGS]));
  });

  it('the banner functions declare the dismissal pause, and only the policy settings they use', () => {
    const pause = ['DISMISSAL_PAUSE_COUNT', 'DISMISSAL_PAUSE_WITHIN_DAYS', 'DISMISSAL_PAUSE_DAYS'];
    for (const fn of [bannerOffers, bannerOfferEvents]) {
      expect(fn.settings, fn.name).toEqual(expect.arrayContaining(pause));
      expect(fn.settings, fn.name).not.toContain('MAX_ACTIVE_OFFERS');
      expect(fn.settings, fn.name).not.toContain('MAX_OFFERS_PER_EVENT');
    }
  });

  it('a function declaring only some policy settings gets those, and the defaults for the rest', () => {
    const policy = policyFrom({ CONSENT_REGIME: 'opt-out', DISMISSAL_PAUSE_COUNT: 5 });
    expect(policy).toEqual({
      ...DEFAULT_POLICY,
      consentRegime: 'opt-out',
      dismissalPause: { ...DEFAULT_POLICY.dismissalPause, dismissals: 5 },
    });
  });
});
