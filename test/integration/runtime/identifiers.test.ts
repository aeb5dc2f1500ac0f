import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyCustomerId, encodeSegment } from '#bench/fuzz-inputs.js';
import { parsePaymentEvent } from '#core/payment-event.js';
import { app } from '#infra/definitions.js';
import { type LambdaHandler, lambdaContext, loadHandler } from '#local/invoke.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';

/**
 * Any customer id the pipeline accepts round-trips through every route: its payment yields an offer that
 * the banner route serves, a banner event on it is recorded, the privacy history finds it and the erasure
 * erases it — with the id percent-encoded by the client (a `/` as %2F, a `.` as %2E) and matched on the raw
 * path, as API Gateway HTTP APIs do. Consent and CRM messages with the id are applied, not refused.
 */

interface Answer {
  status: number;
  body: unknown;
}

/** A request with the path exactly as given (fetch would normalise %2E%2E away). */
function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(base);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: text === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let data = '';
        res.on('data', (chunk: Buffer) => {
          data += chunk.toString('utf8');
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: data === '' ? undefined : JSON.parse(data) }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

function sqsEvent(bodies: unknown[], arn: string): SQSEvent {
  const now = String(Date.now());
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: now,
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: now,
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: 'eu-west-1',
    })),
  };
}

const PROBES = ['a b', 'x@y.nl', 'klänt', 'a/b', 'a+b', '100%', '..', '.', '😀', 'tab\there', '%2F', 'a?b#c'];

describe('one identifier rule, through every route', () => {
  let pipeline: PipelineHarness;
  const handlers = new Map<string, LambdaHandler>();

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    for (const name of ['evaluate-payments', 'apply-consent-changes', 'apply-customer-updates']) {
      const fn = app.functions.find((f) => f.name === name);
      if (fn) handlers.set(name, await loadHandler(fn));
    }
  });
  afterAll(async () => pipeline?.stop());

  const invoke = async (name: string, queue: string, bodies: unknown[]) => {
    const fn = app.functions.find((f) => f.name === name);
    const handler = handlers.get(name);
    if (!fn || !handler) throw new Error(`no ${name}`);
    return (await handler(sqsEvent(bodies, pipeline.queue(queue).arn), lambdaContext(fn))) as {
      batchItemFailures: unknown[];
    };
  };

  const generated = fc.sample(anyCustomerId, { seed: 66, numRuns: 12 });
  const ids = [...PROBES, ...generated];

  it.each(ids.map((id) => [JSON.stringify(id), id]))('%s', async (_, id) => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const payment = {
      eventId: `id-${randomUUID()}`,
      occurredAt: at,
      customerId: id,
      type: 'atm_withdrawal',
      amount: { minor: 20000, currency: 'USD' },
      merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
    };
    expect(parsePaymentEvent(JSON.stringify(payment)).ok).toBe(true);
    await pipeline.loadCustomers([
      customer(id, { holdings: ['current-account', 'travel-insurance-europe'] }),
    ]);
    expect((await invoke('evaluate-payments', 'payment-events', [payment])).batchItemFailures).toEqual([]);

    const base = pipeline.runtime.endpoints.http;
    const c = encodeSegment(id);
    const offers = await call(base, 'GET', `/customers/${c}/offers`);
    expect(offers.status).toBe(200);
    const served = (offers.body as { offers: Array<{ offerInstanceId: string }> }).offers;
    expect(served).toHaveLength(1);
    const offerInstanceId = served[0]?.offerInstanceId ?? '';

    const shown = await call(base, 'POST', `/customers/${c}/offers/${offerInstanceId}/events`, {
      eventId: 'e-1',
      type: 'shown',
    });
    expect(shown.status).toBe(200);

    const history = await call(base, 'GET', `/privacy/customers/${c}/history`);
    expect(history.status).toBe(200);
    expect((history.body as { entries: unknown[] }).entries.length).toBeGreaterThan(0);

    const consent = {
      customerId: id,
      purpose: 'direct-marketing',
      status: 'granted',
      at,
      source: 'app',
      noticeVersion: '2026-01',
    };
    expect((await invoke('apply-consent-changes', 'consent-changes', [consent])).batchItemFailures).toEqual(
      [],
    );
    const update = { customerId: id, at: new Date().toISOString(), flags: [] };
    expect((await invoke('apply-customer-updates', 'customer-updates', [update])).batchItemFailures).toEqual(
      [],
    );

    const erased = await call(base, 'POST', `/privacy/customers/${c}/erasure`);
    expect(erased.status).toBe(200);
    const after = await call(base, 'GET', `/customers/${c}/offers`);
    expect(after).toEqual({ status: 200, body: { offers: [] } });
  });
});
