import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ParseError } from '@aws-lambda-powertools/parser/errors';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createHandler } from '#functions/evaluate-payments/create-handler.js';
import { EMITTED_METRICS } from '#functions/handler-kit/metric-names.js';
import {
  atmAbroad,
  catalogSource,
  largePurchase,
  NOW,
  pharmacyPayment,
  traveller,
} from '#test/support/builders.js';
import { inMemoryPorts, type ReaderOptions } from '#test/support/in-memory-ports.js';
import { captureOutput, lambdaContext, sqsEvent, sqsRecord, withEnv } from '#test/support/lambda.js';
import { PHARMACY } from '#test/support/payments.js';

/** Quiet, but otherwise default, Powertools configuration for the tests that do not look at the output. */
const QUIET = {
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

function build(options: ReaderOptions = {}) {
  const ports = inMemoryPorts(options);
  const handler = createHandler({
    reader: ports.reader,
    writer: ports.writer,
    catalog: catalogSource(),
    policy: DEFAULT_POLICY,
    now: () => NOW,
    logger: new Logger({ serviceName: 'test' }),
    metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
  });
  return { ...ports, handler };
}

const json = (value: unknown) => JSON.stringify(value);

describe('evaluate-payments handler', () => {
  it('reports exactly the undecided messages as batch item failures', async () => {
    await withEnv(QUIET, async () => {
      const { handler, store, writer } = build();
      store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2'));
      writer.failCommitForEvent('evt-2');
      const event = sqsEvent(
        { messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', body: json(atmAbroad('evt-1', 'c-1')) },
        { messageId: '2e1424d4-f796-459a-8184-9c92662be6da', body: json(atmAbroad('evt-2', 'c-2')) },
        { messageId: '4f8c1d5e-3b7a-4c0e-9f2d-1a6b5c8e7d90', body: 'this is not json' },
      );
      const { result } = await captureOutput(() => handler(event, lambdaContext()));

      expect(result).toEqual({
        batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }],
      });
      expect(store.decisionsFor('evt-1').map((d) => d.outcome)).toEqual(['emitted']);
      expect(store.decisionsFor('evt-2')).toEqual([]);
      expect([...store.audit.values()].filter((d) => d.outcome === 'rejected')).toHaveLength(1);
    });
  });

  it('answers an empty failure list when everything was decided', async () => {
    await withEnv(QUIET, async () => {
      const { handler, store } = build();
      store.addCustomer(traveller('c-1'));
      const event = sqsEvent(
        { messageId: 'm-1', body: json(atmAbroad('evt-1', 'c-1')) },
        { messageId: 'm-2', body: json(pharmacyPayment('evt-2', 'c-1')) },
      );
      const { result } = await captureOutput(() => handler(event, lambdaContext()));
      expect(result).toEqual({ batchItemFailures: [] });
      expect(store.audit.size).toBe(2);
    });
  });

  it('reports every message, without throwing, when none could be decided', async () => {
    await withEnv(QUIET, async () => {
      const { handler, store } = build({ failNextLoads: 1 });
      store.addCustomer(traveller('c-1'));
      const event = sqsEvent(
        { messageId: 'm-1', body: json(atmAbroad('evt-1', 'c-1')) },
        { messageId: 'm-2', body: json(largePurchase('evt-2', 'c-1')) },
      );
      const { result } = await captureOutput(() => handler(event, lambdaContext()));
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] });
      expect(store.audit.size).toBe(0);
    });
  });

  it.each([
    [
      'a record from another event source',
      { Records: [{ ...sqsRecord('m-1', '{}'), eventSource: 'aws:kinesis' }] },
    ],
    ['a record without a body', { Records: [{ ...sqsRecord('m-1', '{}'), body: undefined }] }],
    ['a record with an empty messageId', { Records: [sqsRecord('', json(atmAbroad('evt-1', 'c-1')))] }],
    ['no Records at all', { records: [] }],
  ])('throws on an SQS event that fails the envelope schema (%s), deciding nothing', async (_, event) => {
    await withEnv(QUIET, async () => {
      const { handler, reader, writer, store } = build();
      const { error } = await captureOutput(
        () => handler(event as unknown as Parameters<typeof handler>[0], lambdaContext()),
        {
          rethrow: false,
        },
      );
      expect(error).toBeInstanceOf(ParseError);
      expect(reader.calls).toBe(0);
      expect(writer.bulks).toHaveLength(0);
      expect(writer.commits).toHaveLength(0);
      expect(store.audit.size).toBe(0);
    });
  });
});

describe('evaluate-payments handler: privacy of logs and metrics', () => {
  it('writes nothing about a sensitive payment, nor any customer id, with DEBUG logs and metrics on', async () => {
    await withEnv(
      { POWERTOOLS_DEV: undefined, POWERTOOLS_METRICS_DISABLED: undefined, POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      async () => {
        const { handler, store, writer } = build();
        const customers = ['c-priv-sensitive', 'c-priv-traveller', 'c-priv-failing'];
        store.addCustomer(traveller('c-priv-traveller')).addCustomer(traveller('c-priv-failing'));
        // One message fails too, so that the failure log is written as well.
        writer.failCommitForEvent('evt-failing');
        const event = sqsEvent(
          { messageId: 'm-sensitive', body: json(pharmacyPayment('evt-sensitive', 'c-priv-sensitive')) },
          { messageId: 'm-normal', body: json(atmAbroad('evt-normal', 'c-priv-traveller')) },
          { messageId: 'm-failing', body: json(largePurchase('evt-failing', 'c-priv-failing')) },
        );

        const { result, output } = await captureOutput(() => handler(event, lambdaContext()));

        expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-failing' }] });
        expect(store.decisionsFor('evt-sensitive').map((d) => d.reasons)).toEqual([['sensitive_category']]);

        // The capture works: the handler's logs and the metrics are in it.
        expect(output).toContain('Batch decided');
        expect(output).toContain('Messages left undecided');
        const emf = output
          .split('\n')
          .filter((line) => line.includes('"_aws"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(emf).toHaveLength(1);
        expect(emf[0]?.reason_sensitive_category).toBe(1);
        expect(emf[0]?.decisions_emitted).toBe(1);
        // Every metric it emits is one of its listed names (the dashboard reads the same list).
        const aws = emf[0]?._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } | undefined;
        const emitted = (aws?.CloudWatchMetrics ?? []).flatMap((set) => set.Metrics.map((m) => m.Name));
        expect(emitted.length).toBeGreaterThan(2);
        for (const name of emitted) expect(EMITTED_METRICS['evaluate-payments'], name).toContain(name);

        const lower = output.toLowerCase();
        for (const detail of [
          PHARMACY.merchantName,
          'walgreens',
          'pharmac',
          PHARMACY.city,
          'Chase ATM',
          'Coolblue',
        ]) {
          expect(lower).not.toContain(detail.toLowerCase());
        }
        expect(output).not.toMatch(new RegExp(`(?<![0-9])${PHARMACY.mcc}(?![0-9])`));
        expect(output).not.toMatch(new RegExp(`(?<![0-9])${PHARMACY.amountMinor}(?![0-9])`));
        // As a decimal amount too (the lookbehind keeps a log timestamp's seconds, ':43.215Z', out of it).
        expect(output).not.toMatch(/(?<![0-9:])43[.,]21(?![0-9])/);
        expect(output).not.toContain('c-priv');
        for (const customerId of customers) expect(output).not.toContain(customerId);
      },
    );
  });
});

describe('evaluate-payments handler: the event clock of replays', () => {
  const replayed = (messageId: string) => {
    const record = sqsRecord(messageId, json(atmAbroad(`evt-${messageId}`, 'c-1', '2026-01-03T10:00:00Z')));
    return {
      ...record,
      messageAttributes: {
        'decision-clock': {
          stringValue: 'event-time',
          dataType: 'String',
          stringListValues: [],
          binaryListValues: [],
        },
      },
    };
  };

  it('decides on the receive time unless the deployment allows the event clock (never deployed)', async () => {
    await withEnv(QUIET, async () => {
      const { handler, store } = build();
      store.addCustomer(traveller('c-1'));
      await captureOutput(() => handler({ Records: [replayed('m-1')] }, lambdaContext()));
      expect(store.decisionsFor('evt-m-1').map((d) => d.reasons)).toEqual([['stale_event']]);
    });
  });

  it('decides a replayed past event on its own clock where allowed', async () => {
    await withEnv(QUIET, async () => {
      const ports = inMemoryPorts();
      ports.store.addCustomer(traveller('c-1'));
      const handler = createHandler({
        reader: ports.reader,
        writer: ports.writer,
        catalog: catalogSource(),
        policy: DEFAULT_POLICY,
        now: () => NOW,
        allowEventClock: true,
        logger: new Logger({ serviceName: 'test' }),
        metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
      });
      await captureOutput(() => handler({ Records: [replayed('m-2')] }, lambdaContext()));
      expect(ports.store.decisionsFor('evt-m-2').map((d) => d.outcome)).toEqual(['emitted']);
    });
  });
});
