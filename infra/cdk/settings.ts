/**
 * Deployment settings of the stack: the knobs that are not part of the resource definitions and that a
 * bank's platform team chooses per environment (infra/environments/<name>.json, see environments.ts).
 *
 * Validated with zod at synth time: a bad value stops synthesis with a message that names the setting,
 * the file it came from, and what was expected. Nothing here may weaken a privacy rule silently: the
 * consent regime is opt-in unless an environment says "opt-out" *and* names the approval behind it.
 *
 * Not here on purpose: the retention periods of the records (shared/retention.ts). They are one reviewed,
 * justified table per record kind, compiled into the writers; a per-environment override would let an
 * environment keep data longer than the privacy officers approved.
 */
import * as z from 'zod';
import type { SettingName } from '#config/settings.js';
import {
  CONSENT_REGIMES,
  consentRegimeExpectation,
  DEFAULT_ARBITRATION,
  DEFAULT_CONSENT_REGIME,
  DEFAULT_DISMISSAL_PAUSE,
  DEFAULT_FREQUENCY_CAP,
} from '#core/policy-defaults.js';
import type { AppDefinition } from '#infra/definitions.js';
import { archiveSettingsSchema, DEFAULT_ARCHIVE_SETTINGS } from './archive-settings.js';
import { callersSchema, DEFAULT_CALLERS } from './callers.js';
import { consoleSettingsSchema } from './console-settings.js';

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const wholeNumber = (what: string, min: number, max: number) => {
  const expected = `expected ${what}: a whole number from ${min} to ${max}`;
  return z.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
};

export const pipelineSettingsSchema = z
  .strictObject({
    /** What the environment is for (shown in the stack description). */
    description: z.string().min(1).max(200).optional(),
    /**
     * CONSENT_REGIME of the functions that apply consent (evaluate-payments, banner-offers). Opt-in is the
     * default; an opt-out regime exists only as explicit configuration with `optOutApproval`.
     */
    consentRegime: z.enum(CONSENT_REGIMES, {
      error: consentRegimeExpectation({ 'opt-out': 'needs optOutApproval' }),
    }),
    /**
     * Required with consentRegime "opt-out": the decision that allows it (e.g. "DPIA-2026-014, approved by
     * the DPO on 2026-05-02"). Recorded as a stack tag, so the regime and its approval travel together.
     */
    optOutApproval: z
      .string({ error: 'expected the reference of the approval of the opt-out regime (text)' })
      .trim()
      .min(10, 'expected the reference of the approval of the opt-out regime (at least 10 characters)')
      .max(256, 'expected at most 256 characters (it becomes a tag value)')
      .regex(
        /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
        'expected letters, digits, spaces and _ . : / = + - @ only (it becomes a tag value)',
      )
      .optional(),
    /** FREQUENCY_CAP_MAX_OFFERS / FREQUENCY_CAP_WINDOW_DAYS: at most maxOffers per customer in windowDays. */
    frequencyCap: z.strictObject({
      maxOffers: wholeNumber('the most offers per customer per window', 1, 20),
      windowDays: wholeNumber('the frequency window in days', 1, 90),
    }),
    /**
     * MAX_OFFERS_PER_EVENT / MAX_ACTIVE_OFFERS (issue 13): at most maxOffersPerEvent offers for one payment
     * (the highest trigger priority wins) and at most maxActiveOffers active per customer at once.
     */
    arbitration: z.strictObject({
      maxOffersPerEvent: wholeNumber('the most offers emitted for one payment', 1, 10),
      maxActiveOffers: wholeNumber('the most offers active for one customer at once', 1, 20),
    }),
    /**
     * DISMISSAL_PAUSE_COUNT / _WITHIN_DAYS / _DAYS (issue 13): `dismissals` dismissals within `withinDays`
     * stop all offers to the customer for `pauseDays` (evaluate-payments and the banner API).
     */
    dismissalPause: z.strictObject({
      dismissals: wholeNumber('the number of dismissals that pauses all offers', 1, 100),
      withinDays: wholeNumber('the days within which those dismissals count', 1, 365),
      pauseDays: wholeNumber('the days a dismissal pause lasts', 1, 365),
    }),
    /**
     * Retention of Lambda and API access logs. Logs carry no payloads or customer ids (domain rules), so
     * they are operational data only: kept as long as an incident investigation needs.
     */
    logRetentionDays: z
      .number({ error: 'expected a number of days' })
      .int('expected a whole number of days')
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `expected one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
    /**
     * Upper bound on concurrent Lambda invocations per SQS event source (protects DynamoDB and the
     * account's concurrency quota), unless sqsMaxConcurrencyByQueue names the queue.
     */
    sqsMaxConcurrency: wholeNumber('the maximum concurrency of an SQS event source', 2, 1000),
    /** Per-queue maximum concurrency, by queue name of infra/definitions.ts (e.g. payment-events). */
    sqsMaxConcurrencyByQueue: z.record(
      z.string(),
      wholeNumber('the maximum concurrency of an SQS event source', 2, 1000),
    ),
    /** Stage-wide throttling of the HTTP API: a safety cap, well above expected banner-service traffic. */
    apiThrottle: z.strictObject({
      rateLimit: z
        .number({ error: 'expected requests per second (a number)' })
        .positive('expected requests per second above 0')
        .max(10_000, 'expected at most 10000 requests per second (the account default quota)'),
      burstLimit: wholeNumber('the burst of requests', 0, 5_000),
    }),
    /**
     * Who may assume each HTTP audience's caller role (IAM role or user ARNs, or an account narrowed by a
     * principal ARN pattern; never `*` or a bare account), and the MFA age the privacy roles require
     * (callers.ts). An audience without principals gets no caller role.
     */
    callers: callersSchema,
    /**
     * The console in AWS (issue 14, ./console.ts): the prefix of its Cognito sign-in domain
     * (`https://<prefix>.auth.<region>.amazoncognito.com`), unique within the region. Absent:
     * `offer-console-<environment>-<account id>`.
     */
    console: consoleSettingsSchema,
    /** The audit archive (issue 15, ./archive-settings.ts): lag alarm, Athena scan limit, first day. */
    archive: archiveSettingsSchema,
    /** CloudWatch alarm thresholds; every alarm notifies the stack's alarm topic. */
    alarms: z.strictObject({
      /** ApproximateAgeOfOldestMessage on payment-events: decisions are falling behind the payments. */
      paymentEventsMaxAgeSeconds: wholeNumber(
        'the age of the oldest payment event in seconds',
        60,
        1_209_600,
      ),
      /** IteratorAge of the publish-offers stream mapping: offers committed but not yet published. */
      publisherLagSeconds: wholeNumber('the outbox publisher lag in seconds', 10, 86_400),
      /** Lambda Errors (invocations that failed as a whole) per function in 5 minutes. */
      lambdaErrorsPer5Minutes: wholeNumber('failed invocations per 5 minutes', 1, 100_000),
      /** Lambda Throttles per function in 5 minutes. */
      lambdaThrottlesPer5Minutes: wholeNumber('throttled invocations per 5 minutes', 1, 100_000),
      /** DynamoDB read + write throttle events per table in 5 minutes. */
      dynamodbThrottlesPer5Minutes: wholeNumber('throttled DynamoDB requests per 5 minutes', 1, 100_000),
      /** Addresses subscribed to the alarm topic (each confirms by mail); team lists, not people. */
      notificationEmails: z.array(z.email('expected an e-mail address')).max(10),
    }),
  })
  .superRefine((settings, ctx) => {
    if (settings.consentRegime === 'opt-out' && settings.optOutApproval === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['optOutApproval'],
        message:
          'required when consentRegime is "opt-out": opt-in is the default and an opt-out regime must name ' +
          'the approval (DPIA / legal decision) that allows it',
      });
    if (settings.consentRegime === 'opt-in' && settings.optOutApproval !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['optOutApproval'],
        message: 'only allowed with consentRegime "opt-out"; remove it or set the regime explicitly',
      });
  });

export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Overrides of some settings (nested objects may be given in part). */
export type SettingsOverrides = DeepPartial<PipelineSettings>;

/**
 * The baseline every environment starts from: the privacy-safe choices (opt-in, 2 offers per 7 days, one
 * offer per payment, 2 active at once, a 90-day pause after 3 dismissals in 30 days: the defaults of
 * shared/core/policy.ts), so an environment file only states what it changes.
 */
export const DEFAULT_SETTINGS: PipelineSettings = {
  consentRegime: DEFAULT_CONSENT_REGIME,
  frequencyCap: { ...DEFAULT_FREQUENCY_CAP },
  arbitration: { ...DEFAULT_ARBITRATION },
  dismissalPause: { ...DEFAULT_DISMISSAL_PAUSE },
  logRetentionDays: 30,
  sqsMaxConcurrency: 10,
  sqsMaxConcurrencyByQueue: {},
  apiThrottle: { rateLimit: 1_000, burstLimit: 2_000 },
  callers: DEFAULT_CALLERS,
  archive: { ...DEFAULT_ARCHIVE_SETTINGS },
  alarms: {
    paymentEventsMaxAgeSeconds: 300,
    publisherLagSeconds: 300,
    lambdaErrorsPer5Minutes: 1,
    lambdaThrottlesPer5Minutes: 1,
    dynamodbThrottlesPer5Minutes: 1,
    notificationEmails: [],
  },
};

/** One layer of settings and where it came from (a file, the stack props), for error messages. */
export interface SettingsLayer {
  readonly source: string;
  readonly value: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; anything else (numbers, strings, arrays) replaces. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/** The setting names the schema knows at `at` (for a misspelt key's message). */
function knownKeys(at: readonly string[]): string[] {
  let schema: z.ZodType = pipelineSettingsSchema;
  for (const key of at) {
    if (!(schema instanceof z.ZodObject)) return [];
    const next: unknown = (schema.shape as Record<string, unknown>)[key];
    if (!(next instanceof z.ZodType)) return [];
    schema = next;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * DEFAULT_SETTINGS overlaid with each layer in turn, validated as a whole. Throws a SettingsError naming
 * every bad setting (by its path, e.g. `frequencyCap.maxOffers`), what was expected, and the layers.
 */
export function resolveSettings(...layers: readonly SettingsLayer[]): PipelineSettings {
  const merged = layers.reduce<unknown>((acc, layer) => deepMerge(acc, layer.value), DEFAULT_SETTINGS);
  const result = pipelineSettingsSchema.safeParse(merged);
  if (result.success) return result.data;
  const from = ['defaults', ...layers.map((l) => l.source)].join(' <- ');
  const problems = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map(
        (key) =>
          `  - ${[...at, key].join('.')}: unknown setting; expected one of: ${knownKeys(at).join(', ')}`,
      );
    return [`  - ${at.join('.') || '(settings)'}: ${issue.message}`];
  });
  throw new SettingsError(`Invalid settings (${from}):\n${problems.join('\n')}`);
}

/** Checks that need the definitions: per-queue settings must name queues that have an SQS consumer. */
export function assertSettingsFitDefinition(settings: PipelineSettings, definition: AppDefinition): void {
  const consumed = definition.functions.flatMap((f) =>
    f.events.flatMap((e) => (e.kind === 'sqs' ? [e.queue] : [])),
  );
  const problems = Object.keys(settings.sqsMaxConcurrencyByQueue)
    .filter((queue) => !consumed.includes(queue))
    .map(
      (queue) =>
        `  - sqsMaxConcurrencyByQueue.${queue}: expected the name of a queue with an SQS event source ` +
        `(one of ${consumed.join(', ')})`,
    );
  if (problems.length > 0) throw new SettingsError(`Invalid settings:\n${problems.join('\n')}`);
}

/** The maximum concurrency of the SQS event source on `queue`. */
export const sqsMaxConcurrencyFor = (settings: PipelineSettings, queue: string): number =>
  settings.sqsMaxConcurrencyByQueue[queue] ?? settings.sqsMaxConcurrency;

/**
 * Function environment variables the settings decide. A function receives one of these only when its
 * definition declares it (its value there is the local runtime's default); the stack then replaces the
 * value with the environment's setting, so AWS runs the configured regime and caps.
 */
export function settingsEnvironment(settings: PipelineSettings): Readonly<Record<string, string>> {
  const env: Readonly<Partial<Record<SettingName, string>>> = {
    CONSENT_REGIME: settings.consentRegime,
    FREQUENCY_CAP_MAX_OFFERS: String(settings.frequencyCap.maxOffers),
    FREQUENCY_CAP_WINDOW_DAYS: String(settings.frequencyCap.windowDays),
    MAX_OFFERS_PER_EVENT: String(settings.arbitration.maxOffersPerEvent),
    MAX_ACTIVE_OFFERS: String(settings.arbitration.maxActiveOffers),
    DISMISSAL_PAUSE_COUNT: String(settings.dismissalPause.dismissals),
    DISMISSAL_PAUSE_WITHIN_DAYS: String(settings.dismissalPause.withinDays),
    DISMISSAL_PAUSE_DAYS: String(settings.dismissalPause.pauseDays),
  };
  return env;
}
