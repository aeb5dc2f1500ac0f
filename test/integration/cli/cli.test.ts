import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalCli as cli, readDecisionsFile, repoRoot } from '#test/integration/support/cli.js';
import { traveller } from '#test/support/builders.js';

/**
 * A replay starts a whole runtime in a child process (DynamoDB Local's JVM, the SQS emulator, the pollers and
 * the archiver draining the audit stream into Parquet before it reports): on a shared 2-core machine that is
 * more than the project's 60 s default.
 */
const REPLAY_TIMEOUT_MS = 150_000;

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('the local CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'offer-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('start --once starts everything, reports the endpoints and stops without leaving DynamoDB Local behind', async () => {
    const run = await cli(['start', '--once', '--no-demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/HTTP API: +http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain('queue payment-events:');
    // The archive folder the archiver writes and the audit queries read (issue 15).
    expect(run.stdout).toMatch(/^ {2}Archive: +\/.+\/archive$/m);
    expect(run.stdout).toMatch(
      /^Catalog: imported \d+ items from catalog\/ as seed versions \(no person reviewed them\)$/m,
    );
    expect(run.stdout).toContain('Stopped (--once).');
    const port = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stdout)?.[1];
    expect(port).toBeDefined();
    // Nothing answers on DynamoDB Local's port any more: the JVM is gone.
    await expect(fetch(`http://127.0.0.1:${port}`)).rejects.toThrow();
  });

  it('says clearly when a requested port is taken', async () => {
    const { server, port } = await listen();
    try {
      const run = await cli(['start', '--once', '--no-demo', '--port', String(port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Port ${port} (HTTP API) is already in use`);
    } finally {
      server.close();
    }
  });

  it('says what to install when Java is missing', async () => {
    const run = await cli(['start', '--once', '--no-demo'], { PATH: join(dir, 'no-java-here') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DynamoDB Local needs Java 17 or newer');
    expect(run.stderr).toContain('openjdk-17-jre-headless');
  });

  it('replay: a bad fixture file stops before anything is loaded, naming the line and the field', async () => {
    const fixtures = join(dir, 'bad-customers.json');
    writeFileSync(
      fixtures,
      JSON.stringify(
        {
          customers: [
            { customerId: 'c-1', holdings: [], flags: [], consents: [] },
            {
              customerId: 'c-2',
              holdings: [],
              flags: [],
              consents: [
                {
                  purpose: 'transaction-offers',
                  status: 'maybe',
                  at: '2026-01-01T00:00:00Z',
                  source: 'x',
                  noticeVersion: '1',
                },
              ],
            },
          ],
        },
        null,
        2,
      ),
    );
    const events = join(dir, 'ok.jsonl');
    writeFileSync(events, '');
    const run = await cli(['replay', '--fixtures', fixtures, '--events', events]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line \d+, customers\.1\.consents\.0\.status/);
    expect(run.stderr).toContain('nothing was loaded');
    expect(run.stdout).not.toContain('Local runtime');
  });

  it('replay: a bad event file stops before anything is sent, naming the line and the field', async () => {
    const fixtures = join(dir, 'customers.json');
    writeFileSync(fixtures, JSON.stringify({ customers: [] }));
    const events = join(dir, 'bad.jsonl');
    const good = {
      eventId: 'e-1',
      occurredAt: '2026-07-03T14:22:05-04:00',
      customerId: 'c-1',
      type: 'card_payment',
      amount: { minor: 100, currency: 'EUR' },
      merchant: { name: 'Shop', mcc: '5411', country: 'NL' },
    };
    writeFileSync(
      events,
      `${JSON.stringify(good)}\n${JSON.stringify({ ...good, merchant: { ...good.merchant, mcc: '54' } })}\n`,
    );
    const run = await cli(['replay', '--fixtures', fixtures, '--events', events]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 2: merchant.mcc');
    expect(run.stderr).toContain('nothing was sent');
  });

  it(
    'replay: decides every event through the real queue and writes the decisions as JSONL',
    async () => {
      const fixtures = join(dir, 'replay-customers.json');
      writeFileSync(
        fixtures,
        JSON.stringify({
          customers: [
            traveller('c-1'),
            {
              customerId: 'c-2',
              birthDate: '1990-04-01',
              holdings: ['travel-insurance-europe'],
              flags: [],
              consents: [],
            },
          ],
        }),
      );
      const events = join(dir, 'replay.jsonl');
      const atm = (eventId: string, customerId: string) =>
        JSON.stringify({
          eventId,
          occurredAt: '2026-07-03T14:22:05-04:00',
          customerId,
          type: 'atm_withdrawal',
          amount: { minor: 20000, currency: 'USD' },
          merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
        });
      writeFileSync(events, [atm('evt-1', 'c-1'), atm('evt-2', 'c-2'), '', atm('evt-3', 'c-1')].join('\n'));
      const out = join(dir, 'decisions.jsonl');
      // The SDK's own notice switch left unset, as on a user's machine: at most one line about Node, once.
      const run = await cli(['replay', '--fixtures', fixtures, '--events', events, '--out', out], {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '',
      });
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.stderr).not.toContain('NodeVersionSupportWarning');
      expect(run.stderr.split('\n').filter((line) => /node/i.test(line)).length).toBeLessThanOrEqual(1);
      expect(run.code).toBe(0);
      const decisions = readDecisionsFile(out);
      const byEvent = new Map(decisions.map((d) => [d.eventId, d]));
      expect(decisions).toHaveLength(3);
      expect(byEvent.get('evt-1')?.outcome).toBe('emitted');
      expect(byEvent.get('evt-2')).toMatchObject({ outcome: 'suppressed', reasons: ['no_consent'] });
      // Same customer, same offer again: within its cooldown.
      expect(byEvent.get('evt-3')).toMatchObject({ outcome: 'suppressed', reasons: ['frequency_capped'] });
      expect(run.stdout).toContain('card-abroad-worldwide-cover');
      expect(run.stdout).toMatch(/no_consent\s+1/);
    },
    REPLAY_TIMEOUT_MS,
  );

  it(
    'replay --catalog tries a draft catalog; a broken draft is refused naming file, trigger and field',
    async () => {
      const draft = join(dir, 'draft-catalog');
      cpSync(resolve(repoRoot, 'catalog'), draft, { recursive: true });
      const triggerFile = join(draft, 'triggers', 'card-abroad-worldwide-cover.json');
      const trigger = JSON.parse(readFileSync(triggerFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(triggerFile, JSON.stringify({ ...trigger, offerId: 'no-such-offer' }));
      const fixtures = join(dir, 'replay-customers.json');
      const events = join(dir, 'replay.jsonl');
      const broken = await cli(['replay', '--fixtures', fixtures, '--events', events, '--catalog', draft]);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('card-abroad-worldwide-cover.json');
      expect(broken.stderr).toContain('offerId');

      writeFileSync(triggerFile, JSON.stringify({ ...trigger, version: 2 }));
      const out = join(dir, 'draft-decisions.jsonl');
      const run = await cli([
        'replay',
        '--fixtures',
        fixtures,
        '--events',
        events,
        '--catalog',
        draft,
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      const decisions = readDecisionsFile(out);
      expect(decisions.find((d) => d.eventId === 'evt-1')).toMatchObject({
        outcome: 'emitted',
        triggerVersion: 2,
      });
    },
    2 * REPLAY_TIMEOUT_MS,
  );
});
