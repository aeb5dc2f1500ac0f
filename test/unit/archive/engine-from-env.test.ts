import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AthenaArchiveEngine } from '#adapters/archive/athena-engine.js';
import { DuckDbArchiveEngine } from '#adapters/archive/duckdb-engine.js';
import { archiveEngineFromEnv } from '#adapters/archive/engine-from-env.js';
import { ConfigurationError } from '#shared/errors.js';

describe('archiveEngineFromEnv', () => {
  it('opens DuckDB over the archive folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-env-'));
    const engine = await archiveEngineFromEnv({ AUDIT_ENGINE: 'duckdb', ARCHIVE_DIR: dir });
    expect(engine).toBeInstanceOf(DuckDbArchiveEngine);
    expect(await engine.run({ name: 'x.y', sql: 'SELECT count(*) AS n FROM decisions', params: [] })).toEqual(
      [{ n: 0 }],
    );
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds the Athena engine from its workgroup and database', async () => {
    const engine = await archiveEngineFromEnv({
      AUDIT_ENGINE: 'athena',
      ATHENA_WORKGROUP: 'audit',
      ARCHIVE_DATABASE: 'offer_archive',
    });
    expect(engine).toBeInstanceOf(AthenaArchiveEngine);
    await engine.close();
  });

  it('names the missing setting', async () => {
    await expect(archiveEngineFromEnv({ AUDIT_ENGINE: 'duckdb' })).rejects.toThrow(/ARCHIVE_DIR/);
    await expect(archiveEngineFromEnv({ AUDIT_ENGINE: 'athena', ATHENA_WORKGROUP: 'w' })).rejects.toThrow(
      ConfigurationError,
    );
  });
});
