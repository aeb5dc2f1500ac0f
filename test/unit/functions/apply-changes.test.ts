import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import type { CustomerUpdate } from '#core/customer-update.js';
import { createHandler as createConsentHandler } from '#functions/apply-consent-changes/create-handler.js';
import { createHandler as createCustomerHandler } from '#functions/apply-customer-updates/create-handler.js';
import { receivedAtOf } from '#functions/handler-kit/sqs-record-handler.js';
import type { ProfileStore } from '#shared/ports.js';
import { InMemoryConsentStore, InMemoryOfferWithdrawer } from '#test/support/in-memory-consents.js';
import { captureOutput, lambdaContext, sqsEvent, withEnv } from '#test/support/lambda.js';

/** SentTimestamp of test/support/lambda.ts's records: 2026-07-10T08:00:00Z. */
const SENT = new Date(1_783_670_400_000);
const NOW = new Date(SENT.getTime() + 2_000);
const LOUD = { POWERTOOLS_DEV: undefined, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' };
const EMAIL_KEY = 'jan.jansen@example.nl';

const consentChange = (overrides: Record<string, unknown> = {}) => ({
  customerId: 'c-secret-7',
  purpose: 'transaction-offers',
  status: 'withdrawn',
  at: '2026-07-09T23:59:00Z',
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
  ...overrides,
});

const openOffer = (offerInstanceId: string) => ({
  customerId: 'c-secret-7',
  offerInstanceId,
  offerId: 'worldwide-travel-cover',
  productCode: 'travel-insurance-worldwide',
  category: 'insurance' as const,
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 1,
});

function consentHandler() {
  const consents = new InMemoryConsentStore();
  const offers = new InMemoryOfferWithdrawer();
  const handler = createConsentHandler({
    consents,
    offers,
    regime: 'opt-in',
    clockGuard: { maxFutureSkewSeconds: 300 },
    now: () => NOW,
    logger: new Logger({ serviceName: 'apply-consent-changes' }),
    metrics: new Metrics({ namespace: 'test', serviceName: 'apply-consent-changes' }),
  });
  return { consents, offers, handler };
}

class RecordingProfiles implements ProfileStore {
  readonly applied: CustomerUpdate[] = [];
  async apply(update: CustomerUpdate) {
    this.applied.push(update);
    return {
      outcome: 'applied' as const,
      profile: { holdings: update.holdings ?? [], flags: update.flags ?? [] },
    };
  }
}

describe('apply-consent-changes handler', () => {
  it('a withdrawal withdraws the open offers and records when offers ended', async () => {
    await withEnv(LOUD, async () => {
      const { consents, offers, handler } = consentHandler();
      offers.add(openOffer('o_1'));
      offers.add(openOffer('o_2'));
      const { result } = await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-1', body: JSON.stringify(consentChange()) }), lambdaContext()),
      );
      expect(result).toEqual({ batchItemFailures: [] });
      expect([...offers.offers.values()].map((o) => o.status)).toEqual(['withdrawn', 'withdrawn']);
      expect((await consents.load('c-secret-7')).lastWithdrawnAt).toEqual({
        'transaction-offers': NOW.toISOString(),
      });
    });
  });

  it('refuses a change dated beyond the skew of its receive time: fails, names `at`, writes nothing', async () => {
    await withEnv(LOUD, async () => {
      const { consents, offers, handler } = consentHandler();
      offers.add(openOffer('o_1'));
      const at = new Date(SENT.getTime() + 301_000).toISOString();
      const { result, output } = await captureOutput(() =>
        handler(
          sqsEvent(
            {
              messageId: 'm-future',
              body: JSON.stringify(consentChange({ status: 'granted', at: '2099-01-01T00:00:00Z' })),
            },
            { messageId: 'm-just-beyond', body: JSON.stringify(consentChange({ status: 'granted', at })) },
            {
              messageId: 'm-within',
              body: JSON.stringify(
                consentChange({ status: 'granted', at: new Date(SENT.getTime() + 299_000).toISOString() }),
              ),
            },
          ),
          lambdaContext(),
        ),
      );
      expect(result).toEqual({
        batchItemFailures: [{ itemIdentifier: 'm-future' }, { itemIdentifier: 'm-just-beyond' }],
      });
      const rejected = output
        .split('\n')
        .filter((line) => line.includes('Rejected an invalid message'))
        .map((line) => JSON.parse(line) as { problems: Array<{ field: string; expected: string }> });
      expect(rejected).toHaveLength(2);
      for (const line of rejected) {
        expect(line.problems).toEqual([
          { field: 'at', expected: 'expected an instant no later than 300 s after the time it was received' },
        ]);
      }
      // Only the change within the skew was stored (one history entry), the future ones left nothing.
      expect(consents.history.size).toBe(1);
      expect(output).not.toContain('c-secret-7');
    });
  });

  it('never logs the name of an unknown key (it may be an e-mail address), only the count and parent path', async () => {
    await withEnv(LOUD, async () => {
      const { consents, handler } = consentHandler();
      const body = JSON.stringify({ ...consentChange(), [EMAIL_KEY]: true, 'other@example.org': 1 });
      const { result, output } = await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-unknown', body }), lambdaContext()),
      );
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-unknown' }] });
      expect(output).not.toContain(EMAIL_KEY);
      expect(output).not.toContain('example');
      expect(output).not.toContain('c-secret-7');
      const line = output.split('\n').find((l) => l.includes('Rejected an invalid message'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({
        messageId: 'm-unknown',
        problems: [{ field: '(body)', expected: 'no fields but the documented ones (2 unknown fields)' }],
      });
      expect(consents.history.size).toBe(0);
    });
  });
});

describe('apply-customer-updates handler', () => {
  const build = () => {
    const profiles = new RecordingProfiles();
    const offers = new InMemoryOfferWithdrawer();
    const handler = createCustomerHandler({
      profiles,
      offers,
      clockGuard: { maxFutureSkewSeconds: 300 },
      now: () => NOW,
      logger: new Logger({ serviceName: 'apply-customer-updates' }),
      metrics: new Metrics({ namespace: 'test', serviceName: 'apply-customer-updates' }),
    });
    return { profiles, handler };
  };

  it('refuses an update dated beyond the skew and applies one within it', async () => {
    await withEnv(LOUD, async () => {
      const { profiles, handler } = build();
      const update = (at: string) => JSON.stringify({ customerId: 'c-secret-7', at, flags: ['deceased'] });
      const { result, output } = await captureOutput(() =>
        handler(
          sqsEvent(
            { messageId: 'm-far', body: update('2099-01-01T00:00:00Z') },
            { messageId: 'm-ok', body: update('2026-07-10T08:04:00Z') },
          ),
          lambdaContext(),
        ),
      );
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-far' }] });
      expect(profiles.applied.map((u) => u.at)).toEqual(['2026-07-10T08:04:00Z']);
      expect(output).toContain('"field":"at"');
      expect(output).not.toContain('2099');
    });
  });

  it('never logs unknown key names, also not nested ones', async () => {
    await withEnv(LOUD, async () => {
      const { profiles, handler } = build();
      const body = JSON.stringify({ customerId: 'c-secret-7', at: '2026-07-09T00:00:00Z', [EMAIL_KEY]: 'x' });
      const { result, output } = await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-1', body }, { messageId: 'm-2', body }), lambdaContext()),
      );
      expect(result.batchItemFailures).toHaveLength(2);
      expect(output).not.toContain(EMAIL_KEY);
      expect(output).toContain('1 unknown field');
      expect(profiles.applied).toHaveLength(0);
    });
  });
});

describe('receivedAtOf', () => {
  it("uses the queue's SentTimestamp, and now when it is missing, unreadable or ahead of the clock", () => {
    const now = new Date('2026-07-10T08:00:10Z');
    expect(receivedAtOf({ attributes: { SentTimestamp: '1783670400000' } as never }, now)).toEqual(SENT);
    expect(receivedAtOf({ attributes: { SentTimestamp: 'soon' } as never }, now)).toBe(now);
    expect(receivedAtOf({ attributes: { SentTimestamp: '1883670400000' } as never }, now)).toBe(now);
  });
});
