import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import type { JsonObject } from '#core/governance/model.js';
import { writeEndpointsFile } from '#local/endpoints-file.js';
import { CATALOG_TABLE } from '#shared/catalog-table.js';
import { runLocalCli as cli, readDecisionsFile, repoRoot } from '#test/integration/support/cli.js';
import { atmAbroad } from '#test/integration/support/events.js';
import { PipelineHarness } from '#test/integration/support/pipeline.js';
import { traveller } from '#test/support/builders.js';

/**
 * Issue 12: `replay --trigger <id> --version n` tries a draft held in the RUNNING pipeline's catalog table
 * in a throwaway pipeline, and its decisions cite that version; the running pipeline is only read.
 */

const CARD = 'card-abroad-worldwide-cover';

describe('replay --trigger <id> --version n', () => {
  let pipeline: PipelineHarness | undefined;
  let dir: string;
  let runtimeFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'replay-trial-'));
    runtimeFile = join(dir, 'runtime.json');
    pipeline = await PipelineHarness.start();
    writeEndpointsFile(pipeline.runtime, undefined, runtimeFile);
  });
  afterAll(async () => {
    await pipeline?.runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays with a draft version read from the running table, decisions citing it; nothing is written there', async () => {
    const running = pipeline as PipelineHarness;
    const store = new DynamoCatalogStore(running.documents, CATALOG_TABLE);
    const service = new CatalogGovernanceService({ repository: store, now: () => new Date() });
    const file = JSON.parse(
      readFileSync(resolve(repoRoot, 'catalog/triggers', `${CARD}.json`), 'utf8'),
    ) as JsonObject;
    const { version: _v, ...content } = file;
    const drafted = await service.execute(
      'trigger',
      CARD,
      { action: 'draft', content: { ...content, description: 'Draft 2: tried before review.' } },
      { id: 'local:ann', role: 'product-team' },
    );
    expect(drafted.ok).toBe(true);
    const before = await store.load('trigger', CARD);
    expect(before?.versions.map((v) => [v.version, v.state])).toEqual([
      [1, 'live'],
      [2, 'draft'],
    ]);

    const fixtures = join(dir, 'customers.json');
    writeFileSync(fixtures, JSON.stringify({ customers: [traveller('trial-1')] }));
    const event = atmAbroad('trial-1');
    const events = join(dir, 'events.jsonl');
    writeFileSync(events, `${JSON.stringify(event)}\n`);
    const env = { LOCAL_RUNTIME_FILE: runtimeFile };

    // A version that is not there: refused before anything starts, naming the versions there are.
    const missing = await cli(
      ['replay', '--fixtures', fixtures, '--events', events, '--trigger', CARD, '--version', '7'],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`trigger:${CARD} has no version 7; its versions: 1 (live), 2 (draft)`);

    const out = join(dir, 'decisions.jsonl');
    const run = await cli(
      [
        'replay',
        '--fixtures',
        fixtures,
        '--events',
        events,
        '--trigger',
        CARD,
        '--version',
        '2',
        '--out',
        out,
      ],
      env,
    );
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Trying trigger:${CARD}@2 (draft), in place of trigger:${CARD}@1`);
    expect(run.stdout).toMatch(/Catalog: imported \d+ items: a replay trial of trigger:/);
    const decisions = readDecisionsFile(out);
    expect(decisions).toContainEqual(
      expect.objectContaining({
        eventId: event.eventId,
        triggerId: CARD,
        triggerVersion: 2,
        outcome: 'emitted',
      }),
    );

    // The running pipeline was only read: its catalog item is as it was, and it decided nothing.
    expect(await store.load('trigger', CARD)).toEqual(before);
    expect(await running.decisionsForEvent(event.eventId)).toEqual([]);
  });
});
