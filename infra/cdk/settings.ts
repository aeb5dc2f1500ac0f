/**
 * Deployment settings of the stack: the knobs that are not part of the resource definitions and that a
 * bank's platform team may want to change per environment (issue 6 adds per-environment files on top).
 * Validated with zod at synth time so that a bad value stops synthesis with a message naming the field.
 */
import * as z from 'zod';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const pipelineSettingsSchema = z
  .object({
    /** CloudWatch metrics namespace for Powertools metrics (POWERTOOLS_METRICS_NAMESPACE). */
    metricsNamespace: z.string().regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'letters, digits and . _ / # : - only'),
    /**
     * Retention of Lambda and API access logs. Logs carry no payloads or customer ids (domain rules), so
     * they are operational data only: a month is enough to investigate an incident.
     */
    logRetentionDays: z
      .number()
      .int()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
    /** Upper bound on concurrent Lambda invocations per SQS event source (protects DynamoDB and quotas). */
    sqsMaxConcurrency: z.number().int().min(2).max(1000),
    /** Stage-wide throttling of the HTTP API: a safety cap, well above expected banner-service traffic. */
    apiThrottle: z.object({
      rateLimit: z.number().positive().max(10_000),
      burstLimit: z.number().int().min(0).max(5_000),
    }),
  })
  .strict();

export type PipelineSettings = z.infer<typeof pipelineSettingsSchema>;

export const DEFAULT_SETTINGS: PipelineSettings = {
  metricsNamespace: 'OfferPipeline',
  logRetentionDays: 30,
  sqsMaxConcurrency: 10,
  apiThrottle: { rateLimit: 1_000, burstLimit: 2_000 },
};

/** Defaults overlaid with `overrides`, validated; throws with every bad field named. */
export function resolveSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  const result = pipelineSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...overrides });
  if (!result.success) throw new Error(`Invalid stack settings:\n${z.prettifyError(result.error)}`);
  return result.data;
}
