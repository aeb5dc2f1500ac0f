/**
 * `npm run triggers -- simulate` (issue 13) against a fake fetch: the live catalog from the catalog API (or
 * the seed folder when no pipeline is reachable), the candidate from a draft file, a folder or a trigger
 * id's version, the --diff lines, and every bad input refused with the file, line or field before anything
 * is decided. It only ever sends GETs.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { versionsOfFolder } from '#app/simulation-catalog.js';
import { defaultCatalogDir, readCatalogInputFromDir } from '#config/catalog-folder.js';
import type { ItemVersion } from '#core/governance/model.js';
import { catalogRevision } from '#core/governance/snapshot.js';
import { LocalRuntimeError } from '#local/errors.js';
import { main } from '#local/triggers-cli.js';
import { atmAbroad, largePurchase, traveller } from '#test/support/builders.js';
import { withEnv } from '#test/support/lambda.js';
import { payments } from '#test/support/payments.js';

const LOCAL = 'http://127.0.0.1:4010/';
const live = versionsOfFolder(readCatalogInputFromDir(defaultCatalogDir()));
const liveRevision = catalogRevision(live);
const ticket = live.find((v) => v.kind === 'trigger' && v.id === 'ticket-travel-insurance') as ItemVersion;

type Api = 'up' | 'down' | 'none';

/** Runs the CLI; the fake API serves /catalog/live and `items` (GET only); 'none' = no local pipeline. */
async function run(argv: string[], api: Api = 'up', items: Record<string, unknown> = {}) {
  const sent: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'triggers', ...argv],
    {
      fetch: async (url, init) => {
        sent.push(`${String(init.method)} ${url}`);
        if (api === 'down') throw new TypeError('fetch failed');
        const path = new URL(url).pathname;
        if (path === '/catalog/live')
          return new Response(JSON.stringify({ revision: liveRevision, versions: live }), { status: 200 });
        const item = items[path];
        return item === undefined
          ? new Response(JSON.stringify({ title: 'not found', detail: 'no such item' }), { status: 404 })
          : new Response(JSON.stringify(item), { status: 200 });
      },
      out: (line) => out.push(line),
      localUrl: () => {
        if (api === 'none') throw new LocalRuntimeError('no local pipeline is running');
        return LOCAL;
      },
    },
    (line) => err.push(line),
  );
  return { code, sent, out: out.join('\n'), err: err.join('\n') };
}

const dirs: string[] = [];
function files(events: object[] = defaultEvents()) {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
  dirs.push(dir);
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(eventsFile, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const fixtures = join(dir, 'fixtures.json');
  writeFileSync(
    fixtures,
    JSON.stringify({ customers: [traveller('c-1'), traveller('c-2', { holdings: [] })] }),
  );
  // A draft of the ticket trigger that also fires on a large purchase at an electronics shop (MCC 5732).
  const draft = join(dir, 'ticket.json');
  const condition = { any: [ticket.content.condition, { field: 'merchant.mcc', in: ['5732'] }] };
  writeFileSync(draft, JSON.stringify({ ...ticket.content, version: 1, condition }));
  return { dir, eventsFile, fixtures, draft, diff: join(dir, 'diff.jsonl') };
}
type Files = ReturnType<typeof files>;

/** `simulate <target> --events <file>` with more options; `withFixtures` adds the fixtures file. */
const args = (f: Files, target: string, more: string[] = [], withFixtures = true) => [
  'simulate',
  target,
  '--events',
  f.eventsFile,
  ...(withFixtures ? ['--fixtures', f.fixtures] : []),
  ...more,
];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ticketPayment = (eventId: string, customerId: string, occurredAt: string) => ({
  eventId,
  customerId,
  occurredAt,
  ...payments.ticket(),
});

function defaultEvents(): object[] {
  return [
    atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z'),
    largePurchase('e-2', 'c-2', '2026-07-02T10:00:00+02:00'),
    ticketPayment('e-3', 'c-2', '2026-07-03T10:00:00+02:00'),
  ];
}

const diffOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map(
      (l) => JSON.parse(l) as { eventId: string; live: unknown[]; candidate: Array<{ triggerId?: string }> },
    );

describe('simulate a draft file', () => {
  it('against the catalog API: both revisions, the funnel change and one diff line per changed event', async () => {
    const f = files();
    const { code, out, err, sent } = await run(args(f, f.draft, ['--diff', f.diff]));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(sent.every((s) => s.startsWith('GET '))).toBe(true);
    expect(out).toContain(`revision ${liveRevision}, from the running pipeline's catalog API`);
    expect(out).toMatch(
      /Candidate catalog: revision r-[0-9a-f]{16}, from the live catalog with trigger:ticket-travel-insurance@2 in place of trigger:ticket-travel-insurance@1/,
    );
    expect(out).toMatch(/ticket-travel-insurance +live +2 +2 +1 /);
    expect(out).toMatch(/ +candidate +2 +2 +2 /);
    expect(out).toMatch(/ +change +0 +0 +\+1 /);
    // e-2: the draft matches too; e-3: its ticket offer is now in cooldown after e-2's.
    expect(out).toContain('Events whose decisions differ between live and candidate: 2');
    const diff = diffOf(f.diff);
    expect(diff.map((l) => l.eventId)).toEqual(['e-2', 'e-3']);
    expect(diff[0]?.candidate.map((d) => d.triggerId).sort()).toEqual([
      'large-purchase-credit-card',
      'ticket-travel-insurance',
    ]);
    // Nothing of the payment in a diff line.
    expect(readFileSync(f.diff, 'utf8')).not.toMatch(/Coolblue|5732|150000|merchant|amount/);
  });

  it('without a running pipeline: the seed folder is the live side, and it says so', async () => {
    const f = files();
    const { code, out } = await run(
      ['simulate', f.draft, '--events', f.eventsFile, '--fixtures', f.fixtures],
      'none',
    );
    expect(code).toBe(0);
    expect(out).toContain(`Live catalog:      revision ${liveRevision}, from the seed folder catalog/`);
  });

  it('says loudly that every customer is unknown without --fixtures', async () => {
    const f = files();
    const { code, out } = await run(['simulate', f.draft, '--events', f.eventsFile], 'none');
    expect(code).toBe(0);
    expect(out).toContain('!! NO --fixtures: EVERY CUSTOMER IS UNKNOWN');
    expect(out).toMatch(/ticket-travel-insurance +live +2 +2 +1 +0 /);
  });
});

describe('the policy', () => {
  it('is the one evaluate-payments reads from its settings (here CONSENT_REGIME), printed with the revisions', async () => {
    const f = files();
    const { code, out } = await withEnv({ CONSENT_REGIME: 'opt-out' }, () => run(args(f, f.draft), 'none'));
    expect(code).toBe(0);
    expect(out).toMatch(/^Policy: policy=.*;regime=opt-out;/m);
    const bad = await withEnv({ CONSENT_REGIME: 'maybe' }, () => run(args(f, f.draft), 'none'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/CONSENT_REGIME: expected "opt-in"/);
  });
});

describe('simulate a folder or a trigger id', () => {
  it('a copy of the live folder as candidate changes nothing', async () => {
    const f = files();
    const folder = join(f.dir, 'catalog');
    cpSync(defaultCatalogDir(), folder, { recursive: true });
    const { code, out } = await run(args(f, folder, ['--diff', f.diff]));
    expect(code).toBe(0);
    expect(out).toContain(`Candidate catalog: revision ${liveRevision}, from the catalog folder ${folder}`);
    expect(out).toContain('Events whose decisions differ between live and candidate: 0');
    expect(readFileSync(f.diff, 'utf8')).toBe('');
  });

  it('--live <dir> is the live side: the catalog API is not asked', async () => {
    const f = files();
    const folder = join(f.dir, 'live-catalog');
    cpSync(defaultCatalogDir(), folder, { recursive: true });
    const { code, out, sent } = await run(args(f, f.draft, ['--live', folder]));
    expect(code).toBe(0);
    expect(sent).toEqual([]);
    expect(out).toContain(
      `Live catalog:      revision ${liveRevision}, from the catalog folder ${folder} (--live)`,
    );
  });

  it('a trigger id takes its newest version from the catalog API, or --version n', async () => {
    const f = files();
    const draft = {
      ...ticket,
      version: 2,
      state: 'draft',
      content: JSON.parse(readFileSync(f.draft, 'utf8')),
    };
    const items = {
      '/catalog/items/trigger/ticket-travel-insurance': { versions: [ticket, draft], transitions: [] },
    };
    const newest = await run(
      ['simulate', 'ticket-travel-insurance', '--events', f.eventsFile, '--fixtures', f.fixtures],
      'up',
      items,
    );
    expect(newest.code).toBe(0);
    expect(newest.out).toContain('with trigger:ticket-travel-insurance@2 (draft) in place');
    expect(newest.out).toContain('differ between live and candidate: 2');
    const first = await run(args(f, 'ticket-travel-insurance', ['--version', '1']), 'up', items);
    expect(first.code).toBe(0);
    expect(first.out).toContain('differ between live and candidate: 0');
  });

  it('a trigger id without a reachable API is an error, never a guess', async () => {
    const f = files();
    const { code, err } = await run(
      ['simulate', 'ticket-travel-insurance', '--events', f.eventsFile],
      'down',
    );
    expect(code).toBe(1);
    expect(err).toMatch(/cannot be reached/);
  });

  it('--api that cannot be reached is an error, not a fall-back to the seed folder', async () => {
    const f = files();
    const api = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/';
    const { code, err } = await withEnv(
      {
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
      },
      () => run(['--api', api, 'simulate', f.draft, '--events', f.eventsFile], 'down'),
    );
    expect(code).toBe(1);
    expect(err).toMatch(/catalog API cannot be reached/);
  });
});

describe('bad input is refused before anything is decided, naming file, line and field', () => {
  it.each([
    [
      'a missing events file',
      (f: Files) => ['simulate', f.draft, '--events', join(f.dir, 'nope.jsonl')],
      /Cannot read the events file .*nope\.jsonl/,
    ],
    [
      'a missing target',
      (f: Files) => ['simulate', join(f.dir, 'nope.json'), '--events', f.eventsFile],
      /nope\.json: no such file or folder, and not a trigger id/,
    ],
    [
      '--version with a file',
      (f: Files) => ['simulate', f.draft, '--version', '2', '--events', f.eventsFile],
      /--version goes with a trigger id/,
    ],
    [
      'a --diff over the events',
      (f: Files) => args(f, f.draft, ['--diff', f.eventsFile], false),
      /--diff: give another file than --events/,
    ],
    [
      'a --diff in a missing folder',
      (f: Files) => args(f, f.draft, ['--diff', join(f.dir, 'no', 'd.jsonl')], false),
      /its folder does not exist/,
    ],
  ])('%s', async (_what, argv, message) => {
    const f = files();
    const { code, err, sent } = await run(argv(f));
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(sent).toEqual([]);
    expect(existsSync(f.diff)).toBe(false);
  });

  it('a bad event line names the line and the field', async () => {
    const f = files();
    writeFileSync(
      f.eventsFile,
      `${JSON.stringify(atmAbroad('e-1', 'c-1'))}\n{"eventId":"e-2","customerId":"c-1","occurredAt":"yesterday","type":"card_payment"}\n`,
    );
    const { code, err, sent } = await run(['simulate', f.draft, '--events', f.eventsFile]);
    expect(code).toBe(1);
    expect(err).toMatch(/line 2: occurredAt: expected/);
    expect(err).toMatch(/use --skip-invalid/);
    expect(sent).toEqual([]);
  });

  it('--skip-invalid leaves invalid lines out, counted, and decides the rest', async () => {
    const f = files();
    writeFileSync(
      f.eventsFile,
      `${JSON.stringify(atmAbroad('e-1', 'c-1'))}\n{"eventId":"e-2","customerId":"c-1","occurredAt":"yesterday","type":"card_payment"}\nnot json\n`,
    );
    const { code, out } = await run(['simulate', f.draft, '--events', f.eventsFile, '--skip-invalid']);
    expect(code).toBe(0);
    expect(out).toMatch(/Simulation of 1 event line\(s\)/);
    expect(out).toMatch(/2 invalid line\(s\) left out \(--skip-invalid\)/);
  });

  it('bad fixtures name the entry and the field', async () => {
    const f = files();
    writeFileSync(
      f.fixtures,
      JSON.stringify({ customers: [{ customerId: 'c-1', holdings: [], flags: ['rich'], consents: [] }] }),
    );
    const { code, err } = await run(args(f, f.draft));
    expect(code).toBe(1);
    expect(err).toMatch(/customers\.0\.flags\.0/);
  });

  it('a draft that is not JSON, or fails the gate, names the file and the field', async () => {
    const f = files();
    writeFileSync(f.draft, '{"id": "ticket-travel-insurance",');
    const broken = await run(['simulate', f.draft, '--events', f.eventsFile]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/ticket\.json: not valid JSON/);
    expect(broken.sent).toEqual([]);
    writeFileSync(f.draft, JSON.stringify({ ...ticket.content, offerId: 'moon-cover' }));
    const refused = await run(['simulate', f.draft, '--events', f.eventsFile]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /ticket\.json \(trigger:ticket-travel-insurance@2\): offerId: expected .*moon-cover/,
    );
  });

  it('a broken catalog folder lists its problems with file, line and column', async () => {
    const f = files();
    const folder = join(f.dir, 'catalog');
    cpSync(defaultCatalogDir(), folder, { recursive: true });
    writeFileSync(join(folder, 'offers.json'), '{"offers": [}');
    const { code, err, sent } = await run(['simulate', folder, '--events', f.eventsFile]);
    expect(code).toBe(1);
    expect(err).toMatch(/catalog\/offers\.json:1:\d+:/);
    expect(sent).toEqual([]);
  });
});
