import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsentChangeSchema } from '#core/consent-change.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';
import { InvalidMessageError, parseMessage } from '#functions/handler-kit/sqs-record-handler.js';

/**
 * Whatever unknown keys a consent or CRM message carries (they may be e-mail addresses), the problems the
 * handler logs never contain them: only the count and the parent's field path. Keys are generated with a
 * marker and characters no schema field name or expectation contains, so a hit can only be a real leak.
 */

const unknownKey = fc
  .string({ unit: fc.constantFrom(...'QXZ0123456789@.+_'), minLength: 1, maxLength: 30 })
  .map((s) => `Qk${s}@mail.example`);
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer()));

const consent = {
  customerId: 'c-1',
  purpose: 'transaction-offers',
  status: 'granted',
  at: '2026-07-01T00:00:00Z',
  source: 'app',
  noticeVersion: '2026-01',
};
const update = { customerId: 'c-1', at: '2026-07-01T00:00:00Z', flags: ['deceased'] };

function problemsOf(schema: typeof ConsentChangeSchema | typeof CustomerUpdateSchema, body: string) {
  try {
    parseMessage(schema, body);
  } catch (error) {
    if (error instanceof InvalidMessageError) return { problems: error.problems, message: error.message };
    throw error;
  }
  return undefined;
}

describe('unknown keys are never reported by name', () => {
  it.each([
    ['consent change', ConsentChangeSchema, consent],
    ['CRM update', CustomerUpdateSchema, update],
  ] as const)('%s: only the count and the parent path', (_, schema, base) => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(unknownKey, value), { minLength: 1, maxLength: 5, selector: ([k]) => k }),
        fc.subarray(Object.keys(base)),
        (extras, dropped) => {
          const message: Record<string, unknown> = { ...base };
          for (const key of dropped) delete message[key];
          for (const [key, v] of extras) message[key] = v;
          const result = problemsOf(schema, JSON.stringify(message));
          expect(result).toBeDefined();
          const text = `${JSON.stringify(result?.problems)} ${result?.message}`;
          for (const [key] of extras) expect(text).not.toContain(key);
          expect(text).not.toContain('Qk');
          expect(result?.problems).toContainEqual({
            field: '(body)',
            expected: `no fields but the documented ones (${extras.length} unknown field${extras.length === 1 ? '' : 's'})`,
          });
        },
      ),
      { numRuns: 500, seed: 9_0009 },
    );
  });
});
