import type { PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { rejectedDecision } from '#core/decision.js';
import { DEFAULT_POLICY, policyVersion } from '#core/policy.js';
import { NOW } from '#test/support/builders.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { TABLES } from '#test/support/fake-dynamo-tables.js';

/**
 * Regression (fixed; shared/adapters/dynamodb/decision-writer.ts, writeBulk, and batch-write.ts, batchPutAll): two decisions
 * with the same decisionId (the same event delivered twice in one batch) are sent as two PutRequests in one
 * BatchWriteItem call. DynamoDB rejects such a call as a whole with a ValidationException ("Provided list of
 * item keys contains duplicates"; checked against DynamoDB Local), so writeBulk throws and every decision of
 * the chunk stays unstored — up to 24 unrelated ones. Since the records are identical, writing one of them is
 * the correct result. (The application-level consequence is in test/unit/app/evaluate-batch.regression.test.ts.)
 */
describe('DynamoDecisionWriter.writeBulk: the same decision twice', () => {
  it('puts it once instead of failing the whole call (one conditional PutItem per id)', async () => {
    const fake = fakeDocumentClient(() => ({}));
    const writer = new DynamoDecisionWriter(fake.client, TABLES, { attempts: 3, baseDelayMs: 0 });
    const decision = rejectedDecision({
      eventId: 'evt-1',
      messageId: 'm-1',
      problems: [{ field: 'occurredAt', expected: 'an ISO 8601 timestamp' }],
      policyVersion: policyVersion(DEFAULT_POLICY, seedCatalog()),
      now: NOW,
    });
    const other = { ...decision, decisionId: 'd_00000000000000000000000000000001', eventId: 'evt-2' };
    const hash = 'b'.repeat(64);
    const records = [decision, other, decision].map((d) => ({ decision: d, contentHash: hash }));

    const outcomes = await writer.writeBulk(records);
    expect(outcomes.get(decision.decisionId)).toBe('stored');
    expect(outcomes.get(other.decisionId)).toBe('stored');
    const ids = fake.inputsOf<PutCommandInput>('PutCommand').map((put) => put.Item?.decisionId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
