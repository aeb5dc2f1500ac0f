import { describe, expect, it } from 'vitest';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { fakeDocumentClient } from '#test/support/fake-aws.js';
import { FakeDynamoTables, TABLE_KEYS, TABLES } from '#test/support/fake-dynamo-tables.js';

/**
 * Regression (fixed; the reader now parses with shared/adapters/dynamodb/contact-policy-store.ts, the one schema): stored
 * contact-policy state is validated with `at: z.string()` and `cooldownUntil: z.record(z.string(), z.string())`
 * (and `offerId: z.string()`, empty allowed), much weaker than the domain's ContactStateSchema
 * (shared/core/contact-policy.ts: ISO 8601 timestamps with offset). A corrupt timestamp passes the reader, and the
 * contact gate (shared/core/contact-policy.ts, contactGate) then computes NaN for it: the emission no longer counts
 * towards the frequency cap or the cooldown, and a corrupt cooldownUntil never blocks. That is failing OPEN,
 * where the reader's contract is to throw CustomerStateUnavailableError for a stored item that does not
 * validate (fail closed, issue 3 point 7).
 */
function readerWithContact(item: Record<string, unknown>) {
  const tables = new FakeDynamoTables({ keys: TABLE_KEYS });
  tables.put(TABLES.contactPolicy, { customerId: 'c-1', ...item });
  const fake = fakeDocumentClient(tables.respond);
  return new DynamoCustomerStateReader(fake.client, TABLES, { attempts: 1, baseDelayMs: 0 });
}

describe('DynamoCustomerStateReader: stored contact state with malformed timestamps', () => {
  it('fails closed on an emission whose `at` is not an ISO timestamp', async () => {
    const reader = readerWithContact({
      version: 3,
      emissions: [{ offerId: 'credit-card', at: 'yesterday' }],
      cooldownUntil: {},
    });
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });

  it('fails closed on a cooldownUntil that is not an ISO timestamp', async () => {
    const reader = readerWithContact({
      version: 3,
      emissions: [],
      cooldownUntil: { 'credit-card': 'until further notice' },
    });
    await expect(reader.loadMany(['c-1'])).rejects.toBeInstanceOf(CustomerStateUnavailableError);
  });
});
