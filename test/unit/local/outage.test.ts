import { describe, expect, it } from 'vitest';
import { Outage } from '#local/outage.js';

describe('Outage (pollers during an outage)', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000 for c-4711'), {
    code: 'ECONNREFUSED',
  });

  it('backs off exponentially up to the cap, and starts again after a recovery', () => {
    const outage = new Outage({ what: 'p', log: () => {}, baseDelayMs: 100, maxDelayMs: 5000 });
    const delays = Array.from({ length: 12 }, () => outage.failed(refused));
    // Jittered within [half, full] of 100·2^n, capped at 5000.
    delays.forEach((delay, n) => {
      const full = Math.min(5000, 100 * 2 ** n);
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    });
    expect(Math.max(...delays)).toBeLessThanOrEqual(5000);
    outage.recovered();
    expect(outage.ongoing).toBe(false);
    expect(outage.failed(refused)).toBeLessThanOrEqual(100);
  });

  it('logs the first failure, then one summary line per interval, then the recovery; never a message', () => {
    let now = 0;
    const lines: string[] = [];
    const outage = new Outage({
      what: 'payments poller',
      log: (l) => lines.push(l),
      intervalMs: 10_000,
      now: () => now,
    });
    // 23 failures a second for 35 s.
    for (let t = 0; t < 35_000; t += 43) {
      now = t;
      outage.failed(refused);
    }
    outage.recovered();
    expect(lines.length).toBe(5); // first, 3 summaries (10, 20, 30 s), recovery
    expect(lines[0]).toContain('payments poller: ECONNREFUSED');
    expect(lines[1]).toMatch(/still failing: \d+ failures in the last 10 s \(ECONNREFUSED ×\d+\)/);
    expect(lines[4]).toMatch(/recovered after \d+ failures in 35 s/);
    for (const line of lines) expect(line).not.toContain('c-4711');
  });
});
