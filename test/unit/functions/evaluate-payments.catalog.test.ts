import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { type LiveCatalog, loadLiveCatalog } from '#app/catalog-snapshot.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createHandler } from '#functions/evaluate-payments/create-handler.js';
import { liveCatalogSource } from '#functions/handler-kit/catalog-source.js';
import { EMITTED_METRICS } from '#functions/handler-kit/metric-names.js';
import { atmAbroad, largePurchase, NOW, traveller } from '#test/support/builders.js';
import { inMemoryPorts } from '#test/support/in-memory-ports.js';
import { captureOutput, lambdaContext, sqsEvent, withEnv } from '#test/support/lambda.js';
import { seedVersions } from '#test/support/live-versions.js';

/**
 * evaluate-payments with the live catalog (issue 12), wired as the Lambda wires it (liveCatalogSource over a
 * loader standing in for the catalog table): a new live version is used within the refresh interval, a
 * refused snapshot is never used (the last good one stays, counted), and with no valid catalog at all every
 * message of the batch is retried and nothing is decided.
 */

const LOUD = {
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_DISABLED: undefined,
  POWERTOOLS_LOG_LEVEL: 'INFO',
};
const json = (value: unknown) => JSON.stringify(value);

function build(loads: Array<(now: Date) => Promise<LiveCatalog>>) {
  const ports = inMemoryPorts();
  let now = NOW;
  const logger = new Logger({ serviceName: 'evaluate-payments' });
  const metrics = new Metrics({ namespace: 'test', serviceName: 'evaluate-payments' });
  const handler = createHandler({
    reader: ports.reader,
    writer: ports.writer,
    catalog: liveCatalogSource({
      logger,
      metrics,
      refreshSeconds: 60,
      now: () => now,
      load: (at) => {
        const next = loads.shift();
        if (next === undefined) throw new Error('unexpected catalog read');
        return next(at);
      },
    }),
    policy: DEFAULT_POLICY,
    now: () => now,
    logger,
    metrics,
  });
  return {
    ...ports,
    handler,
    advance: (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

/** The metrics of the single EMF line the invocation wrote. */
function emf(output: string): Record<string, unknown> {
  const lines = output.split('\n').filter((line) => line.includes('"_aws"'));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

const versions = seedVersions();
const fromTable =
  (list = versions) =>
  (at: Date) =>
    loadLiveCatalog({ listVersions: async () => list }, at);
const withoutCardAbroad = versions.filter(
  (v) => !(v.kind === 'trigger' && v.id === 'card-abroad-worldwide-cover'),
);
const broken = versions.map((v) =>
  v.kind === 'trigger' && v.id === 'card-abroad-worldwide-cover'
    ? { ...v, version: 2, content: { ...v.content, offerId: 'no-such-offer' } }
    : v,
);
const nothingLive = async (): Promise<LiveCatalog> => ({
  ok: false,
  kind: 'none',
  problems: ['nothing live'],
});

describe('evaluate-payments with the live catalog', () => {
  it('with no valid catalog: every message is a batch item failure, nothing is decided, and it is counted', async () => {
    await withEnv(LOUD, async () => {
      const { handler, store } = build([nothingLive]);
      store.addCustomer(traveller('c-1'));
      const event = sqsEvent(
        { messageId: 'm-1', body: json(atmAbroad('evt-1', 'c-1')) },
        { messageId: 'm-2', body: 'not json at all' },
        { messageId: 'm-3', body: json(largePurchase('evt-3', 'c-1')) },
      );
      const { result, output } = await captureOutput(() => handler(event, lambdaContext()));
      expect(result).toEqual({
        batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }, { itemIdentifier: 'm-3' }],
      });
      // Not even the invalid message is decided (its rejection would cite a catalog that is not there).
      expect(store.audit.size).toBe(0);
      const metrics = emf(output);
      expect(metrics.catalog_unavailable).toBe(1);
      expect(metrics.catalog_snapshot_refused).toBe(1);
      expect(output).toContain('CatalogUnavailableError');
      expect(output).not.toContain('c-1');
    });
  });

  it('decides with the live snapshot: the decision cites its revision and the trigger version', async () => {
    await withEnv(LOUD, async () => {
      const upgraded = versions.map((v) =>
        v.kind === 'trigger' && v.id === 'card-abroad-worldwide-cover' ? { ...v, version: 7 } : v,
      );
      const { handler, store } = build([fromTable(upgraded)]);
      store.addCustomer(traveller('c-1'));
      const { output } = await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-1', body: json(atmAbroad('evt-1', 'c-1')) }), lambdaContext()),
      );
      const loaded = await fromTable(upgraded)(NOW);
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const [decision] = store.decisionsFor('evt-1');
      expect(decision?.outcome).toBe('emitted');
      expect(decision?.triggerVersion).toBe(7);
      expect(decision?.policyVersion).toContain(`;catalog=${loaded.revision};`);
      expect(emf(output).catalog_refreshed).toBe(1);
    });
  });

  it('a newly live catalog is used once the refresh interval has passed, not before', async () => {
    await withEnv(LOUD, async () => {
      const { handler, store, advance } = build([fromTable(), fromTable(withoutCardAbroad)]);
      store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2')).addCustomer(traveller('c-3'));
      const batch = (id: string, customer: string) =>
        captureOutput(() =>
          handler(sqsEvent({ messageId: `m-${id}`, body: json(atmAbroad(id, customer)) }), lambdaContext()),
        );
      await batch('evt-1', 'c-1');
      advance(59);
      await batch('evt-2', 'c-2');
      advance(1);
      await batch('evt-3', 'c-3');
      expect(['evt-1', 'evt-2', 'evt-3'].map((id) => store.decisionsFor(id)[0]?.outcome)).toEqual([
        'emitted',
        'emitted',
        'no_trigger',
      ]);
    });
  });

  it('a refused snapshot is never used: the last good catalog decides, and the refusal is counted and logged', async () => {
    await withEnv(LOUD, async () => {
      const { handler, store, advance } = build([fromTable(), fromTable(broken)]);
      store.addCustomer(traveller('c-1')).addCustomer(traveller('c-2'));
      await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-1', body: json(atmAbroad('evt-1', 'c-1')) }), lambdaContext()),
      );
      advance(60);
      const { result, output } = await captureOutput(() =>
        handler(sqsEvent({ messageId: 'm-2', body: json(atmAbroad('evt-2', 'c-2')) }), lambdaContext()),
      );
      expect(result).toEqual({ batchItemFailures: [] });
      const [first] = store.decisionsFor('evt-1');
      const [second] = store.decisionsFor('evt-2');
      expect(second?.outcome).toBe('emitted');
      expect(second?.triggerVersion).toBe(1);
      expect(second?.policyVersion).toBe(first?.policyVersion);
      const metrics = emf(output);
      expect(metrics.catalog_snapshot_refused).toBe(1);
      expect(metrics.catalog_unavailable).toBeUndefined();
      expect(output).toContain('trigger:card-abroad-worldwide-cover@2');
      // Every metric it emits is one of its listed names (the dashboard and alarms read the same list).
      const aws = metrics._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
      for (const { Name } of aws.CloudWatchMetrics.flatMap((set) => set.Metrics)) {
        expect(EMITTED_METRICS['evaluate-payments'], Name).toContain(Name);
      }
    });
  });
});
