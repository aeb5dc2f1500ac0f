import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '#shared/concurrency.js';

describe('mapLimit (the one concurrency limiter)', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (delays, limit) => {
          let inFlight = 0;
          let most = 0;
          const results = await mapLimit(delays, limit, async (delay, index) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, delay));
            inFlight--;
            return `${index}:${delay}`;
          });
          expect(results).toEqual(delays.map((delay, index) => `${index}:${delay}`));
          expect(most).toBeLessThanOrEqual(limit);
          if (delays.length > 0) expect(most).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects with the first failure', async () => {
    const failure = new Error('no');
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw failure;
        return n;
      }),
    ).rejects.toBe(failure);
  });
});
