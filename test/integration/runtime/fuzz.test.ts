import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, runFuzz } from '#bench/fuzz.js';
import type { FuzzStats } from '#bench/fuzz-report.js';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.js';

/**
 * A seeded sample of the fuzz suite (`npm run bench -- --only fuzz` runs 10,000 cases per target): payment
 * events, consent and CRM messages, and every HTTP route through the local gateway, against DynamoDB Local.
 */

const CASES = 30;

describe('fuzz sample (fast-check, fixed seed)', () => {
  let runtime: LocalRuntime;
  const errors: unknown[] = [];
  let results: FuzzStats[] = [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({ onError: (e) => errors.push(e), log: () => {} });
    results = await runFuzz({ casesPerTarget: CASES, seed: FUZZ_SEED, runtime });
  }, 120_000);
  afterAll(async () => runtime?.stop());

  it('covers the three message targets and every HTTP route of the definitions', () => {
    expect(results.map((r) => r.target)).toEqual(
      expect.arrayContaining([
        'payment-events',
        'consent-changes',
        'customer-updates',
        'GET /customers/{customerId}/offers',
        'POST /customers/{customerId}/offers/{offerInstanceId}/events',
        'GET /privacy/suppressed',
        'GET /privacy/customers/{customerId}/history',
        'GET /privacy/decisions/{decisionId}',
        'POST /privacy/customers/{customerId}/erasure',
        'GET /openapi.json',
        'GET /health',
        'GET /catalog/items',
        'POST /catalog/items/{kind}/{id}/versions',
        'POST /catalog/items/{kind}/{id}/versions/{version}/approve',
        'POST /catalog/lint',
      ]),
    );
    for (const r of results) expect(r.cases).toBe(CASES);
  });

  it('0 crashes, 0 5xx on bad input, every error problem+json, and the runtime still serves', async () => {
    const faults = results.filter((r) => r.crashes + r.serverErrors + r.nonProblem > 0);
    expect(faults).toEqual([]);
    expect((await fetch(`${runtime.endpoints.http}/health`)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('no unknown key is echoed in an answer or logged, by any target', () => {
    expect(results.filter((r) => r.leaks > 0)).toEqual([]);
  });
});
