import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { retentionDaysOf } from '#archive/rows.js';
import { DATASETS, PARTITION_COLUMN } from '#archive/schema.js';

/**
 * A generated decisions archive for the archive benches: Parquet files in the archive's own layout
 * (`decisions/record_day=YYYY-MM-DD/*.parquet`, shared/archive/layout.ts), columns exactly as
 * `DATASETS.decisions`, written by DuckDB's own SQL (`COPY ... PARTITION_BY`), no row ever in JavaScript.
 *
 * The rows follow the demo mix (docs/capacity-and-cost.md section 1): no_trigger 52 %, suppressed 32 %
 * (sensitive screen 14.7 %, gate-suppressed 17.3 % with 1.15 reasons each, mostly no_consent), emitted 13 %,
 * rejected 3 %; the seed catalog's six triggers; customer refs from a pool of `customers`; record ids of 32
 * random-looking hex; a sealed content of 304-592 random bytes (ciphertext does not compress, so neither
 * does this); and about 1 % of the decisions a second time, archived a minute later (a redelivered stream
 * batch), which the queries must count once. Decisions are spread evenly over `days` days ending the day
 * before `endDay`, hour by hour.
 */

export interface ArchiveSpec {
  /** Distinct decisions (the raw rows are about 1 % more: the redeliveries). */
  readonly decisions: number;
  readonly days: number;
  readonly customers: number;
  /** The first day after the archive (UTC, YYYY-MM-DD). */
  readonly endDay: string;
}

export const DEFAULT_ARCHIVE_SPEC: ArchiveSpec = {
  decisions: 50_000_000,
  days: 120,
  customers: 2_000_000,
  endDay: '2026-12-01',
};

/** Bump when the generated rows change, so a cached archive of the old shape is not reused. */
const GENERATOR_VERSION = 1;

const TRIGGERS: ReadonlyArray<readonly [trigger: string, offer: string]> = [
  ['card-abroad-worldwide-cover', 'worldwide-travel-cover'],
  ['child-benefit-child-account', 'child-savings-account'],
  ['high-balance-savings', 'savings-account'],
  ['large-purchase-credit-card', 'credit-card'],
  ['student-finance-student-account', 'student-account'],
  ['ticket-travel-insurance', 'travel-insurance'],
];

/** Reason sets of gate-suppressed decisions (sorted as decided) and their cumulative share. */
const GATE_REASONS: ReadonlyArray<readonly [reasons: string, upTo: number]> = [
  [',no_consent,', 0.62],
  [',customer_excluded,', 0.72],
  [',objected,', 0.77],
  [',frequency_capped,', 0.82],
  [',unsuitable,', 0.85],
  [',arbitration_lost,', 0.88],
  [',no_consent,objected,', 0.93],
  [',customer_excluded,no_consent,', 0.96],
  [',frequency_capped,no_consent,', 0.98],
  [',active_offer_limit,', 0.99],
  [',no_consent,unsuitable,', 1],
];

const BLOBS = 65_536;

const list = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;
const hex = (seed: string): string => `md5(${seed})`;

/** The expression of every column of the decisions dataset, in the dataset's order. */
function columnExpressions(spec: ArchiveSpec): string[] {
  const matched = "kind IN ('gated', 'emitted')";
  const reasons = GATE_REASONS.map(([r, upTo]) => `WHEN w < ${upTo} THEN '${r}'`).join(' ');
  const retention = (outcome: 'emitted' | 'suppressed' | 'no_trigger' | 'rejected') =>
    retentionDaysOf({ outcome });
  const expressions: Record<string, string> = {
    record_id: hex("i::VARCHAR || ':record'"),
    customer_ref: `CASE WHEN kind = 'rejected' AND hash(i, 'anon') % 4 = 0 THEN NULL ELSE ${hex(
      `'customer:' || (hash(i, 'cust') % ${spec.customers})::VARCHAR`,
    )} END`,
    record_hour: "strftime(decided, '%Y-%m-%dT%H')",
    content: 'blob',
    archived_at: "strftime(decided + to_seconds(2 + copy * 60), '%Y-%m-%dT%H:%M:%S.%gZ')",
    retention_days: `(CASE kind WHEN 'emitted' THEN ${retention('emitted')} WHEN 'no_trigger' THEN ${retention(
      'no_trigger',
    )} WHEN 'rejected' THEN ${retention('rejected')} ELSE ${retention('suppressed')} END)::INTEGER`,
    outcome: "CASE kind WHEN 'sensitive' THEN 'suppressed' WHEN 'gated' THEN 'suppressed' ELSE kind END",
    trigger_id: `CASE WHEN ${matched} THEN ${list(TRIGGERS.map(([t]) => t))}[t] END`,
    trigger_version: `CASE WHEN ${matched} THEN 1 END::INTEGER`,
    offer_id: `CASE WHEN ${matched} THEN ${list(TRIGGERS.map(([, o]) => o))}[t] END`,
    reasons: `CASE kind WHEN 'gated' THEN CASE ${reasons} END WHEN 'sensitive' THEN ',sensitive_category,' WHEN 'rejected' THEN ',invalid_event,' ELSE ',' END`,
    policy_version: "'catalog-7'",
    consent_regime: `CASE WHEN ${matched} THEN 'opt-in' END`,
    paid_hour: `CASE WHEN kind IN ('no_trigger', 'gated', 'emitted') THEN strftime(decided - to_minutes((hash(i, 'paid') % 90)::BIGINT), '%Y-%m-%dT%H') END`,
  };
  const columns = DATASETS.decisions.columns.map((c) => {
    const expression = expressions[c.name];
    if (expression === undefined) throw new Error(`The generator has no expression for ${c.name}`);
    return `${expression} AS ${c.name}`;
  });
  if (columns.length !== Object.keys(expressions).length) {
    throw new Error('The generator has expressions for columns the dataset does not have');
  }
  return columns;
}

/** The COPY statement that writes the archive under `dir` (a `decisions/` folder inside it). */
export function generationSql(spec: ArchiveSpec, dir: string): string {
  const hours = spec.days * 24;
  const start = new Date(Date.parse(`${spec.endDay}T00:00:00Z`) - spec.days * 86_400_000);
  const startSql = `TIMESTAMP '${start.toISOString().slice(0, 19).replace('T', ' ')}'`;
  const trigger = `(hash(i, 'trg') % ${TRIGGERS.length})::INTEGER + 1`;
  return `COPY (
  WITH base AS (
    SELECT i, copy,
      (hash(i, 'mix') % 1000000) / 1000000.0 AS u,
      (hash(i, 'why') % 1000000) / 1000000.0 AS w,
      ${trigger} AS t,
      ${startSql} + to_hours((i * ${hours} // ${spec.decisions})::BIGINT) + to_seconds((hash(i, 'sec') % 3600)::BIGINT) AS decided
    FROM range(${spec.decisions}) r (i), range(2) d (copy)
    WHERE copy = 0 OR hash(i, 'dup') % 100 = 0
  ), shaped AS (
    SELECT *, CASE WHEN u < 0.52 THEN 'no_trigger' WHEN u < 0.667 THEN 'sensitive' WHEN u < 0.84 THEN 'gated'
      WHEN u < 0.97 THEN 'emitted' ELSE 'rejected' END AS kind
    FROM base
  )
  SELECT ${columnExpressions(spec).join(',\n    ')},
    strftime(decided, '%Y-%m-%d') AS ${PARTITION_COLUMN}
  FROM shaped JOIN blobs ON blobs.k = hash(i, 'blob') % ${BLOBS}
) TO '${join(dir, 'decisions')}' (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (${PARTITION_COLUMN}))`;
}

/** A pool of random blobs of 304-592 bytes (19-37 MD5 digests), picked per row by hash. */
const BLOBS_SQL = `CREATE OR REPLACE TEMP TABLE blobs AS
SELECT k, unhex(string_agg(md5(k::VARCHAR || ':' || j::VARCHAR || ':' || random()::VARCHAR), '' ORDER BY j)) AS blob
FROM range(${BLOBS}) a (k), range(37) b (j)
WHERE j < 19 + hash(k, 'len') % 19
GROUP BY k`;

export const archiveCacheRoot = (): string =>
  process.env.ARCHIVE_BENCH_DIR ?? join(tmpdir(), 'offer-pipeline-bench-archive');

/** The folder of an archive of this spec (its name says the parameters, so another spec never reuses it). */
export const archiveDirOf = (spec: ArchiveSpec): string =>
  join(
    archiveCacheRoot(),
    `decisions-${spec.decisions}-d${spec.days}-c${spec.customers}-${spec.endDay}-v${GENERATOR_VERSION}`,
  );

export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

export interface GeneratedArchive {
  readonly dir: string;
  /** Whether it was generated now (false: reused from the cache). */
  readonly generated: boolean;
  readonly seconds: number;
  /** CPU seconds of the process meanwhile (DuckDB's threads included): the work, whatever else ran. */
  readonly cpuSeconds: number;
}

/**
 * The archive of `spec`, generated unless a complete one is cached: written to a temporary folder beside the
 * cache entry and renamed when complete, so an interrupted run leaves nothing that looks complete.
 */
export async function ensureArchive(spec: ArchiveSpec, threads: number): Promise<GeneratedArchive> {
  const dir = archiveDirOf(spec);
  if (existsSync(join(dir, 'decisions'))) return { dir, generated: false, seconds: 0, cpuSeconds: 0 };
  mkdirSync(archiveCacheRoot(), { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const began = performance.now();
  const cpu = process.cpuUsage();
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(threads),
    preserve_insertion_order: 'false',
  });
  const connection = await instance.connect();
  try {
    await connection.run(BLOBS_SQL);
    await connection.run(generationSql(spec, partial));
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  renameSync(partial, dir);
  const used = process.cpuUsage(cpu);
  return {
    dir,
    generated: true,
    seconds: (performance.now() - began) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}
