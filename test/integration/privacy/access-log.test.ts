import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccessLog, DynamoAccessLogReader } from '#adapters/dynamodb/access-log-store.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { cliCaller, LOCAL_GATEWAY_CALLER } from '#privacy/access-log.js';
import { type AccessLogPage, AccessLogQueries, type AccessRecord } from '#privacy/access-log.query.js';
import { runAuditCli } from '#test/integration/support/cli.js';
import { atmAbroad } from '#test/integration/support/events.js';
import { customer, PipelineHarness } from '#test/integration/support/pipeline.js';

/**
 * Issue 16, item 6: the audit access log can be read — by the HTTP route and the CLI, filtered by who read
 * (byActor index), whose data (byCustomer index) and period, paginated — and reading it is itself recorded.
 * On DynamoDB Local, through the real gateway and the CLI as a user runs it; nothing is scanned.
 */

const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
const ANNA = 'access-anna-1';
const BEN = 'access-ben-2';
const OFFICER = { who: 'arn:aws:sts::123456789012:assumed-role/privacy-officer/olga', via: 'http' as const };

describe('the audit access log, read by privacy officers', () => {
  let pipeline: PipelineHarness | undefined;
  let dataDir: string;
  let http = '';
  const sent: string[] = [];
  let service: AccessLogQueries;

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${http}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'access-log-'));
    const running = await PipelineHarness.start({ dataDir });
    pipeline = running;
    http = running.runtime.endpoints.http;
    await running.loadCustomers([customer(ANNA, EUROPE_COVER), customer(BEN, EUROPE_COVER)]);
    await running.decide(atmAbroad(ANNA));
    // Reads through the gateway (caller local-gateway:unauthenticated): two of Anna, one of Ben, one list.
    expect((await fetch(`${http}/privacy/customers/${ANNA}/history`)).status).toBe(200);
    expect((await fetch(`${http}/privacy/suppressed?reason=no_consent`)).status).toBe(200);
    // Ben has nothing recorded: 404 no-records-for-customer, and the read is logged all the same.
    expect((await fetch(`${http}/privacy/customers/${BEN}/history`)).status).toBe(404);
    expect((await fetch(`${http}/privacy/customers/${ANNA}/history`)).status).toBe(200);

    // The service on a client that records every command it sends, as another officer.
    const client = new DynamoDBClient({
      endpoint: running.runtime.endpoints.dynamodb,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    const documents = documentClient(client);
    service = new AccessLogQueries({
      reader: new DynamoAccessLogReader(documents, 'audit-access-log'),
      accessLog: new DynamoAccessLog(documents, 'audit-access-log'),
      now: () => new Date(),
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET ?customer: who looked at this customer, newest first: the reads and their filters, never results', async () => {
    const { status, body } = await get<AccessLogPage>(`/privacy/access-log?customer=${ANNA}`);
    expect(status).toBe(200);
    expect(body.items.map((i) => [i.who, i.via, i.query, i.parameters, i.customerId])).toEqual([
      [LOCAL_GATEWAY_CALLER, 'http', 'history', { customerId: ANNA, by: 'payment' }, ANNA],
      [LOCAL_GATEWAY_CALLER, 'http', 'history', { customerId: ANNA, by: 'payment' }, ANNA],
    ]);
    expect(body.items[0]?.at).toBeDefined();
    expect((body.items[0]?.at ?? '') > (body.items[1]?.at ?? '')).toBe(true);
    expect(body.nextCursor).toBeNull();
    expect(JSON.stringify(body)).not.toContain(BEN);
  });

  it('reading the access log is itself recorded, under the customer it concerned', async () => {
    const first = await service.read(OFFICER, { customerId: BEN });
    expect(first.items.map((i) => i.query)).toEqual(['history']);
    const second = await service.read(OFFICER, { customerId: BEN });
    expect(second.items.map((i) => [i.who, i.query, i.parameters])).toEqual([
      [OFFICER.who, 'access-log', { customerId: BEN, limit: 50, continued: false }],
      [LOCAL_GATEWAY_CALLER, 'history', { customerId: BEN, by: 'payment' }],
    ]);
  });

  it('?actor through its index, ?from/?to, and pages with a cursor: together every entry once, newest first', async () => {
    const mine = await service.read(OFFICER, { actor: OFFICER.who });
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((i) => i.who === OFFICER.who && i.query === 'access-log')).toBe(true);

    const all: AccessRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get<AccessLogPage>(
        `/privacy/access-log?actor=${encodeURIComponent(LOCAL_GATEWAY_CALLER)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 20);
    const ids = all.map((i) => i.accessId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
    // The four reads of beforeAll, the first GET, and the paging reads before the last one.
    expect(all.filter((i) => i.query === 'history')).toHaveLength(3);
    expect(all.filter((i) => i.query === 'suppressed')).toHaveLength(1);
    expect(all.every((i) => i.who === LOCAL_GATEWAY_CALLER)).toBe(true);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await get<AccessLogPage>(`/privacy/access-log?from=${tomorrow}`)).body.items).toEqual([]);
    const bad = await get<{ errors: unknown[] }>('/privacy/access-log?from=yesterday&who=x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'from', in: 'query' }),
        expect.objectContaining({ field: '(query)', in: 'query' }),
      ]),
    );
    // Without filters: the day partitions, still by Query.
    const everything = await service.read(OFFICER, { limit: 500 });
    expect(everything.items.length).toBeGreaterThanOrEqual(all.length + mine.items.length);
    expect(sent).not.toContain('ScanCommand');
    expect(new Set(sent)).toEqual(new Set(['PutItemCommand', 'QueryCommand']));
  });

  it('the CLI reads it from the persisted --data-dir, by customer and by actor, and its own read is recorded', async () => {
    await pipeline?.stop();
    pipeline = undefined;
    const me = cliCaller().who;
    const byCustomer = await runAuditCli([
      '--data-dir',
      dataDir,
      'access-log',
      '--customer',
      ANNA,
      '--format',
      'json',
    ]);
    expect(byCustomer.stderr).not.toContain('error');
    expect(byCustomer.code).toBe(0);
    const page = JSON.parse(byCustomer.stdout) as AccessLogPage;
    expect(page.items.filter((i) => i.query === 'history').map((i) => i.who)).toEqual([
      LOCAL_GATEWAY_CALLER,
      LOCAL_GATEWAY_CALLER,
    ]);

    const table = await runAuditCli([
      '--data-dir',
      dataDir,
      'access-log',
      '--actor',
      me,
      '--to',
      '2999-12-31',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Audit access log, newest first (actor ${me}, customer any`);
    // The previous CLI read, with its filters and the customer it concerned.
    expect(table.stdout).toMatch(
      new RegExp(
        `${me.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+cli\\s+access-log customerId="${ANNA}".*\\s${ANNA}`,
      ),
    );

    const refused = await runAuditCli(['--data-dir', dataDir, 'access-log', '--from', '2026-02-30']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--from: expected the start of the period');
  }, 180_000);
});
