import * as z from 'zod';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS, DEFAULT_STALE_EVENT_HORIZON_DAYS } from '#core/clock-guard.js';
import {
  CONSENT_REGIMES,
  consentRegimeExpectation,
  DEFAULT_ARBITRATION,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_DISMISSAL_PAUSE,
  DEFAULT_FREQUENCY_CAP,
} from '#core/policy-defaults.js';
import { ConfigurationError } from '#shared/errors.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';
import { positiveIntFromEnv } from './env.js';

/**
 * Every setting a function may read from its environment, declared once: its variable name, its zod schema
 * (what it expects, in words) and its default. A function lists the settings it reads in its definition
 * (`settings` in infra/definitions/functions.ts); from that one list the CDK stack sets the variables (the
 * environment's configured value or the default, infra/cdk/function-environment.ts), the local runtime sets
 * the defaults, and the handler validates exactly those variables at cold start (./function-env.ts).
 * Adding a setting: an entry here, its name in the definitions of the functions that read it.
 */
/** How often, at most, a Lambda reads the live catalog again (CATALOG_REFRESH_SECONDS). */
export const DEFAULT_CATALOG_REFRESH_SECONDS = 60;

const HOT_DAYS_EXPECTED = `expected the hot audit retention in days (a whole number from ${DEFAULT_STALE_EVENT_HORIZON_DAYS + 1} to 3650)`;

export const SETTINGS = {
  /** Opt-in unless a deployment chooses opt-out explicitly; every decision records the regime. */
  CONSENT_REGIME: z
    .enum(CONSENT_REGIMES, { error: consentRegimeExpectation() })
    .default(DEFAULT_CONSENT_REGIME),
  FREQUENCY_CAP_MAX_OFFERS: positiveIntFromEnv(
    'the most offers per customer per window',
    DEFAULT_FREQUENCY_CAP.maxOffers,
  ),
  FREQUENCY_CAP_WINDOW_DAYS: positiveIntFromEnv(
    'the frequency window in days',
    DEFAULT_FREQUENCY_CAP.windowDays,
  ),
  /** Arbitration (issue 13): at most this many offers for one payment, the highest trigger priority first. */
  MAX_OFFERS_PER_EVENT: positiveIntFromEnv(
    'the most offers emitted for one payment',
    DEFAULT_ARBITRATION.maxOffersPerEvent,
  ),
  /** At most this many offers active for one customer at once (issue 13). */
  MAX_ACTIVE_OFFERS: positiveIntFromEnv(
    'the most offers active for one customer at once',
    DEFAULT_ARBITRATION.maxActiveOffers,
  ),
  /**
   * The dismissal pause (issue 13): DISMISSAL_PAUSE_COUNT dismissals within DISMISSAL_PAUSE_WITHIN_DAYS stop
   * all offers to the customer for DISMISSAL_PAUSE_DAYS. Read by evaluate-payments (the dismissal_pause gate)
   * and by the banner API (no offers served while paused).
   */
  DISMISSAL_PAUSE_COUNT: positiveIntFromEnv(
    'the number of dismissals that pauses all offers',
    DEFAULT_DISMISSAL_PAUSE.dismissals,
  ),
  DISMISSAL_PAUSE_WITHIN_DAYS: positiveIntFromEnv(
    'the days within which those dismissals count',
    DEFAULT_DISMISSAL_PAUSE.withinDays,
  ),
  DISMISSAL_PAUSE_DAYS: positiveIntFromEnv(
    'the days a dismissal pause lasts',
    DEFAULT_DISMISSAL_PAUSE.pauseDays,
  ),
  /** The clock guard every consumer of outside instants reads (payments, consent and CRM changes, feedback). */
  MAX_FUTURE_SKEW_SECONDS: positiveIntFromEnv(
    'the allowed clock skew in seconds',
    DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  ),
  STALE_EVENT_HORIZON_DAYS: positiveIntFromEnv(
    'the age in days after which a payment is stale',
    DEFAULT_STALE_EVENT_HORIZON_DAYS,
  ),
  /**
   * Days the hot audit table (DynamoDB) keeps a record before TTL removes it (issue 15); the archive keeps it
   * for its retention period (shared/retention.ts). At least the default stale horizon + 1: the hot item is
   * the event's claim, which must outlive the horizon within which a payment is still decided (checked
   * against the configured STALE_EVENT_HORIZON_DAYS by hotAuditDaysFrom).
   */
  HOT_AUDIT_DAYS: z.coerce
    .number({ error: HOT_DAYS_EXPECTED })
    .int(HOT_DAYS_EXPECTED)
    .min(DEFAULT_STALE_EVENT_HORIZON_DAYS + 1, HOT_DAYS_EXPECTED)
    .max(3650, HOT_DAYS_EXPECTED)
    .default(DEFAULT_HOT_AUDIT_DAYS),
  /** Replays on the local runtime only: decide a past event on its own clock when the message asks. */
  EVENT_CLOCK: z
    .enum(['off', 'allowed'], { error: 'expected "off" (the default) or "allowed" (local replays)' })
    .default('off'),
  /**
   * How long a Lambda keeps its live catalog snapshot before reading the catalog table again (issue 12): a
   * newly activated or retired version takes effect within this many seconds.
   */
  CATALOG_REFRESH_SECONDS: z.coerce
    .number({ error: 'expected the catalog refresh interval in seconds (a whole number from 1 to 3600)' })
    .int('expected the catalog refresh interval in seconds (a whole number from 1 to 3600)')
    .min(1, 'expected the catalog refresh interval in seconds (at least 1)')
    .max(3600, 'expected the catalog refresh interval in seconds (at most 3600)')
    .default(DEFAULT_CATALOG_REFRESH_SECONDS),
  /**
   * Where the archiver (archive-records, issue 15) writes archive objects: the S3 bucket with Object Lock
   * (set by the stack), or else a local folder (set by the local runtime: `<data-dir>/archive`).
   */
  ARCHIVE_BUCKET: z.string().min(1, 'expected the archive bucket name').optional(),
  /** Empty or absent in AWS (the bucket is used): the one setting an empty value means "none" for. */
  ARCHIVE_DIR: z.string({ error: 'expected the local archive folder' }).optional(),
  /**
   * Which engine the privacy queries run their SQL on (issue 15): `duckdb` over ARCHIVE_DIR (local runs,
   * `npm run audit`), `athena` over the Glue tables of the archive bucket (set by the stack).
   */
  AUDIT_ENGINE: z.enum(['duckdb', 'athena'], { error: 'expected duckdb or athena' }).default('duckdb'),
  /** The Athena workgroup the privacy queries run in (result encryption, bytes-scanned limit). */
  ATHENA_WORKGROUP: z.string().min(1, 'expected the Athena workgroup name').optional(),
  /** The Glue database of the archive's tables (one per dataset, named as the dataset). */
  ARCHIVE_DATABASE: z.string().min(1, 'expected the Glue database name of the archive').optional(),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValues<S extends SettingName> = { readonly [K in S]: z.output<(typeof SETTINGS)[K]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * Settings the stack does not set from the definitions: EVENT_CLOCK exists for the local runtime only (no
 * deployment may decide on event time).
 */
export const NOT_DEPLOYED_FROM_DEFINITIONS: readonly SettingName[] = ['EVENT_CLOCK'];

/**
 * The default of each deployed setting as an environment value: what the local runtime sets, and what the
 * stack sets unless the environment's settings decide the variable (infra/cdk/settings.ts).
 */
export function settingDefaults(names: readonly SettingName[]): Readonly<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of names) {
    if (NOT_DEPLOYED_FROM_DEFINITIONS.includes(name)) continue;
    const value: unknown = SETTINGS[name].parse(undefined);
    if (value !== undefined) env[name] = String(value);
  }
  return env;
}

/**
 * HOT_AUDIT_DAYS, checked against the configured stale horizon: the hot item is the event's claim, so it
 * must outlive every payment that is still decided (not stale). Throws ConfigurationError at cold start.
 */
export function hotAuditDaysFrom(
  settings: Partial<SettingValues<'STALE_EVENT_HORIZON_DAYS'>> & SettingValues<'HOT_AUDIT_DAYS'>,
): number {
  const horizon = settings.STALE_EVENT_HORIZON_DAYS ?? DEFAULT_STALE_EVENT_HORIZON_DAYS;
  if (settings.HOT_AUDIT_DAYS < horizon + 1) {
    throw new ConfigurationError(
      `HOT_AUDIT_DAYS must be at least STALE_EVENT_HORIZON_DAYS + 1 (${horizon + 1}): the hot audit item is the event's claim`,
    );
  }
  return settings.HOT_AUDIT_DAYS;
}
