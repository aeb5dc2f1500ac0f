import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runTriggersCli } from '#test/integration/support/cli.js';
import { atmAbroad, largePurchase, traveller } from '#test/support/builders.js';
import { payments } from '#test/support/payments.js';

/**
 * Issue 13: `npm run triggers -- simulate <draft file> --events --fixtures --diff` as a user runs it, with no
 * pipeline running at all (no DynamoDB Local, no queue, no catalog API): it decides in memory, compares with
 * the seed catalog, and writes nothing but the --diff file it was asked for.
 */

/** Every file under `dir` with its SHA-256: what "nothing was written there" is checked against. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

describe('npm run triggers -- simulate, without any runtime', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports both revisions, the funnels and the overlap, and writes only the diff', async () => {
    const events = join(dir, 'events.jsonl');
    const lines = [
      atmAbroad('e-1', 'c-1', '2026-07-01T10:00:00Z'),
      largePurchase('e-2', 'c-2', '2026-07-02T10:00:00+02:00'),
      { eventId: 'e-3', customerId: 'c-2', occurredAt: '2026-07-03T10:00:00+02:00', ...payments.ticket() },
    ];
    writeFileSync(events, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const fixtures = join(dir, 'fixtures.json');
    writeFileSync(
      fixtures,
      JSON.stringify({ customers: [traveller('c-1'), traveller('c-2', { holdings: [] })] }),
    );
    // A draft of the ticket trigger that also fires on electronics shops (MCC 5732), at a higher priority.
    const ticket = JSON.parse(
      readFileSync(join(repoRoot, 'catalog/triggers/ticket-travel-insurance.json'), 'utf8'),
    ) as Record<string, unknown>;
    const draft = join(dir, 'ticket-travel-insurance.json');
    writeFileSync(
      draft,
      JSON.stringify({
        ...ticket,
        condition: { any: [ticket.condition, { field: 'merchant.mcc', in: ['5732'] }] },
      }),
    );
    const diff = join(dir, 'diff.jsonl');
    const seedBefore = snapshot(join(repoRoot, 'catalog'));
    const before = snapshot(dir);

    const run = await runTriggersCli(
      ['simulate', draft, '--events', events, '--fixtures', fixtures, '--diff', diff],
      { LOCAL_RUNTIME_FILE: join(dir, 'no-runtime.json') },
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing was written anywhere');
    expect(run.stdout).toMatch(/Live catalog: +revision r-[0-9a-f]{16}, from the seed folder catalog\//);
    expect(run.stdout).toMatch(
      /Candidate catalog: revision r-[0-9a-f]{16}, from the live catalog with trigger:ticket-travel-insurance@2 in place of trigger:ticket-travel-insurance@1/,
    );
    expect(run.stdout).toMatch(/ticket-travel-insurance +live +2 +2 +1 +1 +1 +1 +1 +1 +1 +1/);
    expect(run.stdout).toMatch(/large-purchase-credit-card +ticket-travel-insurance +1 +100\.0% +50\.0%/);
    expect(run.stdout).toContain('Events whose decisions differ between live and candidate: 2');

    const written = readFileSync(diff, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(written.map((l) => l.eventId)).toEqual(['e-2', 'e-3']);
    for (const line of written)
      expect(Object.keys(line).sort()).toEqual(['candidate', 'customerId', 'eventId', 'live']);
    expect(readFileSync(diff, 'utf8')).not.toMatch(/Coolblue|KLM|5732|3008|amount|merchant|occurredAt/);

    // Nothing else was written: the inputs and the seed folder are as they were, and only the diff is new.
    const after = snapshot(dir);
    expect([...after.keys()].filter((f) => !before.has(f))).toEqual([diff]);
    for (const [file, hash] of before) expect(after.get(file)).toBe(hash);
    expect(snapshot(join(repoRoot, 'catalog'))).toEqual(seedBefore);
  });
});
