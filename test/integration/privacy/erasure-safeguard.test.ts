import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CONFIRMATION } from '#local/audit/erase.js';
import { writeEndpointsFile } from '#local/endpoints-file.js';
import type { ErasurePreview, ErasureReport } from '#privacy/erasure.js';
import { runAuditCli } from '#test/integration/support/cli.js';
import { atmAbroad, groceries } from '#test/integration/support/events.js';
import { customer, nextEventId, PipelineHarness } from '#test/integration/support/pipeline.js';
import { everyTable } from '#test/integration/support/tables.js';

/**
 * Issue 16, item 7: an erasure is irreversible, so it has a preview that changes nothing (HTTP
 * `?dryRun=true`, CLI `--dry-run`), and the CLI erases only after a typed confirmation or `--yes`. Every
 * table is compared before and after: the only difference a preview may make is its own access-log entry.
 */

const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
const VIA_HTTP = 'safeguard-http-1';
const VIA_CLI = 'safeguard-cli-2';
const pharmacy = (customerId: string) => ({
  ...groceries(customerId),
  eventId: nextEventId('safeguard-pharmacy'),
  merchant: { name: 'Apotheek', mcc: '5912', country: 'NL', city: 'Utrecht' },
});

/** What changed between two snapshots of every table: the items added and removed, per table. */
function difference(before: Record<string, string[]>, after: Record<string, string[]>) {
  const changes: Record<string, { added: unknown[]; removed: unknown[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const added = [...is].filter((i) => !was.has(i)).map((i) => JSON.parse(i) as unknown);
    const removed = [...was].filter((i) => !is.has(i)).map((i) => JSON.parse(i) as unknown);
    if (added.length > 0 || removed.length > 0) changes[table] = { added, removed };
  }
  return changes;
}

describe('erasure safeguard: preview changes nothing, and erasing needs a confirmation', () => {
  let pipeline: PipelineHarness | undefined;
  let dataDir: string;
  let runtimeFile: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'erasure-safeguard-'));
    runtimeFile = `${dataDir}-runtime.json`;
    const running = await PipelineHarness.start({ dataDir });
    pipeline = running;
    await running.loadCustomers([customer(VIA_HTTP, EUROPE_COVER), customer(VIA_CLI, EUROPE_COVER)]);
    for (const id of [VIA_HTTP, VIA_CLI]) {
      await running.decide(atmAbroad(id));
      await running.decide(groceries(id));
      await running.decide(pharmacy(id));
    }
    await running.runtime.idle(20_000);
    // Issue 15: wait until the archiver has archived every decision above (the runtime's drain), so that the
    // erasure finds their hot copies through the archive.
    await running.drainArchive();
  }, 240_000);

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(runtimeFile, { force: true });
  });

  it('HTTP ?dryRun=true answers the preview and changes nothing but its access-log entry; the erasure then does what it said', async () => {
    const running = pipeline as PipelineHarness;
    const url = `${running.runtime.endpoints.http}/privacy/customers/${VIA_HTTP}/erasure`;
    const before = await everyTable(running.documents);
    const answer = await fetch(`${url}?dryRun=true`, { method: 'POST' });
    expect(answer.status).toBe(200);
    const preview = (await answer.json()) as ErasurePreview;
    expect(preview).toMatchObject({ dryRun: true });
    expect(preview).not.toHaveProperty('erasureId');
    // Issue 15: the decisions' hot copies are found through the archive (the archiver has caught up: see
    // beforeAll), and the customer's archive key would be destroyed.
    expect(preview.archive.key).toBe('present');
    const removed = Object.fromEntries(preview.removed.map((r) => [r.kind, `${r.count} ${r.how}`]));
    expect(removed).toMatchObject({
      customerProfile: '1 deleted',
      currentConsents: '1 deleted',
      offer: '1 deleted',
      decisionNoTrigger: '1 deleted',
      decisionEmitted: '1 deleted',
      decisionSuppressed: '1 deleted',
    });

    const changes = difference(before, await everyTable(running.documents));
    expect(Object.keys(changes)).toEqual(['audit-access-log']);
    expect(changes['audit-access-log']).toEqual({
      added: [expect.objectContaining({ query: 'erasure', parameters: { dryRun: true }, via: 'http' })],
      removed: [],
    });
    expect(JSON.stringify(changes)).not.toContain(VIA_HTTP);

    // A bad value changes nothing either.
    const bad = await fetch(`${url}?dryRun=maybe`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'dryRun', in: 'query' }] });

    const erased = (await (await fetch(url, { method: 'POST' })).json()) as ErasureReport;
    expect(erased.archive.key).toBe('destroyed');
    expect(erased.removed).toEqual(preview.removed);
    expect(erased.kept).toEqual(preview.kept);
    expect(erased.keptUntil).toBe(preview.keptUntil);
  });

  it('CLI: without a terminal and without --yes it refuses (exit 1) reading nothing; --dry-run changes nothing but its access-log entry; --yes erases as previewed', async () => {
    // The CLI finds this running pipeline through its runtime file, as it finds a running `npm start`, and
    // reads the --data-dir through it (the files of a running DynamoDB Local are never opened twice).
    const running = pipeline as PipelineHarness;
    writeEndpointsFile(running.runtime, dataDir, runtimeFile);
    const env = { LOCAL_RUNTIME_FILE: runtimeFile };
    const snapshot = () => everyTable(running.documents);
    const before = await snapshot();

    const refused = await runAuditCli(['--data-dir', dataDir, 'erase', VIA_CLI], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${NO_CONFIRMATION}`);
    expect(refused.stdout).toBe('');
    expect(difference(before, await snapshot())).toEqual({});

    const text = await runAuditCli(['--data-dir', dataDir, 'erase', VIA_CLI, '--dry-run'], env);
    expect(text.stderr).not.toContain('error');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^PREVIEW \(dry run\).*NOTHING WAS CHANGED/);
    expect(text.stdout).toMatch(/offer\s+deleted\s+1/);
    const json = await runAuditCli(['--data-dir', dataDir, 'erase', VIA_CLI, '--dry-run', '--json'], env);
    expect(json.code).toBe(0);
    const preview = JSON.parse(json.stdout) as ErasurePreview;
    expect(preview.dryRun).toBe(true);

    const changes = difference(before, await snapshot());
    expect(Object.keys(changes)).toEqual(['audit-access-log']);
    expect(changes['audit-access-log']?.removed).toEqual([]);
    expect(changes['audit-access-log']?.added).toEqual([
      expect.objectContaining({ query: 'erasure', parameters: { dryRun: true }, via: 'cli' }),
      expect.objectContaining({ query: 'erasure', parameters: { dryRun: true }, via: 'cli' }),
    ]);

    const both = await runAuditCli(['--data-dir', dataDir, 'erase', VIA_CLI, '--dry-run', '--yes'], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--dry-run and --yes: choose one');

    const erased = await runAuditCli(['--data-dir', dataDir, 'erase', VIA_CLI, '--yes', '--json'], env);
    expect(erased.code).toBe(0);
    const report = JSON.parse(erased.stdout) as ErasureReport;
    expect(report.removed).toEqual(preview.removed);
    expect(report.kept).toEqual(preview.kept);
    expect(report.removed.find((r) => r.kind === 'offer')).toEqual({
      kind: 'offer',
      count: 1,
      how: 'deleted',
    });
  }, 300_000);
});
