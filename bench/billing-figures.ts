import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Decision } from '#core/decision.js';
import { decisionsInItem } from '#shared/audit-items.js';
import { type BillingMeter, STORAGE_OVERHEAD_BYTES, WRITE_UNIT_BYTES } from './billing.js';
import type { BenchFigure } from './result.js';

/**
 * The pipeline bench's billed figures (issue 15 targets): write and read units per payment event as AWS
 * would bill them (./billing.ts), by table and operation, the decision mix they were measured on, the
 * cost per million decisions with the prices of docs/capacity-and-cost.md §2, and the hot audit's
 * byte-days per event against the design before issue 15.
 */

/** docs/capacity-and-cost.md §2 (eu-west-1 on-demand list prices, USD). */
export const PRICES = {
  writePerMillionWru: 0.7068,
  readPerMillionRru: 0.1413,
  lambdaRequestPerMillion: 0.2,
  lambdaGbSecond: 0.0000133334,
  sqsPerMillion: 0.4,
  s3PutPerThousand: 0.005,
  /** Provisioned capacity, for comparison: per WCU-hour and RCU-hour. */
  wcuHour: 0.000735,
  rcuHour: 0.000147,
} as const;

/** Provisioned capacity at this utilisation (auto scaling's target) costs, per million units used: */
export const PROVISIONED_UTILISATION = 0.7;
const perMillionProvisioned = (perHour: number) => ((perHour / 3600) * 1e6) / PROVISIONED_UTILISATION;

/**
 * The lines of §3 that are not DynamoDB, per million payment events, as the capacity doc derives them
 * (batches of 10, 60 ms at 512 MB, batched producer, logs and traces), plus the archive path (§3b: the
 * archiver Lambda at one invocation and one S3 object per dataset per stream batch of 100 records, 500 ms
 * at 512 MB, and one customer-keys read unit per record, the upper bound).
 */
export function otherCostPerMillionEvents(emittedPerEvent: number): { readonly [line: string]: number } {
  const batches = 1_000_000 / 10;
  const streamBatches = 1_000_000 / 100;
  return {
    'Lambda evaluate-payments (requests + 60 ms × 0.5 GB)':
      (batches * PRICES.lambdaRequestPerMillion) / 1e6 + batches * 0.06 * 0.5 * PRICES.lambdaGbSecond,
    'SQS (consume 2 requests per batch + batched produce + publish offers)':
      ((batches * 2 + batches + emittedPerEvent * 1e6) * PRICES.sqsPerMillion) / 1e6,
    'CloudWatch Logs + X-Ray (§3 estimate)': 0.09 + 0.03,
    'archive: archive-records Lambda (requests + 500 ms × 0.5 GB per stream batch)':
      (streamBatches * PRICES.lambdaRequestPerMillion) / 1e6 +
      streamBatches * 0.5 * 0.5 * PRICES.lambdaGbSecond,
    'archive: S3 PUTs (one object per stream batch)': (streamBatches * PRICES.s3PutPerThousand) / 1000,
    'archive: customer-keys reads (≤ 1 RRU per record)': PRICES.readPerMillionRru,
  };
}

/** Hot audit byte-days per payment event before issue 15 (docs/capacity-and-cost.md §4, table + indexes). */
export const PREVIOUS_BYTE_DAYS_PER_EVENT = 947_000;

async function storedDecisions(documents: DynamoDBDocumentClient, table: string): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) decisions.push(...decisionsInItem(item));
  }
  return decisions;
}

export async function billingFigures(
  meter: BillingMeter,
  run: { readonly documents: DynamoDBDocumentClient; readonly auditTable: string; readonly events: number },
): Promise<BenchFigure[]> {
  const events = Math.max(1, run.events);
  const decisions = await storedDecisions(run.documents, run.auditTable);
  const count = (p: (d: Decision) => boolean) => decisions.filter(p).length;
  const emitted = count((d) => d.outcome === 'emitted');
  const perDecision = events / Math.max(1, decisions.length);
  const wru = meter.total('wru') / events;
  const rru = meter.total('rru') / events;
  const perEvent = (unit: string, label: string, sums: Map<string, number>): BenchFigure[] =>
    [...sums]
      .sort(([, a], [, b]) => b - a)
      .map(([key, n]) => ({ name: `  ${label} ${key}`, value: n / events, unit }));

  const dynamoDollars = (wru * PRICES.writePerMillionWru + rru * PRICES.readPerMillionRru) * perDecision;
  const provisionedDollars =
    (wru * perMillionProvisioned(PRICES.wcuHour) + rru * perMillionProvisioned(PRICES.rcuHour)) * perDecision;
  const others = otherCostPerMillionEvents(emitted / events);
  const otherDollars = Object.values(others).reduce((a, b) => a + b, 0) * perDecision;
  const total = dynamoDollars + otherDollars;

  const audit = meter.stored.filter((s) => s.table === 'audit');
  const sizes = audit.map((s) => s.bytes);
  const byteDays = meter.byteDays('audit') / events;
  const mix = (name: string, n: number): BenchFigure => ({
    name: `  decisions: ${name}`,
    value: (100 * n) / Math.max(1, decisions.length),
    unit: `% (${n})`,
  });
  return [
    {
      name: 'DynamoDB write units per payment event (billed by AWS rules)',
      value: wru,
      unit: 'WRU',
      target: '<= 2.0',
      pass: wru <= 2.0,
    },
    ...perEvent(
      'WRU',
      'WRU per event, table',
      meter.sum((c) => c.table, 'wru'),
    ),
    ...perEvent(
      'WRU',
      'WRU per event, operation',
      meter.sum((c) => c.operation, 'wru'),
    ),
    { name: 'DynamoDB read units per payment event (billed)', value: rru, unit: 'RRU' },
    ...perEvent(
      'RRU',
      'RRU per event, table',
      meter.sum((c) => c.table, 'rru'),
    ),
    { name: 'decisions per payment event', value: 1 / perDecision, unit: 'decisions' },
    mix(
      'no_trigger',
      count((d) => d.outcome === 'no_trigger'),
    ),
    mix(
      'sensitive (suppressed)',
      count((d) => d.reasons.includes('sensitive_category')),
    ),
    mix(
      'gate-suppressed',
      count((d) => d.outcome === 'suppressed' && !d.reasons.includes('sensitive_category')),
    ),
    mix('emitted', emitted),
    mix(
      'rejected',
      count((d) => d.outcome === 'rejected'),
    ),
    { name: 'DynamoDB $ per million decisions', value: dynamoDollars, unit: 'USD' },
    ...Object.entries(others).map(([line, usd]) => ({
      name: `  other: ${line}`,
      value: usd * perDecision,
      unit: 'USD / M decisions',
    })),
    {
      name: 'cost per million decisions (DynamoDB + the other lines)',
      value: total,
      unit: 'USD',
      target: '<= 1.5',
      pass: total <= 1.5,
    },
    {
      name: `  the same with DynamoDB provisioned at ${PROVISIONED_UTILISATION * 100} % utilisation (steady bank load)`,
      value: provisionedDollars + otherDollars,
      unit: 'USD',
    },
    { name: 'hot audit items written per payment event', value: audit.length / events, unit: 'items' },
    {
      name: 'hot audit item size (avg)',
      value: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length),
      unit: 'B',
    },
    { name: 'hot audit item size (max)', value: Math.max(0, ...sizes), unit: 'B' },
    {
      name: 'hot audit items over 1 KB (2+ write units)',
      value: sizes.filter((b) => b > WRITE_UNIT_BYTES).length,
      unit: 'items',
    },
    {
      name: `hot audit byte-days per payment event ((size + ${STORAGE_OVERHEAD_BYTES} B) × days to TTL)`,
      value: byteDays,
      unit: 'byte-days',
      target: `>= 5x lower than ${PREVIOUS_BYTE_DAYS_PER_EVENT.toLocaleString('en')}`,
      pass: byteDays * 5 <= PREVIOUS_BYTE_DAYS_PER_EVENT,
    },
    {
      name: 'hot audit byte-days: times lower than before issue 15',
      value: PREVIOUS_BYTE_DAYS_PER_EVENT / Math.max(1, byteDays),
      unit: 'x',
    },
  ];
}
