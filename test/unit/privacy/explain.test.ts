import { describe, expect, it } from 'vitest';
import { auditItem } from '#adapters/dynamodb/decision-writer.js';
import { type Decision, decisionIdFor } from '#core/decision.js';
import { explainRecord, formatExplanation, SENSITIVE_CATEGORY } from '#privacy/explain.query.js';
import { StoredDecisionSchema, StoredWithdrawalSchema } from '#privacy/stored-records.js';
import { NOW } from '#test/support/builders.js';
import { atmAbroad, consent, customer, event, run } from '#test/support/decide.js';

const pharmacy = event({
  eventId: 'evt-41',
  occurredAt: '2026-07-03T10:00:00-04:00',
  customerId: 'c-1',
  type: 'card_payment',
  amount: { minor: 4_250, currency: 'USD' },
  merchant: { name: 'CVS Pharmacy', mcc: '5912', country: 'US', city: 'Boston' },
});

const sensitiveDecision = (): Decision => {
  const result = run({ event: pharmacy });
  const decision = result.decisions[0];
  if (!decision) throw new Error('no decision');
  return decision;
};

describe('explain', () => {
  it('a sensitive screen stores nothing but ids, outcome, reason, time and policy — and explains only "sensitive category"', () => {
    const decision = sensitiveDecision();
    // What the audit table holds for it: no trigger, gates, amount, merchant, MCC or even occurredAt.
    expect(Object.keys(auditItem(decision)).sort()).toEqual(
      [
        'customerId',
        'decidedAt',
        'decisionId',
        'eventId',
        'outcome',
        'policyVersion',
        'reasons',
        'ttl',
      ].sort(),
    );
    const explanation = explainRecord({
      kind: 'decision',
      decision: StoredDecisionSchema.parse(auditItem(decision)),
    });
    expect(explanation).toEqual({
      kind: 'sensitive_screen',
      recordId: decisionIdFor('evt-41'),
      eventId: 'evt-41',
      customerId: 'c-1',
      outcome: 'suppressed',
      decidedAt: NOW.toISOString(),
      policyVersion: decision.policyVersion,
      reasons: ['sensitive_category'],
      screen: SENSITIVE_CATEGORY,
      summary: expect.stringContaining('sensitive category'),
    });
  });

  it('would not show what a sensitive screen must not keep, even if a record carried it', () => {
    const decision = sensitiveDecision();
    // A record written by a faulty writer: the renderer still says nothing but "sensitive category".
    const polluted = {
      ...decision,
      triggerId: 'card-abroad-worldwide-cover',
      occurredAt: '2026-07-03T10:00:00-04:00',
      gates: [{ gate: 'consent' as const, passed: true }],
      consentRegime: 'opt-in' as const,
    };
    const explanation = explainRecord({ kind: 'decision', decision: polluted });
    const text = `${JSON.stringify(explanation)}\n${formatExplanation(explanation)}`;
    for (const leak of [
      '5912',
      'CVS',
      'pharmac',
      'Boston',
      '4250',
      'health',
      'card-abroad',
      '2026-07-03T10',
      '"gates"',
      '"triggerId"',
      '"consentRegime"',
      '"occurredAt"',
    ]) {
      expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
    }
    expect(Object.keys(explanation).sort()).toEqual(
      [
        'kind',
        'recordId',
        'eventId',
        'customerId',
        'outcome',
        'decidedAt',
        'policyVersion',
        'reasons',
        'screen',
        'summary',
      ].sort(),
    );
    expect(formatExplanation(explanation)).toMatch(/screen\s+sensitive category/);
  });

  it('names the gates that passed and failed, the trigger and policy versions and the consent regime', () => {
    const result = run({
      event: atmAbroad({ eventId: 'evt-atm', customerId: 'c-9' }),
      customer: customer({
        customerId: 'c-9',
        birthDate: '2012-01-01',
        holdings: ['current-account', 'travel-insurance-europe'],
        consents: [consent('withdrawn')],
      }),
    });
    const decision = result.decisions[0] as Decision;
    const explanation = explainRecord({
      kind: 'decision',
      decision: StoredDecisionSchema.parse(auditItem(decision)),
    });
    expect(explanation).toMatchObject({
      kind: 'decision',
      recordId: decision.decisionId,
      outcome: 'suppressed',
      triggerId: 'card-abroad-worldwide-cover',
      triggerVersion: decision.triggerVersion,
      policyVersion: decision.policyVersion,
      consentRegime: 'opt-in',
      reasons: ['customer_excluded', 'no_consent'],
      gates: {
        passed: ['objection', 'suitability', 'contact_policy', 'active_offers', 'dismissal_pause'],
        failed: [
          { gate: 'consent', reason: 'no_consent' },
          { gate: 'customer_exclusion', reason: 'customer_excluded' },
        ],
      },
    });
    // The gates are exactly the stored ones, split by outcome.
    if (explanation.kind !== 'decision') throw new Error('expected a decision explanation');
    expect((explanation.gates?.passed.length ?? 0) + (explanation.gates?.failed.length ?? 0)).toBe(
      decision.gates?.length,
    );
    const text = formatExplanation(explanation);
    expect(text).toContain('gates failed    consent (no_consent), customer_exclusion (customer_excluded)');
    expect(text).toContain('gates passed    objection, suitability, contact_policy');
    expect(text).toContain(`policy          ${decision.policyVersion}`);
    expect(explanation.summary).toMatch(
      /^Suppressed: trigger card-abroad-worldwide-cover v\d+ matched; failed consent/,
    );
  });

  it('explains emitted, no-trigger and rejected decisions and offer withdrawals', () => {
    const emitted = explainRecord({
      kind: 'decision',
      decision: {
        decisionId: `d_${'a'.repeat(32)}`,
        outcome: 'emitted',
        reasons: [],
        decidedAt: NOW.toISOString(),
        policyVersion: 'p',
        triggerId: 't',
        triggerVersion: 3,
        gates: [{ gate: 'consent', passed: true }],
      },
    });
    expect(emitted).toMatchObject({
      gates: { passed: ['consent'], failed: [] },
      summary: 'Emitted: trigger t v3 matched and every gate passed (consent).',
    });
    const rejected = explainRecord({
      kind: 'decision',
      decision: {
        decisionId: `d_${'b'.repeat(32)}`,
        outcome: 'rejected',
        reasons: ['invalid_event'],
        decidedAt: NOW.toISOString(),
        policyVersion: 'p',
        problems: [{ field: 'amount.currency', expected: 'an ISO 4217 code' }],
      },
    });
    expect(rejected).toMatchObject({
      problems: [{ field: 'amount.currency', expected: 'an ISO 4217 code' }],
    });
    expect(rejected).not.toHaveProperty('gates');
    const withdrawal = explainRecord({
      kind: 'offer_withdrawal',
      withdrawal: StoredWithdrawalSchema.parse({
        decisionId: `w_${'c'.repeat(32)}`,
        kind: 'offer_withdrawal',
        customerId: 'c-1',
        offerInstanceId: 'o_1',
        offerId: 'credit-card',
        triggerId: 'large-purchase-credit-card',
        triggerVersion: 1,
        withdrawalReason: 'consent_withdrawn',
        decidedAt: NOW.toISOString(),
        ttl: 123,
      }),
    });
    expect(withdrawal).toMatchObject({ kind: 'offer_withdrawal', withdrawalReason: 'consent_withdrawn' });
    expect(withdrawal).not.toHaveProperty('ttl');
  });
});
