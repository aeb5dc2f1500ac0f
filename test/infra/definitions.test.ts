/**
 * The synth-time checks on infra/definitions.ts: a broken definition stops synthesis with a message that
 * names the problem (the settings' checks are in settings.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { findDefinitionProblems } from '#cdk/validate-definitions.js';
import { type AppDefinition, app, type FunctionDefinition, tableByName } from '#infra/definitions.js';

const fn = (name: string): FunctionDefinition => {
  const found = app.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

const withFunction = (changed: FunctionDefinition): AppDefinition => ({
  ...app,
  functions: app.functions.map((f) => (f.name === changed.name ? changed : f)),
});

describe('definition checks', () => {
  it('finds nothing wrong with the project definitions', () => {
    expect(findDefinitionProblems(app)).toEqual([]);
  });

  it('rejects a table or queue variable other than the one handlers derive from its name', () => {
    const [first, ...rest] = app.tables;
    if (!first) throw new Error('no tables');
    expect(
      findDefinitionProblems({ ...app, tables: [{ ...first, envVar: 'CUSTOMER_TABLE' }, ...rest] }),
    ).toEqual([
      `table "${first.name}": envVar "CUSTOMER_TABLE" must be "${first.envVar}" (what handlers read)`,
    ]);
    const [queue, ...queues] = app.queues;
    if (!queue) throw new Error('no queues');
    expect(
      findDefinitionProblems({ ...app, queues: [{ ...queue, envVar: 'PAYMENTS_URL' }, ...queues] }),
    ).toEqual([
      `queue "${queue.name}": envVar "PAYMENTS_URL" must be "${queue.envVar}" (what handlers read)`,
    ]);
  });

  it('rejects a consumed queue without an event source, and an event source without consume access', () => {
    const evaluate = fn('evaluate-payments');
    expect(findDefinitionProblems(withFunction({ ...evaluate, events: [] }))).toEqual([
      `function "evaluate-payments" declares queues["payment-events"]: 'consume' but has no SQS event source for it`,
    ]);
    expect(findDefinitionProblems(withFunction({ ...evaluate, queues: {} }))).toEqual([
      `function "evaluate-payments" has an SQS event source on "payment-events" but does not declare queues["payment-events"]: 'consume'`,
    ]);
  });

  it('rejects unknown tables and queues, and stream sources on tables without a stream', () => {
    const problems = findDefinitionProblems(
      withFunction({
        ...fn('health'),
        tables: { nope: { operations: ['GetItem'] } },
        queues: { missing: 'send' },
        events: [
          {
            kind: 'dynamodb-stream',
            table: 'contact-policy',
            batchSize: 10,
            maxBatchingWindowSeconds: 0,
            retryAttempts: 1,
            reportBatchItemFailures: true,
          },
        ],
      }),
    );
    expect(problems).toContain('function "health" uses table "nope", which is not defined');
    expect(problems).toContain('function "health" uses queue "missing", which is not defined');
    expect(problems).toContain(
      'function "health" has a stream event source on table "contact-policy", which has no stream',
    );
  });

  it('rejects a visibility timeout shorter than the consumer timeout', () => {
    const evaluate = fn('evaluate-payments');
    const problems = findDefinitionProblems(withFunction({ ...evaluate, timeoutSeconds: 900 }));
    expect(problems).toEqual([
      expect.stringMatching(/visibilityTimeoutSeconds \(180\) is shorter than the timeout/),
    ]);
  });

  it('rejects duplicate routes, reserved environment keys and a DLQ that expires before its queue', () => {
    const health = fn('health');
    const def: AppDefinition = {
      ...app,
      queues: app.queues.map((q) => ({ ...q, deadLetter: { ...q.deadLetter, retentionDays: 1 } })),
      functions: [
        ...app.functions.map((f) =>
          f.name === 'health' ? { ...health, environment: { POWERTOOLS_SERVICE_NAME: 'x' } } : f,
        ),
        { ...health, name: 'health-copy' },
      ],
    };
    const problems = findDefinitionProblems(def);
    expect(problems).toContain('HTTP route "GET /health" is claimed by "health" and "health-copy"');
    expect(problems).toContain(
      'function "health": environment.POWERTOOLS_SERVICE_NAME is reserved (set by the stack or by Lambda)',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^queue "payment-events": deadLetter.retentionDays \(1\)/),
      ]),
    );
  });

  describe('append-only tables and exact operations', () => {
    const withTable = (name: string, table: string, access: FunctionDefinition['tables'][string]) => {
      const f = fn(name);
      return findDefinitionProblems(withFunction({ ...f, tables: { ...f.tables, [table]: access } }));
    };

    it('refuses BatchWriteItem on any append-only table, to every function, the erasure included', () => {
      for (const table of ['audit', 'consent-history', 'audit-access-log', 'erasure-log'])
        for (const name of ['evaluate-payments', 'privacy-erasure'])
          expect(
            withTable(name, table, { operations: ['PutItem', 'BatchWriteItem'] }),
            `${name} ${table}`,
          ).toEqual([
            `function "${name}" on table "${table}": BatchWriteItem is not allowed on an append-only table ` +
              '(IAM cannot tell its puts from its deletes: write with conditional PutItem)',
          ]);
    });

    it('refuses UpdateItem and DeleteItem on the audit and consent history to all but the erasure function', () => {
      expect(
        withTable('apply-consent-changes', 'consent-history', { operations: ['PutItem', 'DeleteItem'] }),
      ).toEqual([
        'function "apply-consent-changes" on table "consent-history": DeleteItem is not allowed on an append-only ' +
          'table (only the erasure function may change or delete its records)',
      ]);
      expect(withTable('evaluate-payments', 'audit', { operations: ['UpdateItem'] })).toHaveLength(1);
      expect(withTable('privacy-erasure', 'audit', { operations: ['UpdateItem', 'DeleteItem'] })).toEqual([]);
    });

    it('refuses any change of the access log and the erasure log, even to the erasure function', () => {
      for (const table of ['audit-access-log', 'erasure-log'])
        expect(withTable('privacy-erasure', table, { operations: ['PutItem', 'UpdateItem'] })).toEqual([
          `function "privacy-erasure" on table "${table}": UpdateItem is not allowed on an append-only table ` +
            '(nobody may change or delete its records)',
        ]);
    });

    it('refuses a second erasure function, empty access, repeated operations and unknown indexes', () => {
      const queries = fn('privacy-queries');
      expect(findDefinitionProblems(withFunction({ ...queries, erasesCustomers: true }))).toContain(
        'only one function may erase customers (the exception of the append-only rule); found privacy-queries, privacy-erasure',
      );
      expect(withTable('banner-offers', 'offers', { operations: [] })).toEqual([
        'function "banner-offers" on table "offers": expected at least one operation or index (or leave the table out)',
      ]);
      expect(withTable('banner-offers', 'offers', { operations: ['Query', 'Query'] })).toEqual([
        'function "banner-offers" on table "offers": operation "Query" is listed twice',
      ]);
      expect(
        withTable('banner-offers', 'audit-access-log', { operations: [], indexes: ['byActor', 'nope'] }),
      ).toEqual([
        'function "banner-offers" on table "audit-access-log": index "nope" does not exist; expected one of byActor, byCustomer',
      ]);
    });
  });
});

describe('the live catalog (issue 12)', () => {
  const readers = ['evaluate-payments', 'banner-offer-events', 'privacy-queries'];

  it('the functions that decide or answer with the catalog read its versions index and refresh every 60 s by default', () => {
    for (const name of readers) {
      const def = app.functions.find((f) => f.name === name);
      expect(def?.tables.catalog, name).toEqual({ operations: ['Query'], indexes: ['versions'] });
      expect(def?.settings, name).toContain('CATALOG_REFRESH_SECONDS');
      expect(def?.environment.CATALOG_REFRESH_SECONDS, name).toBe('60');
    }
  });

  it('no function reads a catalog folder any more, and no other pipeline function reads the catalog', () => {
    for (const def of app.functions) {
      expect(Object.keys(def.environment), def.name).not.toContain('CATALOG_DIR');
      // The catalog API (the governance routes) writes the catalog: it is not a reader of the live snapshot.
      if (!readers.includes(def.name) && def.name !== 'catalog-api') {
        expect(def.tables.catalog, def.name).toBeUndefined();
      }
    }
  });
});

describe('the archive (issue 15)', () => {
  const archived = ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'];

  it('streams the new image of every archived table to archive-records, and only to it', () => {
    const archiver = app.functions.find((f) => f.name === 'archive-records');
    expect(archiver?.archive).toBe('write');
    expect(archiver?.events).toEqual(
      archived.map((table) => ({
        kind: 'dynamodb-stream',
        table,
        batchSize: 1000,
        maxBatchingWindowSeconds: 5,
        retryAttempts: 10,
        reportBatchItemFailures: true,
      })),
    );
    for (const table of archived) expect(tableByName(app, table).stream, table).toBe('NEW_IMAGE');
    const readers = app.functions.filter((f) =>
      f.events.some((e) => e.kind === 'dynamodb-stream' && archived.includes(e.table)),
    );
    expect(readers.map((f) => f.name)).toEqual(['archive-records']);
  });

  it('keeps the customer keys without TTL, found by ref, created and read by the archiver only', () => {
    const keys = tableByName(app, 'customer-keys');
    expect(keys).toMatchObject({
      partitionKey: { name: 'customerId', type: 'S' },
      holdsCustomerData: true,
      globalIndexes: [
        { indexName: 'byRef', partitionKey: { name: 'customerRef', type: 'S' }, projection: 'KEYS_ONLY' },
      ],
    });
    expect(keys.ttlAttribute).toBeUndefined();
    expect(keys.sortKey).toBeUndefined();
    const archiver = app.functions.find((f) => f.name === 'archive-records');
    expect(archiver?.tables).toEqual({ 'customer-keys': { operations: ['BatchGetItem', 'PutItem'] } });
    expect(archiver?.settings).toEqual(['ARCHIVE_BUCKET', 'ARCHIVE_DIR']);
  });

  it('gives the archived tables distinct key schemas (the archiver tells its sources by their keys)', () => {
    const schemas = archived.map((table) => {
      const def = tableByName(app, table);
      return [def.partitionKey.name, def.sortKey?.name ?? ''].join('|');
    });
    expect(new Set(schemas).size).toBe(archived.length);
  });
});
