import { describe, expect, it } from 'vitest';
import type { ArchiveStatement } from '#archive/ports.js';
import { DATASET_NAMES } from '#archive/schema.js';
import { suppressedCountsStatement, suppressedTotalsStatement } from '#archive/sql/counts.sql.js';
import { customerRowsStatement } from '#archive/sql/customer.sql.js';
import { overviewStatement } from '#archive/sql/overview.sql.js';
import { ArchiveQueryError } from '#archive/sql/period.sql.js';
import { recordsByIdStatement } from '#archive/sql/records.sql.js';
import {
  suppressedListStatement,
  suppressedOfTriggerStatement,
  withoutPaymentTimeStatement,
} from '#archive/sql/suppressed.sql.js';

/**
 * Every query definition of the archive stays in the SQL that DuckDB and Athena (Trino) both run: this
 * test is the Athena side's template test (the DuckDB side runs them: ./sql.test.ts).
 */

const period = { fromHour: '2026-09-01T00', toHour: '2026-12-01T00' } as const;
const days = { fromDay: '2026-01-01', toDay: '2026-12-31' } as const;
const ref = 'a'.repeat(32);

const statements: ArchiveStatement[] = [
  ...(['decided', 'payment'] as const).flatMap((basis) => [
    suppressedCountsStatement({ basis, ...period }),
    suppressedCountsStatement({
      basis,
      ...period,
      triggerId: 'card-abroad-worldwide-cover',
      reason: 'no_consent',
    }),
    suppressedCountsStatement({ basis, ...period, triggerId: 'none' }),
    suppressedTotalsStatement({ basis, ...period, reason: 'objected' }),
    suppressedListStatement({ basis, ...period, limit: 50 }),
    suppressedListStatement({
      basis,
      ...period,
      limit: 500,
      triggerId: 'x',
      reason: 'unsuitable',
      after: { hour: '2026-10-01T10', recordId: ref },
    }),
    overviewStatement({ basis, ...period }),
  ]),
  withoutPaymentTimeStatement({ ...period, triggerId: 'none', reason: 'sensitive_category' }),
  suppressedOfTriggerStatement('card-abroad-worldwide-cover', days),
  recordsByIdStatement('decisions', { recordIds: [ref, ref], customerRef: ref }, days),
  recordsByIdStatement('withdrawals', { recordIds: [`d_${ref}`], customerRef: null }, days),
  customerRowsStatement('decisions', ref, days),
  customerRowsStatement('withdrawals', ref, days),
];

/** Constructs one engine has and the other lacks (or spells differently). */
const NOT_COMMON: ReadonlyArray<[string, RegExp]> = [
  ['QUALIFY (DuckDB only)', /\bQUALIFY\b/i],
  [':: casts (DuckDB/Postgres only)', /::/],
  ['ILIKE (DuckDB only)', /\bILIKE\b/i],
  ['list_* functions (DuckDB only)', /\blist_\w+\s*\(/i],
  ['string_split (DuckDB only)', /\bstring_split\b/i],
  ['str_split / regexp_split_to_array', /\b(str_split|regexp_split_to_array)\b/i],
  ['double-quoted strings or identifiers', /"/],
  ['backticks', /`/],
  ['any_value (not in Athena engine v2)', /\bany_value\b/i],
  ['GROUP BY / ORDER BY ALL (DuckDB only)', /\b(GROUP|ORDER)\s+BY\s+ALL\b/i],
  ['SELECT * EXCLUDE / REPLACE (DuckDB only)', /\*\s*(EXCLUDE|REPLACE)\b/i],
  ['read_parquet and other table functions', /\bread_(parquet|csv|json)\b/i],
  ['$n parameters', /\$\d/],
  ['strftime / epoch_ms (DuckDB only)', /\b(strftime|epoch_ms|epoch)\s*\(/i],
  ['LIMIT with a parameter', /\bLIMIT\s+\?/i],
  ['USING SAMPLE (DuckDB only)', /\bUSING\s+SAMPLE\b/i],
  ['arrow operators (JSON, lambdas)', /->/],
  ['semicolons (one statement each)', /;/],
  ['comments', /--|\/\*/],
  ['date/time types (times are compared as strings)', /\b(TIMESTAMP|INTERVAL|DATE)\b/i],
];

describe('the archive query definitions stay in the common subset of DuckDB and Trino SQL', () => {
  it.each(statements.map((s, i) => [`${i} ${s.name}`, s] as const))('%s', (_, statement) => {
    for (const [what, pattern] of NOT_COMMON) {
      expect(pattern.test(statement.sql), `${statement.name} uses ${what}`).toBe(false);
    }
    expect(statement.sql.split('?').length - 1, 'one parameter per ?').toBe(statement.params.length);
    for (const param of statement.params) {
      expect(typeof param === 'string' || Number.isInteger(param)).toBe(true);
    }
    expect(statement.sql, 'partition pruning').toMatch(/record_day >= \? AND record_day <= \?/);
    const tables = [...statement.sql.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/g)].map((m) => m[1]);
    // Common table expressions (`WITH name AS (`) are the statement's own relations, not tables.
    const ctes = [...statement.sql.matchAll(/\b(?:WITH|,)\s*([a-z_]+)\s+AS\s*\(/g)].map((m) => m[1]);
    for (const table of tables) {
      if (!ctes.includes(table)) expect(DATASET_NAMES as readonly string[]).toContain(table);
    }
    expect(statement.name).toMatch(/^[a-z_]+\.[a-z.-]+$/);
  });

  it('has the subset check catch what it is meant to catch', () => {
    const bad = [
      'SELECT * FROM decisions QUALIFY row_number() OVER () = 1',
      'SELECT x::VARCHAR FROM decisions',
      'SELECT * FROM decisions WHERE reasons ILIKE ?',
      'SELECT list_contains(string_split(reasons, ?), ?) FROM decisions',
      'SELECT "x" FROM decisions',
    ];
    for (const sql of bad) expect(NOT_COMMON.some(([, pattern]) => pattern.test(sql))).toBe(true);
  });

  it('refuses what it would have to write into the SQL text unchecked', () => {
    expect(() => suppressedListStatement({ basis: 'decided', ...period, limit: 0 })).toThrow(
      ArchiveQueryError,
    );
    expect(() => suppressedListStatement({ basis: 'decided', ...period, limit: 1.5 })).toThrow(
      ArchiveQueryError,
    );
    expect(() =>
      suppressedCountsStatement({
        basis: 'decided',
        fromHour: "2026-01-01T00' OR 1=1",
        toHour: '2026-01-02T00',
      }),
    ).toThrow(ArchiveQueryError);
    expect(() =>
      overviewStatement({ basis: 'decided', fromHour: '2026-02-01T00', toHour: '2026-01-01T00' }),
    ).toThrow(ArchiveQueryError);
  });

  it('reads only the partitions of the period (payment time: up to the day decisions are read until)', () => {
    expect(suppressedCountsStatement({ basis: 'decided', ...period }).params.slice(0, 2)).toEqual([
      '2026-09-01',
      '2026-12-01',
    ]);
    expect(
      suppressedCountsStatement({ basis: 'payment', ...period, decidedUntilDay: '2027-02-01' }).params.slice(
        0,
        2,
      ),
    ).toEqual(['2026-08-31', '2027-02-01']);
  });
});
