/**
 * `POST /catalog/simulations` (issue 14): the request and answer schemas (zod; the OpenAPI document and
 * the console's typed client are generated from them) of a simulation of one trigger version against the
 * live catalog (shared/app/catalog-simulation.ts). Pure: no I/O.
 */
import * as z from 'zod';
import { OutcomeSchema, ReasonSchema } from '#core/decision.js';
import { ItemIdSchema } from './catalog-requests.js';

/** The body limit of this route: what the local gateway takes (API Gateway and Lambda may cap it lower). */
export const MAX_SIMULATION_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_DEMO_COUNT = 2_000;
export const DEFAULT_CHANGED_LIMIT = 50;

const TriggerKind = z.literal('trigger').meta({ description: 'the kind of item simulated: trigger' });
const VersionNumber = z
  .number()
  .int()
  .min(1)
  .max(999_999_999)
  .meta({ description: 'a stored version of the trigger: a whole number from 1' });

const StoredCandidate = z.strictObject({ kind: TriggerKind, id: ItemIdSchema, version: VersionNumber });
const ContentCandidate = z.strictObject({
  kind: TriggerKind,
  id: ItemIdSchema,
  content: z
    .record(z.string(), z.unknown())
    .meta({ description: 'unsaved editor content: the trigger as a JSON object, without version' }),
});

const DemoEvents = z.strictObject({
  sample: z.literal('demo').meta({ description: 'the demo stream `npm start` replays (fixed seed)' }),
  count: z
    .number()
    .int()
    .min(100)
    .max(20_000)
    .default(DEFAULT_DEMO_COUNT)
    .meta({
      description: `how many demo events: a whole number from 100 to 20000 (default ${DEFAULT_DEMO_COUNT})`,
    }),
});
const UploadedEvents = z.strictObject({
  jsonl: z.string().meta({
    description:
      'payment events (PaymentEvent v1), one JSON object per line; invalid lines are counted and left out',
  }),
  fixtures: z.string().optional().meta({
    description:
      'customer fixtures: the contracts.md document {"customers": [...]} or one customer per line; without them every customer is unknown',
  }),
});

export const SimulationBodySchema = z.strictObject({
  candidate: z.union([StoredCandidate, ContentCandidate]).meta({
    description:
      'the trigger version to simulate: {kind, id, version} (stored) or {kind, id, content} (unsaved)',
  }),
  events: z.union([DemoEvents, UploadedEvents]).meta({
    description: 'the events decided: {sample: "demo", count?} or {jsonl, fixtures?}',
  }),
  changedLimit: z
    .number()
    .int()
    .min(0)
    .max(500)
    .default(DEFAULT_CHANGED_LIMIT)
    .meta({
      description: `how many changed events to list: a whole number from 0 to 500 (default ${DEFAULT_CHANGED_LIMIT}); all are counted`,
    }),
});

const Counts = z.array(z.number().int().min(0));
const DecisionGistSchema = z
  .object({
    outcome: OutcomeSchema,
    triggerId: z.string().optional(),
    triggerVersion: z.number().int().optional(),
    offerId: z.string().optional(),
    reasons: z.array(ReasonSchema),
  })
  .meta({ description: 'A decision reduced to what a comparison needs: nothing of the payment or customer' });

export const SimulationAnswerSchema = z
  .object({
    liveRevision: z.string().meta({ description: 'the revision of the live catalog simulated against' }),
    candidate: z.object({
      kind: TriggerKind,
      id: z.string(),
      version: z
        .number()
        .int()
        .min(1)
        .optional()
        .meta({ description: 'the stored version; absent for content' }),
      contentHash: z.string(),
    }),
    policyVersion: z.string().meta({ description: 'the policy version the candidate side decides with' }),
    events: z.object({
      total: z.number().int().min(0).meta({ description: 'non-blank lines given' }),
      invalid: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'lines that are not a valid PaymentEvent: left out' }),
      decided: z.number().int().min(0).meta({ description: 'events decided (repeated deliveries once)' }),
      duplicates: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'lines repeating an earlier line: not decided again' }),
      unknownCustomer: z
        .number()
        .int()
        .min(0)
        .meta({ description: 'decided events of customers not among the customers given' }),
    }),
    stages: z.array(z.string()).meta({ description: 'the funnel stages, in order' }),
    funnels: z.array(
      z.object({
        triggerId: z.string(),
        live: Counts,
        candidate: Counts,
        delta: z.array(z.number().int()).meta({ description: 'candidate - live, per stage' }),
      }),
    ),
    overlap: z
      .array(
        z.object({
          a: z.string(),
          b: z.string(),
          both: z.number().int().min(0),
          shareOfA: z.number().min(0).max(1),
          shareOfB: z.number().min(0).max(1),
        }),
      )
      .meta({ description: 'pairs of triggers of the candidate catalog matched on the same events' }),
    changed: z.object({
      total: z.number().int().min(0),
      lines: z.array(
        z.object({
          eventId: z.string(),
          live: z.array(DecisionGistSchema),
          candidate: z.array(DecisionGistSchema),
        }),
      ),
    }),
  })
  .meta({
    description: 'The funnels of the live and candidate catalogs on the same events, and what changed',
  });
