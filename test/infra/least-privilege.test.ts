/**
 * Issue 9, minimum access per function: the DynamoDB actions every function's role holds, table by table,
 * written out by hand and compared exactly with the synthesised template. A change of infra/definitions.ts
 * that grants one more action (or one fewer) fails here until this table is changed with it, so every
 * grant is a reviewed line. What each line is for is in infra/definitions.ts next to the declaration.
 *
 * `table` lists the actions on the table ARN, `indexes` the global indexes on which the role may Query
 * (index ARNs allow dynamodb:Query and nothing else).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '#infra/definitions.js';
import {
  actionsOnTable,
  asArray,
  indexNamesGranted,
  logicalId,
  roleStatements,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
} from './support.js';

interface Expected {
  readonly table: readonly string[];
  readonly indexes?: readonly string[];
}

/**
 * The sparse suppression indexes of the audit (one per suppression reason, plus by trigger, each by decision
 * time and by payment time), as shared/audit-index.ts derives them: the privacy officers' queries read all
 * of them, and byCustomer.
 */

/** Function -> table -> what its role may do there. A table not listed: nothing at all. */
const EXPECTED: Readonly<Record<string, Readonly<Record<string, Expected>>>> = {
  'evaluate-payments': {
    customers: { table: ['BatchGetItem', 'ConditionCheckItem'] },
    'contact-policy': { table: ['BatchGetItem', 'PutItem'] },
    audit: { table: ['PutItem', 'ConditionCheckItem'] },
    offers: { table: ['PutItem'] },
    // The live catalog (issue 12): a Query of the sparse versions index, at most every CATALOG_REFRESH_SECONDS.
    catalog: { table: ['Query'], indexes: ['versions'] },
  },
  // The offers stream only (DescribeStream, GetRecords, GetShardIterator on the stream ARN).
  'publish-offers': {},
  'apply-consent-changes': {
    customers: { table: ['GetItem', 'PutItem'] },
    'consent-history': { table: ['PutItem'] },
    offers: { table: ['Query', 'UpdateItem'] },
    audit: { table: ['PutItem'] },
  },
  'apply-customer-updates': {
    customers: { table: ['UpdateItem'] },
    offers: { table: ['Query', 'UpdateItem'] },
    audit: { table: ['PutItem'] },
  },
  'banner-offers': {
    offers: { table: ['Query'] },
    customers: { table: ['GetItem'] },
    'contact-policy': { table: ['GetItem'] },
  },
  'banner-offer-events': {
    'offer-events': { table: ['PutItem', 'GetItem'] },
    offers: { table: ['GetItem', 'UpdateItem', 'ConditionCheckItem'] },
    'contact-policy': { table: ['GetItem', 'UpdateItem'] },
    catalog: { table: ['Query'], indexes: ['versions'] },
  },
  openapi: {},
  'privacy-queries': {
    // Issue 15: a recent record by key (explain); counts, lists and histories come from the archive.
    audit: { table: ['GetItem'] },
    // The keys that open archived rows: one customer's (GetItem, BatchGetItem), a page's by ref (byRef).
    'customer-keys': { table: ['GetItem', 'BatchGetItem', 'Query'], indexes: ['byRef'] },
    'consent-history': { table: ['Query'] },
    offers: { table: ['Query'] },
    'offer-events': { table: ['Query'] },
    // Every read is logged (PutItem); the access log is read by day (Query) and by actor and customer.
    'audit-access-log': { table: ['PutItem', 'Query'], indexes: ['byActor', 'byCustomer'] },
    catalog: { table: ['Query'], indexes: ['versions'] },
  },
  'privacy-erasure': {
    customers: { table: ['Query', 'BatchWriteItem'] },
    'contact-policy': { table: ['GetItem', 'BatchWriteItem'] },
    offers: { table: ['Query', 'BatchWriteItem'] },
    'offer-events': { table: ['Query', 'BatchWriteItem'], indexes: ['byCustomer'] },
    // Issue 15: hot items found through the archive, checked (BatchGetItem) and deleted; no index, no update.
    audit: { table: ['BatchGetItem', 'DeleteItem'] },
    'consent-history': { table: ['Query', 'PutItem', 'DeleteItem'] },
    'erasure-log': { table: ['PutItem'] },
    'audit-access-log': { table: ['PutItem'] },
    // The customer's archive key: read, never created, destroyed last (crypto-shredding).
    'customer-keys': { table: ['BatchGetItem', 'DeleteItem'] },
  },
  health: {},
  // The governed catalog: an item's history (Query), every version (the versions index), and each command's
  // head, versions and transitions Put in one conditional transaction. Never Update or Delete: nothing is
  // removed from the catalog's record.
  'catalog-api': { catalog: { table: ['Query', 'PutItem'], indexes: ['versions'] } },
  // The archiver (issue 15): the five audit streams (stream actions only) and the customers' archive keys,
  // read in batches and created when missing (a conditional Put, never a replace). Its S3 access is checked
  // in archive.test.ts.
  'archive-records': { 'customer-keys': { table: ['BatchGetItem', 'PutItem'] } },
};

/** The tables whose stream each stream reader reads. */
const STREAM_READS: Readonly<Record<string, readonly string[]>> = {
  'publish-offers': ['offers'],
  'archive-records': ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'],
};

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ bundle: false, stackProps: { definition: app } });
}, SYNTH_TIMEOUT_MS);
afterAll(() => synth?.cleanup());

const sorted = (actions: Iterable<string>): string[] => [...actions].sort();
const dynamo = (operations: readonly string[]): string[] => sorted(operations.map((op) => `dynamodb:${op}`));

describe('minimum DynamoDB access per function (written out, compared exactly)', () => {
  it('the table names every function of the stack, and every table of the stack is known', () => {
    expect(sorted(synth.stack.functions.keys())).toEqual(sorted(Object.keys(EXPECTED)));
    for (const tables of Object.values(EXPECTED))
      for (const table of Object.keys(tables)) expect(synth.stack.tables.has(table), table).toBe(true);
  });

  for (const [fn, tables] of Object.entries(EXPECTED)) {
    it(`${fn}: exactly these actions on each table and index, none on any other table`, () => {
      const pipelineFunction = synth.stack.functions.get(fn);
      if (!pipelineFunction) throw new Error(`stack has no function ${fn}`);
      const statements = roleStatements(synth.template, logicalId(pipelineFunction.role));
      for (const [name, table] of synth.stack.tables) {
        const expected = tables[name];
        const granted = actionsOnTable(statements, logicalId(table));
        expect(sorted(granted.table), `${fn} on ${name}`).toEqual(dynamo(expected?.table ?? []));
        expect(sorted(indexNamesGranted(statements, logicalId(table))), `${fn} indexes of ${name}`).toEqual(
          sorted(expected?.indexes ?? []),
        );
        expect(sorted(granted.index), `${fn} on indexes of ${name}`).toEqual(
          (expected?.indexes ?? []).length > 0 ? ['dynamodb:Query'] : [],
        );
        // Stream access only for the stream's reader.
        const streamReader = STREAM_READS[fn]?.includes(name) === true;
        expect(sorted(granted.stream), `${fn} on the stream of ${name}`).toEqual(
          streamReader
            ? [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ]
            : [],
        );
      }
      // And no DynamoDB action on anything else (another account's table, `*`).
      for (const statement of statements) {
        const dynamoActions = asArray(statement.Action).filter((a) => a.startsWith('dynamodb:'));
        if (dynamoActions.length === 0) continue;
        for (const resource of asArray(statement.Resource)) {
          const text = JSON.stringify(resource);
          const known = [...synth.stack.tables.values()].some((t) => text.includes(`"${logicalId(t)}"`));
          expect(known, `${fn}: ${dynamoActions.join(',')} on ${text}`).toBe(true);
        }
      }
    });
  }
});
