import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatErasure } from '#local/audit/erase.js';
import { buildProgram } from '#local/audit/program.js';
import { formatCounts } from '#local/audit/suppressed.js';
import { chooseTarget } from '#local/audit/target.js';
import { LocalRuntimeError } from '#local/errors.js';

/** A pid that is not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  return child.pid ?? 2 ** 22 + 1;
}

describe('audit CLI: finding the data', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    file = join(dir, 'runtime.json');
    mkdirSync(join(dir, 'data'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const writeRuntime = (pid: number, dataDir: string | null) =>
    writeFileSync(
      file,
      JSON.stringify({ pid, dynamodb: 'http://127.0.0.1:9', sqs: 'x', http: 'y', dataDir, queues: {} }),
    );

  it('with neither a running npm start nor --data-dir, says how to get one', () => {
    rmSync(file, { force: true });
    expect(() => chooseTarget({ runtimeFile: file })).toThrow(LocalRuntimeError);
    expect(() => chooseTarget({ runtimeFile: file })).toThrow(/npm start.*\n.*--data-dir <dir>/s);
  });

  it('ignores an endpoints file whose process has ended, or that is not JSON', () => {
    writeRuntime(deadPid(), null);
    expect(() => chooseTarget({ runtimeFile: file })).toThrow(/No running local pipeline found/);
    writeFileSync(file, '{not json');
    expect(() => chooseTarget({ runtimeFile: file })).toThrow(/No running local pipeline found/);
  });

  it('uses the running npm start announced in the file', () => {
    writeRuntime(process.pid, null);
    expect(chooseTarget({ runtimeFile: file })).toEqual({
      kind: 'running',
      endpoint: 'http://127.0.0.1:9',
      pid: process.pid,
    });
  });

  it('with --data-dir, uses the folder, or the running npm start that holds it, and refuses a missing folder', () => {
    writeRuntime(process.pid, null);
    expect(chooseTarget({ runtimeFile: file, dataDir: join(dir, 'data') })).toEqual({
      kind: 'data-dir',
      dir: join(dir, 'data'),
    });
    writeRuntime(process.pid, join(dir, 'data'));
    expect(chooseTarget({ runtimeFile: file, dataDir: join(dir, 'data') })).toMatchObject({
      kind: 'running',
      pid: process.pid,
    });
    expect(() => chooseTarget({ runtimeFile: file, dataDir: join(dir, 'nope') })).toThrow(/no such folder/);
  });
});

describe('audit CLI: commands and output', () => {
  it('documents how it finds the data and offers the five commands', () => {
    const program = buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual([
      'suppressed',
      'history',
      'explain',
      'erase',
      'access-log',
    ]);
    expect(program.commands.find((c) => c.name() === 'erase')?.options.map((o) => o.long)).toEqual([
      '--dry-run',
      '--yes',
      '--json',
    ]);
    expect(program.commands.find((c) => c.name() === 'access-log')?.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--actor', '--customer', '--from', '--to', '--cursor', '--all']),
    );
    const help = program.helpInformation() + program.options.map((o) => o.flags).join(' ');
    expect(help).toContain('--data-dir <dir>');
    const suppressed = program.commands.find((c) => c.name() === 'suppressed');
    expect(suppressed?.options.map((o) => o.long)).toEqual(
      expect.arrayContaining([
        '--trigger',
        '--reason',
        '--from',
        '--to',
        '--format',
        '--limit',
        '--all',
        '--out',
        '--by',
      ]),
    );
  });

  it('says in --help which time --from/--to, the order and the counts are on, for suppressed and history', () => {
    const program = buildProgram();
    const help = (name: string) => program.commands.find((c) => c.name() === name)?.helpInformation() ?? '';
    const suppressed = help('suppressed').replace(/\s+/g, ' ');
    expect(suppressed).toContain(
      'the period, the order and the counts are by payment time unless --by decided',
    );
    expect(suppressed).toContain(
      '--by <time> which time --from/--to, the order and the counts are on: payment (default: when the payment happened, its occurredAt) or decided (when the pipeline decided)',
    );
    const history = help('history').replace(/\s+/g, ' ');
    expect(history).toContain('each entry shows when it happened (payment time) and when it was recorded');
    expect(history).toContain('--by <time> the order: payment (default');
  });

  it('prints the counts per reason and per trigger, the sensitive screen and retired triggers named', () => {
    const text = formatCounts({
      timeBasis: 'payment',
      from: '2026-07-01T00:00:00.000Z',
      total: 7,
      byReason: {
        sensitive_category: 2,
        no_consent: 4,
        objected: 1,
        customer_excluded: 0,
        unsuitable: 0,
        frequency_capped: 1,
        stale_event: 0,
        arbitration_lost: 0,
        active_offer_limit: 0,
        repeated_dismissals: 0,
      },
      byTrigger: { 'card-abroad-worldwide-cover': 4, none: 2 },
      notInCatalog: 1,
    });
    expect(text).toContain(
      'Counts for the period 2026-07-01T00:00:00.000Z to now by payment time (occurredAt): 7 suppressed',
    );
    expect(text).toMatch(/no_consent\s+4/);
    expect(text).toMatch(/none \(sensitive screen\)\s+2/);
    expect(text).toMatch(/\(triggers not in the catalog\)\s+1/);
  });

  it('prints an erasure report: what went, what stays until when and why, the pseudonym and the archive', () => {
    const why = 'Kept until its TTL as proof of how the rules were applied.';
    const text = formatErasure({
      erasureId: 'e-1',
      at: '2026-07-10T08:00:00.000Z',
      requestedBy: 'local:alice',
      removed: [
        { kind: 'customerProfile', count: 1, how: 'deleted' },
        { kind: 'decisionSuppressed', count: 3, how: 'deleted' },
        { kind: 'consentHistory', count: 1, how: 'pseudonymised' },
      ],
      kept: [
        {
          kind: 'decisionSuppressed',
          count: 3,
          until: '2028-07-09T08:00:00.000Z',
          why,
          linkedToCustomer: false,
        },
        {
          kind: 'offerWithdrawal',
          count: 1,
          until: '2028-07-01T08:00:00.000Z',
          why,
          linkedToCustomer: false,
        },
      ],
      keptUntil: '2028-07-09T08:00:00.000Z',
      pseudonym: 'erased:e-1',
      notSearched: [{ kind: 'accessLog', why: 'keyed by day' }],
      archive: {
        key: 'destroyed',
        searched: { fromDay: '2026-05-29', toDay: '2026-07-11' },
        kinds: [],
        notYetArchived: { hotCopiesExpireBy: '2026-08-14T08:00:00.000Z', why: 'not archived yet' },
        summary: ["The customer's archive key was destroyed.", 'Limit: not archived yet'],
      },
    });
    expect(text).toContain('Erasure e-1 at 2026-07-10T08:00:00.000Z by local:alice');
    expect(text).toMatch(/customerProfile\s+deleted\s+1/);
    expect(text).toMatch(/decisionSuppressed\s+deleted\s+3/);
    expect(text).toMatch(/decisionSuppressed\s+3\s+2028-07-09T08:00:00.000Z\s+no/);
    expect(text).toContain(`  decisionSuppressed, offerWithdrawal: ${why}`);
    expect(text).toContain('erased:e-1');
    expect(text).toContain('accessLog: keyed by day');
    expect(text).toContain("Archive\n  The customer's archive key was destroyed.\n  Limit: not archived yet");
  });
});
