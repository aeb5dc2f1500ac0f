import * as z from 'zod';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS, DEFAULT_STALE_EVENT_HORIZON_DAYS } from '#core/clock-guard.js';
import {
  CONSENT_REGIMES,
  consentRegimeExpectation,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_FREQUENCY_CAP,
} from '#core/policy-defaults.js';
import { positiveIntFromEnv } from './env.js';

/**
 * Every setting a function may read from its environment, declared once: its variable name, its zod schema
 * (what it expects, in words) and its default. A function lists the settings it reads in its definition
 * (`settings` in infra/definitions/functions.ts); from that one list the CDK stack sets the variables (the
 * environment's configured value or the default, infra/cdk/function-environment.ts), the local runtime sets
 * the defaults, and the handler validates exactly those variables at cold start (./function-env.ts).
 * Adding a setting: an entry here, its name in the definitions of the functions that read it.
 */
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
  /** The clock guard every consumer of outside instants reads (payments, consent and CRM changes, feedback). */
  MAX_FUTURE_SKEW_SECONDS: positiveIntFromEnv(
    'the allowed clock skew in seconds',
    DEFAULT_MAX_FUTURE_SKEW_SECONDS,
  ),
  STALE_EVENT_HORIZON_DAYS: positiveIntFromEnv(
    'the age in days after which a payment is stale',
    DEFAULT_STALE_EVENT_HORIZON_DAYS,
  ),
  /** Replays on the local runtime only: decide a past event on its own clock when the message asks. */
  EVENT_CLOCK: z
    .enum(['off', 'allowed'], { error: 'expected "off" (the default) or "allowed" (local replays)' })
    .default('off'),
  /** The trigger/offer catalog folder; the repository's catalog/ when unset (the stack always sets it). */
  CATALOG_DIR: z
    .string({ error: 'expected the catalog folder' })
    .min(1, 'expected the catalog folder')
    .optional(),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValues<S extends SettingName> = { readonly [K in S]: z.output<(typeof SETTINGS)[K]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/**
 * Settings the stack does not set from the definitions: EVENT_CLOCK exists for the local runtime only (no
 * deployment may decide on event time), and CATALOG_DIR is set for every function by the stack (the folder
 * inside the bundle).
 */
export const NOT_DEPLOYED_FROM_DEFINITIONS: readonly SettingName[] = ['EVENT_CLOCK', 'CATALOG_DIR'];

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
