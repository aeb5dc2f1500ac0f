import * as z from 'zod';

/**
 * The audit archive's deployment settings (issue 15, ./archive.ts), under `archive` in
 * infra/environments/<name>.json:
 * - `lagAlarmSeconds` (ARCHIVE_LAG_ALARM_SECONDS): the archiver's stream IteratorAge above which the archive
 *   lag alarm fires (2 of 3 minutes);
 * - `bytesScannedCutoffGb`: the Athena workgroup cancels any query that would scan more (a cost and blast-radius
 *   cap on the privacy officers' queries);
 * - `firstDay`: the first `record_day` of the Glue tables' partition projection (the day the archive started);
 *   days before it are not queried.
 */
export const DEFAULT_ARCHIVE_SETTINGS = {
  lagAlarmSeconds: 120,
  bytesScannedCutoffGb: 100,
  firstDay: '2026-01-01',
} as const;

const wholeNumber = (what: string, min: number, max: number) => {
  const expected = `expected ${what}: a whole number from ${min} to ${max}`;
  return z.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
};

export const archiveSettingsSchema = z.strictObject({
  lagAlarmSeconds: wholeNumber('the archive lag alarm threshold in seconds', 30, 86_400),
  // Athena's minimum cutoff is 10 MB; 1 GB is the smallest that makes sense for a year of counts.
  bytesScannedCutoffGb: wholeNumber('the most gigabytes one archive query may scan', 1, 100_000),
  firstDay: z
    .string({ error: 'expected the first day of the archive as YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected the first day of the archive as YYYY-MM-DD')
    .refine(
      (day) => {
        const time = Date.parse(`${day}T00:00:00Z`);
        return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
      },
      {
        message: 'expected a real calendar day (YYYY-MM-DD)',
      },
    ),
});

export type ArchiveSettings = z.infer<typeof archiveSettingsSchema>;
