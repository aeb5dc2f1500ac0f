import { describe, expect, it } from 'vitest';
import { type EvaluateDeps, evaluateBatch } from '#app/evaluate-batch.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import {
  catalogSource,
  groceries,
  message,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';
import { inMemoryPorts } from '#test/support/in-memory-ports.js';

/**
 * Regression (fixed; shared/app/evaluate-batch.ts, where copies in one batch become one delivery): decisions that go out in
 * bulk (sensitive, no_trigger, rejected) are handed to writer.writeBulk without removing duplicates. When
 * the same event is delivered twice in one batch (SQS is at-least-once; a producer retry does the same),
 * both copies carry the same decisionId, and BatchWriteItem rejects a request holding two items with the
 * same key as a whole (ValidationException "Provided list of item keys contains duplicates" — checked
 * against DynamoDB Local). Every bulk message of the batch then fails, not just the copy, and they fail
 * again whenever the copies are redelivered together. The trigger path handles the same situation
 * correctly (one stored decision, `duplicates` counted), see evaluate-batch.test.ts.
 *
 * The in-memory writer rejects duplicate ids in one writeBulk call exactly as BatchWriteItem does.
 */
function setup() {
  const ports = inMemoryPorts();
  const deps: EvaluateDeps = {
    reader: ports.reader,
    writer: ports.writer,
    catalog: catalogSource(),
    policy: DEFAULT_POLICY,
    now: () => NOW,
  };
  return { ...ports, deps };
}

describe('evaluateBatch: the same bulk-decided event twice in one batch', () => {
  it('a sensitive payment delivered twice is stored once, counted as a duplicate, and fails nothing', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-2'));
    const pharmacy = pharmacyPayment('evt-pharmacy', 'c-1');
    const outcome = await evaluateBatch(
      [
        message('m-1', pharmacy),
        message('m-1-again', pharmacy),
        message('m-other', groceries('evt-groceries', 'c-2')),
      ],
      deps,
    );

    expect(Object.fromEntries(outcome.failures)).toEqual({});
    expect(store.decisionsFor('evt-pharmacy')).toHaveLength(1);
    expect(store.decisionsFor('evt-groceries')).toHaveLength(1);
    expect(outcome.stored.filter((d) => d.eventId === 'evt-pharmacy')).toHaveLength(1);
    expect(outcome.duplicates).toBe(1);
  });

  it('a trigger-less payment delivered twice is stored once and fails nothing', async () => {
    const { deps, store } = setup();
    store.addCustomer(traveller('c-2'));
    const event = groceries('evt-groceries', 'c-2');
    const outcome = await evaluateBatch([message('m-1', event), message('m-1-again', event)], deps);

    expect(Object.fromEntries(outcome.failures)).toEqual({});
    expect(store.decisionsFor('evt-groceries')).toHaveLength(1);
    expect(outcome.stored).toHaveLength(1);
  });
});
