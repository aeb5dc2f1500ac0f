import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import type { Decision, Reason } from '#core/decision.js';
import { PrivacyQueries, type SuppressedQuery } from '#privacy/queries.js';
import { auditIndexAttributes, SHARED_INDEX_REASONS, SUPPRESSION_REASONS } from '#shared/audit-index.js';
import { DynamoHarness } from '#test/integration/support/dynamo-harness.js';
import { InMemoryAccessLog, suppressedDecision } from '#test/support/in-memory-privacy.js';

/**
 * The reasons of issue 13 share one index pair (shared/audit-index.ts): on DynamoDB Local, with the table
 * the definitions declare, every reason query returns exactly the decisions carrying that reason, each once,
 * across pages, on both time bases, and the counts agree; the unfiltered listing returns every decision once.
 */

const COMBOS: ReadonlyArray<readonly Reason[]> = [
  ['arbitration_lost'],
  ['active_offer_limit'],
  ['repeated_dismissals'],
  ['active_offer_limit', 'repeated_dismissals'],
  ['active_offer_limit', 'no_consent'],
  ['frequency_capped', 'repeated_dismissals'],
  ['active_offer_limit', 'customer_excluded', 'repeated_dismissals', 'unsuitable'],
  // Not a combination decide makes today: the index must hold it all the same.
  ['arbitration_lost', 'repeated_dismissals'],
  ['no_consent'],
];

const decisions: Decision[] = Array.from({ length: 45 }, (_, i) => {
  const reasons = COMBOS[i % COMBOS.length] as readonly Reason[];
  const minute = String(i % 7).padStart(2, '0');
  return suppressedDecision({
    eventId: `shared-${i}`,
    decidedAt: `2026-07-10T08:${minute}:00.000Z`,
    occurredAt: `2026-07-0${1 + (i % 5)}T10:00:00+02:00`,
    triggerId: ['ticket-travel-insurance', 'large-purchase-credit-card'][i % 2] as string,
    reasons,
  });
});

let harness: DynamoHarness;
let queries: PrivacyQueries;

beforeAll(async () => {
  harness = await DynamoHarness.start();
  for (let i = 0; i < decisions.length; i += 25) {
    await harness.documents.send(
      new TransactWriteCommand({
        TransactItems: decisions.slice(i, i + 25).map((d) => ({
          Put: { TableName: harness.tables.audit, Item: { ...d, ...auditIndexAttributes(d) } },
        })),
      }),
    );
  }
  queries = new PrivacyQueries({
    reader: new DynamoPrivacyReader(harness.documents, {
      audit: harness.tables.audit,
      consentHistory: 'consent-history',
      offers: 'offers',
      offerEvents: 'offer-events',
    }),
    accessLog: new InMemoryAccessLog(),
    triggerIds: ['ticket-travel-insurance', 'large-purchase-credit-card'],
    now: () => new Date('2026-07-11T00:00:00Z'),
  });
}, 120_000);

afterAll(async () => {
  await harness?.stop();
});

async function everyId(query: SuppressedQuery): Promise<{ ids: string[]; total: number | undefined }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let total: number | undefined;
  do {
    const page = await queries.suppressed(
      { who: 'officer', via: 'cli' },
      { ...query, limit: 4, ...(cursor === undefined ? {} : { cursor }) },
    );
    total ??= page.counts?.total;
    ids.push(...page.items.map((r) => r.decisionId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { ids, total };
}

describe('the shared reason index on DynamoDB Local', () => {
  it('finds every decision of each reason once, across pages, on both bases, with matching counts', async () => {
    for (const by of ['decided', 'payment'] as const) {
      for (const reason of SHARED_INDEX_REASONS) {
        const want = decisions.filter((d) => d.reasons.includes(reason)).map((d) => d.decisionId);
        const { ids, total } = await everyId({ reason, by });
        expect(ids.length, `${reason} by ${by}`).toBe(new Set(ids).size);
        expect(new Set(ids), `${reason} by ${by}`).toEqual(new Set(want));
        expect(total, `${reason} by ${by}`).toBe(want.length);
      }
      const all = await everyId({ by });
      expect(all.ids.length).toBe(decisions.length);
      expect(new Set(all.ids)).toEqual(new Set(decisions.map((d) => d.decisionId)));
    }
  }, 120_000);

  it('a trigger with a shared reason, and the per-reason counts of the unfiltered query', async () => {
    const trigger = 'ticket-travel-insurance';
    const want = decisions.filter(
      (d) => d.triggerId === trigger && d.reasons.includes('repeated_dismissals'),
    );
    const { ids } = await everyId({ trigger, reason: 'repeated_dismissals', by: 'decided' });
    expect(new Set(ids)).toEqual(new Set(want.map((d) => d.decisionId)));
    const page = await queries.suppressed({ who: 'officer', via: 'cli' }, { by: 'decided' });
    for (const reason of SUPPRESSION_REASONS) {
      expect(page.counts?.byReason[reason], reason).toBe(
        decisions.filter((d) => d.reasons.includes(reason)).length,
      );
    }
  }, 120_000);
});
