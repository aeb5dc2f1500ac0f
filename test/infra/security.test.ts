/**
 * Issue 6, security: least privilege across every role of the template, the protection of the tables that
 * hold audit, consent and offer data, and the keys. The table and function names below are written out on
 * purpose: if a change of infra/definitions.ts gave another function read access to the audit table, or
 * took point-in-time recovery off the consent tables, these tests fail instead of following the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audiencesOf } from '#api/route-table.js';
import { XRAY_ACTIONS } from '#cdk/access.js';
import { ALARM_TOPIC_KEY_ACTIONS, LOGS_KEY_ACTIONS } from '#cdk/keys.js';
import { app as definition, type HttpAudience } from '#infra/definitions.js';
import {
  type AttachedStatement,
  actionMatches,
  allIdentityStatements,
  asArray,
  type Json,
  logicalId,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  synthesize,
  TEST_CALLERS,
} from './support.js';

let synth: Synthesized;
let resources: Record<string, Json>;
let statements: AttachedStatement[];
/** Role logical id -> function name, or `caller:<audience>` for the HTTP caller roles. */
const owners = new Map<string, string>();

beforeAll(() => {
  // With caller principals configured, so that the caller roles are part of every check below.
  synth = synthesize({ bundle: false, stackProps: { settings: { callers: TEST_CALLERS } } });
  resources = synth.template.toJSON().Resources;
  statements = allIdentityStatements(synth.template);
  for (const fn of synth.stack.functions.values()) owners.set(logicalId(fn.role), fn.def.name);
  for (const [audience, role] of synth.stack.httpApi?.callerRoles ?? [])
    owners.set(logicalId(role), `caller:${audience}`);
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

const tableId = (name: string): string => {
  const table = synth.stack.tables.get(name);
  if (!table) throw new Error(`stack has no table ${name}`);
  return logicalId(table);
};

/** Every DynamoDB action that reads data: items, queries, scans, PartiQL, streams, exports. */
const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
];
const STREAM_READ_ACTIONS = ['dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
/** Reads of items (not of the stream of changes). */
const ITEM_READ_ACTIONS = READ_ACTIONS.filter((a) => !STREAM_READ_ACTIONS.includes(a));
/** The functions with a stream event source on the table (the archiver, issue 15). */
const streamReadersOf = (table: string): string[] =>
  definition.functions
    .filter((f) => f.events.some((e) => e.kind === 'dynamodb-stream' && e.table === table))
    .map((f) => f.name);

/** Every DynamoDB action that changes or removes an existing item. */
const CHANGE_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
];

/** The owners allowed any of `actions` on a table, its indexes or its stream. */
function ownersAllowed(table: string, actions: readonly string[]): Set<string> {
  const id = tableId(table);
  const found = new Set<string>();
  for (const { roles, statement } of statements) {
    if (statement.Effect !== 'Allow') continue;
    const onTable = asArray(statement.Resource).some(
      (r) => r === '*' || JSON.stringify(r).includes(`"${id}"`),
    );
    if (!onTable) continue;
    const granted = asArray(statement.Action);
    if (actions.some((action) => granted.some((pattern) => actionMatches(pattern, action))))
      for (const role of roles) found.add(owners.get(role) ?? role);
  }
  return found;
}

/** The DynamoDB actions an owner may use on a table (its ARN, index ARNs, stream, or `*`). */
function actionsOf(owner: string, table: string): string[] {
  const id = tableId(table);
  return statements
    .filter(
      ({ roles, statement }) =>
        statement.Effect === 'Allow' &&
        roles.some((r) => owners.get(r) === owner) &&
        asArray(statement.Resource).some((r) => r === '*' || JSON.stringify(r).includes(`"${id}"`)),
    )
    .flatMap(({ statement }) => asArray(statement.Action))
    .filter((action) => action.startsWith('dynamodb:'));
}

/** The archive bucket and the query results bucket (issue 15). */
const archiveObjects = (): string[] => [
  logicalId(synth.stack.archive.bucket),
  logicalId(synth.stack.archive.resultsBucket),
];
const objectsOf = (bucketId: string): Json => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']],
});

describe('least privilege', () => {
  it('every role of the stack is a function execution role or an HTTP audience caller role', () => {
    const roles = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id]) => id);
    expect(roles.sort()).toEqual([...owners.keys()].sort());
    for (const id of roles) expect(resources[id].Properties.ManagedPolicyArns, id).toBeUndefined();
  });

  it('no identity policy allows a wildcard action, or uses NotAction / NotResource', () => {
    expect(statements.length).toBeGreaterThan(0);
    for (const { roles, statement } of statements) {
      expect(statement, `${roles.join(',')}`).not.toHaveProperty('NotAction');
      expect(statement, `${roles.join(',')}`).not.toHaveProperty('NotResource');
      for (const action of asArray(statement.Action)) expect(action, roles.join(',')).not.toContain('*');
    }
  });

  it('wildcard resources appear only for X-Ray, own-table stream labels and route parameters', () => {
    const routes = definition.functions.flatMap((f) =>
      f.events.flatMap((e) => (e.kind === 'http' ? [{ ...e, fn: f.name }] : [])),
    );
    for (const { roles, statement } of statements) {
      // A Deny over a wildcard only takes away (the archiver's explicit deny of deletes on every object).
      if (statement.Effect === 'Deny') continue;
      const actions = asArray(statement.Action);
      const owner = roles.map((r) => owners.get(r) ?? r).join(',');
      for (const resource of asArray(statement.Resource)) {
        const text = JSON.stringify(resource);
        if (!text.includes('*')) continue;
        if (resource === '*') {
          // The documented X-Ray acknowledgement: these two actions have no resource-level permissions.
          expect(
            actions.every((a) => (XRAY_ACTIONS as readonly string[]).includes(a)),
            owner,
          ).toBe(true);
        } else if (text.includes('/stream/*')) {
          expect(actions, owner).toEqual(['dynamodb:ListStreams']);
          const fn = definition.functions.find((f) => f.name === owner);
          const streamTables = (fn?.events ?? []).flatMap((e) =>
            e.kind === 'dynamodb-stream' ? [tableId(e.table)] : [],
          );
          expect(
            streamTables.some((id) => text.includes(`"${id}"`)),
            `${owner}: stream wildcard on a table it has no stream source for`,
          ).toBe(true);
        } else if (archiveObjects().some((id) => text === JSON.stringify(objectsOf(id)))) {
          // The archive's object keys are named per stream batch and per query (infra/cdk/archive-access.ts):
          // object actions only, granted to the functions with archive access.
          const fn = definition.functions.find((f) => f.name === owner);
          expect(fn?.archive, `${owner}: archive objects without archive access`).toBeDefined();
          for (const action of actions) expect(action, owner).toMatch(/^s3:(Get|Put|Abort)/);
        } else if (text.includes('execute-api')) {
          expect(actions, owner).toEqual(['execute-api:Invoke']);
          expect(owner.startsWith('caller:'), owner).toBe(true);
          const audience = owner.slice('caller:'.length) as HttpAudience;
          const suffix = String((resource['Fn::Join'][1] as Json[]).at(-1)).replace(/^\/\$default\//, '');
          const route = routes.find(
            (r) =>
              audiencesOf(r).includes(audience) &&
              `${r.method}${r.path.replace(/\{[^}]+\}/g, '*')}` === suffix,
          );
          expect(route, `${owner}: ${suffix}`).toBeDefined();
          // Each `*` stands for exactly one path parameter of that route.
          expect(suffix.split('*').length - 1).toBe((route?.path.match(/\{[^}]+\}/g) ?? []).length);
        } else {
          throw new Error(`${owner}: undocumented wildcard resource ${text}`);
        }
      }
    }
  });

  it('index ARNs are named one by one, only those the function declares, and allow Query only', () => {
    for (const { roles, statement } of statements) {
      for (const resource of asArray(statement.Resource)) {
        const text = JSON.stringify(resource);
        const match = /\/index\/([^"]*)"/.exec(text);
        if (!match) continue;
        expect(match[1], text).not.toContain('*');
        const table = definition.tables.find((t) => text.includes(`"${tableId(t.name)}"`));
        expect(table?.globalIndexes?.map((i) => i.indexName)).toContain(match[1]);
        expect(asArray(statement.Action), text).toEqual(['dynamodb:Query']);
        for (const role of roles) {
          const fn = definition.functions.find((f) => f.name === owners.get(role));
          const access = table ? fn?.tables[table.name] : undefined;
          expect(access?.indexes ?? [], `${owners.get(role)} on ${text}`).toContain(match[1]);
        }
      }
    }
  });

  describe('audit table', () => {
    it('evaluate-payments may only put records (conditional Puts, in transactions too), nothing else', () => {
      // A TransactWriteItems Put is authorised as dynamodb:PutItem (there is no separate IAM action), a
      // condition check as dynamodb:ConditionCheckItem; no BatchWriteItem, whose puts IAM cannot tell from
      // deletes.
      expect(actionsOf('evaluate-payments', 'audit').sort()).toEqual([
        'dynamodb:ConditionCheckItem',
        'dynamodb:PutItem',
      ]);
      const forbidden = [...READ_ACTIONS, ...CHANGE_ACTIONS, 'dynamodb:BatchWriteItem'];
      for (const action of forbidden)
        expect(ownersAllowed('audit', [action]).has('evaluate-payments'), action).toBe(false);
    });

    it('only privacy-queries and privacy-erasure can read or query it (table or indexes)', () => {
      expect([...ownersAllowed('audit', ITEM_READ_ACTIONS)].sort()).toEqual([
        'privacy-erasure',
        'privacy-queries',
      ]);
      // Its stream: the archiver only (issue 15), which copies each record into the archive.
      expect([...ownersAllowed('audit', STREAM_READ_ACTIONS)]).toEqual(streamReadersOf('audit'));
      // The privacy officers' reads go through the audit indexes (no Scan).
      expect(ownersAllowed('audit', ['dynamodb:Scan']).size).toBe(0);
    });

    it('the banner functions and the banner service caller role have no access to it at all', () => {
      const all = [...READ_ACTIONS, ...CHANGE_ACTIONS, 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'];
      const anyone = ownersAllowed('audit', all);
      for (const owner of ['banner-offers', 'banner-offer-events', 'openapi', 'caller:banner-service'])
        expect(anyone.has(owner), owner).toBe(false);
      expect(actionsOf('banner-offers', 'audit')).toEqual([]);
      expect(actionsOf('banner-offer-events', 'audit')).toEqual([]);
    });

    it('only privacy-erasure may change or delete audit records (pseudonymisation on erasure)', () => {
      expect([...ownersAllowed('audit', CHANGE_ACTIONS)]).toEqual(['privacy-erasure']);
    });

    it('only the privacy caller roles may invoke the privacy routes: officers read, erasers erase', () => {
      const privacyRoutes = definition.functions
        .filter((f) => f.name.startsWith('privacy-'))
        .flatMap((f) => f.events.filter((e) => e.kind === 'http'));
      expect(privacyRoutes.length).toBeGreaterThan(0);
      for (const route of privacyRoutes)
        expect(route.audience).toBe(route.path.endsWith('/erasure') ? 'privacy-eraser' : 'privacy-officer');
      for (const { roles, statement } of statements) {
        const owner = roles.map((r) => owners.get(r)).join(',');
        const text = JSON.stringify(statement.Resource);
        if (owner !== 'caller:privacy-officer' && owner !== 'caller:privacy-eraser')
          expect(text, owner).not.toContain('/privacy/');
        // The officer who reads the audit cannot erase; the eraser cannot read the audit routes.
        if (owner === 'caller:privacy-officer') expect(text, owner).not.toContain('/erasure');
        if (owner === 'caller:privacy-eraser') {
          expect(text, owner).toContain('/erasure');
          for (const read of ['/privacy/suppressed', '/history', '/privacy/decisions', '/privacy/access-log'])
            expect(text, owner).not.toContain(read);
        }
      }
    });
  });

  describe('append-only tables', () => {
    const APPEND_ONLY = ['audit', 'consent-history', 'audit-access-log', 'erasure-log'];

    it('the four append-only tables are declared so, and only those', () => {
      expect(
        definition.tables
          .filter((t) => t.appendOnly !== undefined)
          .map((t) => `${t.name}:${t.appendOnly}`)
          .sort(),
      ).toEqual([
        'audit-access-log:strict',
        'audit:erasable',
        'consent-history:erasable',
        'erasure-log:strict',
      ]);
    });

    for (const table of APPEND_ONLY) {
      it(`${table}: no role holds BatchWriteItem on it (IAM cannot tell its puts from its deletes)`, () => {
        expect(ownersAllowed(table, ['dynamodb:BatchWriteItem']).size, table).toBe(0);
      });
    }

    // Hot audit copies are deleted (issue 15: the archived rows are crypto-shredded, never changed);
    // consent records are moved to the pseudonym (Put of the copy, Delete of the original: the customer id
    // is their partition key).
    for (const [table, changes] of [
      ['audit', ['dynamodb:DeleteItem']],
      ['consent-history', ['dynamodb:DeleteItem']],
    ] as const) {
      it(`${table}: only the erasure role may change or delete a record`, () => {
        expect([...ownersAllowed(table, CHANGE_ACTIONS)], table).toEqual(['privacy-erasure']);
        const granted = actionsOf('privacy-erasure', table).filter((a) => CHANGE_ACTIONS.includes(a));
        expect(granted.sort()).toEqual([...changes]);
      });
    }

    for (const table of ['audit-access-log', 'erasure-log']) {
      it(`${table}: nobody may update or delete a record, not even the erasure role; writers only put (and the officers' function reads the access log)`, () => {
        expect(ownersAllowed(table, CHANGE_ACTIONS).size, table).toBe(0);
        const writers = [...ownersAllowed(table, ['dynamodb:PutItem'])];
        expect(writers.length).toBeGreaterThan(0);
        // (Actions on the table and on its index ARNs, once each.)
        for (const fn of writers)
          expect([...new Set(actionsOf(fn, table))].sort(), fn).toEqual(
            table === 'audit-access-log' && fn === 'privacy-queries'
              ? ['dynamodb:PutItem', 'dynamodb:Query']
              : ['dynamodb:PutItem'],
          );
      });
    }

    it("the access log of audit reads is readable only by the privacy officers' function, by Query only", () => {
      expect([...ownersAllowed('audit-access-log', ITEM_READ_ACTIONS)]).toEqual(['privacy-queries']);
      expect([...ownersAllowed('audit-access-log', STREAM_READ_ACTIONS)]).toEqual(
        streamReadersOf('audit-access-log'),
      );
      expect(
        [...new Set(actionsOf('privacy-queries', 'audit-access-log'))].filter((a) =>
          READ_ACTIONS.includes(a),
        ),
      ).toEqual(['dynamodb:Query']);
    });

    it('the access log is indexed by actor and by customer (Queries for --actor and --customer, never a Scan)', () => {
      const indexes = resources[tableId('audit-access-log')].Properties.GlobalSecondaryIndexes as Json[];
      expect(
        indexes.map((index) => [
          index.IndexName,
          (index.KeySchema as Json[]).map((k) => `${k.AttributeName}:${k.KeyType}`),
        ]),
      ).toEqual([
        ['byActor', ['who:HASH', 'accessId:RANGE']],
        ['byCustomer', ['customerId:HASH', 'accessId:RANGE']],
      ]);
    });

    it('no policy names TransactWriteItems: transactions are authorised item by item', () => {
      for (const { statement } of statements)
        for (const action of asArray(statement.Action))
          expect(action.toLowerCase()).not.toMatch(/^dynamodb:transact/);
    });
  });
});

describe('data protection', () => {
  const keyArn = (key: 'dataKey' | 'operationsKey'): Json => ({
    'Fn::GetAtt': [logicalId(synth.stack[key]), 'Arn'],
  });

  for (const table of ['audit', 'customers', 'consent-history', 'offers']) {
    it(`${table}: customer-managed KMS key, PITR, deletion protection, retained on delete and replace`, () => {
      const resource = resources[tableId(table)];
      expect(resource.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: keyArn('dataKey'),
      });
      expect(resource.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      expect(resource.Properties.DeletionProtectionEnabled).toBe(true);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
    });
  }

  it('every queue (main, dead-letter, stream failure) uses the data key and refuses plain HTTP', () => {
    const queues = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue');
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy');
    const streamSources = definition.functions.flatMap((f) =>
      f.events.filter((e) => e.kind === 'dynamodb-stream'),
    );
    expect(queues.length).toBe(definition.queues.length * 2 + streamSources.length);
    for (const [id, queue] of queues) {
      expect(queue.Properties.KmsMasterKeyId, id).toEqual(keyArn('dataKey'));
      const policy = policies.find((p) => p.Properties.Queues.some((q: Json) => q.Ref === id));
      expect(policy?.Properties.PolicyDocument.Statement, id).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('the data key admits no AWS service principal: only the account, and so only IAM policies naming it', () => {
    const policy = resources[logicalId(synth.stack.dataKey)].Properties.KeyPolicy;
    for (const statement of policy.Statement) {
      expect(statement.Principal).not.toHaveProperty('Service');
      expect(JSON.stringify(statement.Principal)).toContain(':root');
    }
  });

  it('the operations key lets CloudWatch Logs (regional principal) encrypt only log groups of this account', () => {
    const policy = resources[logicalId(synth.stack.operationsKey)].Properties.KeyPolicy;
    const logs = policy.Statement.find((s: Json) => JSON.stringify(s.Principal).includes('logs.'));
    expect(logs.Principal.Service).toEqual({
      'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
    });
    expect([...logs.Action].sort()).toEqual([...LOGS_KEY_ACTIONS].sort());
    expect(logs.Condition).toEqual({
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':logs:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':log-group:*',
            ],
          ],
        },
      },
    });
  });

  it("the operations key lets CloudWatch use it only for this stack's alarms in this account", () => {
    const policy = resources[logicalId(synth.stack.operationsKey)].Properties.KeyPolicy;
    const alarms = policy.Statement.find((s: Json) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect([...alarms.Action].sort()).toEqual([...ALARM_TOPIC_KEY_ACTIONS].sort());
    expect(alarms.Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(alarms.Condition.ArnLike['aws:SourceArn'])).toContain(
      `:alarm:${synth.stack.stackName}-*`,
    );
  });
});

describe('logs', () => {
  it('every function logs JSON at INFO (platform logs at WARN) and never logs incoming events', () => {
    for (const fn of synth.stack.functions.values()) {
      const p = resources[logicalId(fn.function)].Properties;
      expect(p.LoggingConfig, fn.def.name).toMatchObject({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: { Ref: logicalId(fn.logGroup) },
      });
      const env = p.Environment.Variables as Record<string, unknown>;
      // Powertools would log every event payload (customer ids, payment fields) with this set.
      expect(env, fn.def.name).not.toHaveProperty('POWERTOOLS_LOGGER_LOG_EVENT');
      expect(env, fn.def.name).not.toHaveProperty('POWERTOOLS_DEV');
    }
  });

  it('every log group has the environment retention and the operations key', () => {
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBe(synth.stack.functions.size + 1);
    for (const group of groups)
      expect(group.Properties).toMatchObject({
        RetentionInDays: synth.stack.settings.logRetentionDays,
        KmsKeyId: { 'Fn::GetAtt': [logicalId(synth.stack.operationsKey), 'Arn'] },
      });
  });
});
