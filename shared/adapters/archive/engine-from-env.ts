import type { ArchiveEngine } from '#archive/ports.js';
import { ConfigurationError } from '#shared/errors.js';

/**
 * The archive engine the environment names (AUDIT_ENGINE): `duckdb` over the folder ARCHIVE_DIR (local
 * runs, `npm run audit`), or `athena` in the workgroup ATHENA_WORKGROUP on the Glue database
 * ARCHIVE_DATABASE (AWS). Each engine is imported only when chosen, so the Lambda bundle of the API does
 * not load DuckDB's native module and a local run needs no Athena client. A missing setting is a
 * ConfigurationError naming it.
 */

export interface ArchiveEngineEnv {
  readonly AUDIT_ENGINE: 'duckdb' | 'athena';
  readonly ARCHIVE_DIR?: string;
  readonly ATHENA_WORKGROUP?: string;
  readonly ARCHIVE_DATABASE?: string;
}

function required(
  env: ArchiveEngineEnv,
  name: 'ARCHIVE_DIR' | 'ATHENA_WORKGROUP' | 'ARCHIVE_DATABASE',
): string {
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new ConfigurationError(`${name} must be set when AUDIT_ENGINE is ${env.AUDIT_ENGINE}`);
  }
  return value;
}

export async function archiveEngineFromEnv(env: ArchiveEngineEnv): Promise<ArchiveEngine> {
  switch (env.AUDIT_ENGINE) {
    case 'duckdb': {
      const root = required(env, 'ARCHIVE_DIR');
      const { DuckDbArchiveEngine } = await import('./duckdb-engine.js');
      return DuckDbArchiveEngine.open(root);
    }
    case 'athena': {
      const workGroup = required(env, 'ATHENA_WORKGROUP');
      const database = required(env, 'ARCHIVE_DATABASE');
      const { AthenaArchiveEngine } = await import('./athena-engine.js');
      return new AthenaArchiveEngine({ workGroup, database });
    }
    default:
      throw new ConfigurationError(`AUDIT_ENGINE must be duckdb or athena, got ${String(env.AUDIT_ENGINE)}`);
  }
}

/**
 * The engine of the environment, opened on the first statement and kept (once per cold start in a
 * Lambda); an opening that failed is tried again on the next statement.
 */
export function lazyArchiveEngine(env: ArchiveEngineEnv): ArchiveEngine {
  let opened: Promise<ArchiveEngine> | undefined;
  const engine = (): Promise<ArchiveEngine> => {
    opened ??= archiveEngineFromEnv(env).catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  return {
    name: env.AUDIT_ENGINE,
    run: async (statement) => (await engine()).run(statement),
    close: async () => {
      const current = opened;
      opened = undefined;
      if (current !== undefined) await (await current).close();
    },
  };
}
