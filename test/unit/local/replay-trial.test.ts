import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRuntimeError } from '#local/errors.js';
import { prepareTrial, replayCatalog } from '#local/replay-trial.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-trial-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay: which catalog its own pipeline gets', () => {
  it('needs none without --catalog or --trigger, and a folder with --catalog', async () => {
    expect(await replayCatalog({ kind: 'trigger' })).toBeUndefined();
    const own = await replayCatalog({ kind: 'trigger', catalog: 'my-draft' });
    expect(own?.options.catalogDir).toMatch(/\/my-draft$/);
    expect(own?.options.preparedCatalog).toBeUndefined();
  });

  it('refuses options that do not go together, naming them', async () => {
    const refused = (options: Parameters<typeof replayCatalog>[0]) => replayCatalog(options);
    await expect(refused({ kind: 'trigger', catalog: 'x', trigger: 'a', version: 2 })).rejects.toThrow(
      '--catalog and --trigger: give one of them, not both.',
    );
    await expect(refused({ kind: 'trigger', trigger: 'a' })).rejects.toThrow(
      '--trigger <id> and --version <n> go together',
    );
    await expect(refused({ kind: 'trigger', version: 2 })).rejects.toThrow(
      '--trigger <id> and --version <n> go together',
    );
    await expect(refused({ kind: 'trigger', dataDir: dir })).rejects.toThrow(
      '--data-dir goes with --trigger',
    );
  });

  it('refuses a trial when no pipeline is running (none announced, or its process has ended)', async () => {
    const request = { kind: 'trigger' as const, id: 'card-abroad-worldwide-cover', version: 2 };
    const none = join(dir, 'absent.json');
    await expect(prepareTrial(request, { runtimeFile: none })).rejects.toThrow(LocalRuntimeError);
    await expect(prepareTrial(request, { runtimeFile: none })).rejects.toThrow(
      /^No running local pipeline found to read the version from/,
    );
    const stale = join(dir, 'stale.json');
    // A pid that cannot be alive (above the kernel's maximum).
    writeFileSync(stale, JSON.stringify({ pid: 2 ** 30, dynamodb: 'http://127.0.0.1:1', queues: {} }));
    await expect(prepareTrial(request, { runtimeFile: stale })).rejects.toThrow(/No running local pipeline/);
    await expect(prepareTrial(request, { runtimeFile: none, dataDir: join(dir, 'missing') })).rejects.toThrow(
      /--data-dir .*missing: no such folder/,
    );
  });
});
