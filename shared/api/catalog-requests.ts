/**
 * The catalog API's requests and answers (issue 12): path, query and body schemas (zod; the OpenAPI
 * document is generated from them, shared/api/catalog-routes.ts) and the mapping of a lifecycle `Refusal`
 * to problem+json. Pure: no I/O.
 */
import * as z from 'zod';
import { ACTIONS, ITEM_KINDS, type Refusal, ROLES, VERSION_STATES } from '#core/governance/model.js';
import type { ContentFinding } from '#core/governance/working-catalog.js';
import type { ApiResponse } from './http.js';
import { ContentFindingSchema, PROBLEM_HEADERS, type ProblemKind, problemBody } from './problem.js';

export const ITEM_ID_EXPECTED = 'a kebab-case id (a-z, 0-9 and "-", at most 100 characters)';
export const ItemIdSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .meta({ description: ITEM_ID_EXPECTED });
export const ItemKindSchema = z.enum(ITEM_KINDS).meta({ description: `one of ${ITEM_KINDS.join(', ')}` });
/** A version number as it appears in a path: 1, 2, 3, ... */
export const VersionNumberSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/)
  .meta({ description: 'a version number: a whole number from 1' });

export const ItemPathSchema = z.strictObject({ kind: ItemKindSchema, id: ItemIdSchema });
export const VersionPathSchema = z.strictObject({
  kind: ItemKindSchema,
  id: ItemIdSchema,
  version: VersionNumberSchema,
});
export const NoQuerySchema = z.strictObject({});

const Comment = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .optional()
  .meta({ description: 'an optional comment recorded with the transition: 1-2000 characters' });
const ContentSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: "the item's content as a JSON object (a trigger file without version)" });

export const DraftBodySchema = z.strictObject({ content: ContentSchema, comment: Comment });
export const CommentBodySchema = z.strictObject({ comment: Comment });
export const RejectBodySchema = z.strictObject({
  reasons: z
    .array(z.string().trim().min(1).max(2000))
    .min(1)
    .max(50)
    .meta({ description: 'why the version is rejected: 1-50 non-empty texts of at most 2000 characters' }),
});
export const ActivateBodySchema = z.strictObject({
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'when the version goes live: an ISO 8601 timestamp with offset; absent: now' }),
  comment: Comment,
});
export const LintBodySchema = z.strictObject({
  kind: ItemKindSchema,
  id: ItemIdSchema,
  content: ContentSchema,
});

/** Each refusal kind's problem (and so its status): forbidden 403, not_found 404, conflict 409, invalid 422. */
export const REFUSAL_PROBLEMS: Readonly<Record<Refusal['kind'], ProblemKind>> = {
  forbidden: 'catalogForbidden',
  not_found: 'catalogNotFound',
  conflict: 'catalogConflict',
  invalid: 'catalogInvalid',
};

/**
 * A refusal as problem+json: the broken rule is the detail, the findings the `problems` member (and, when
 * given, the same findings with the path of their field as `findings`).
 */
export function refusalResponse(refusal: Refusal, findings?: readonly ContentFinding[]): ApiResponse {
  const body = {
    ...problemBody(REFUSAL_PROBLEMS[refusal.kind], refusal.rule),
    ...(refusal.problems === undefined || refusal.problems.length === 0
      ? {}
      : { problems: [...refusal.problems] }),
    ...(findings === undefined || findings.length === 0
      ? {}
      : { findings: findings.map(({ path, message }) => ({ path, message })) }),
  };
  return { statusCode: body.status, headers: { ...PROBLEM_HEADERS }, body: JSON.stringify(body) };
}

// The answers, for the OpenAPI document (the handler answers the service's values as they are).
const Timestamp = z.string().meta({ description: 'ISO 8601 timestamp' });
const Who = z.string().meta({ description: 'an authenticated identity: IAM principal ARN, or local:<name>' });
const VersionStateSchema = z.enum(VERSION_STATES);
const ActorRoleSchema = z.enum([...ROLES, 'seed-import']);

export const ItemVersionSchema = z
  .object({
    kind: ItemKindSchema,
    id: z.string(),
    version: z.number().int().min(1),
    content: ContentSchema,
    contentHash: z.string().meta({ description: 'SHA-256 of the canonical JSON of the content' }),
    state: VersionStateSchema,
    author: Who,
    editors: z.array(Who),
    origin: z.enum(['authored', 'file-import', 'seed-import']),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    submittedAt: Timestamp.optional(),
    approval: z
      .object({ by: Who, at: Timestamp, contentHash: z.string(), comment: z.string().optional() })
      .optional(),
    rejection: z.object({ by: Who, at: Timestamp, reasons: z.array(z.string()) }).optional(),
    liveFrom: Timestamp.optional(),
    retiredAt: Timestamp.optional(),
  })
  .meta({ description: 'One version of a catalog item' });

export const TransitionRecordSchema = z
  .object({
    kind: ItemKindSchema,
    id: z.string(),
    version: z.number().int().min(1),
    seq: z.number().int().min(1),
    action: z.enum([...ACTIONS, 'supersede']),
    from: VersionStateSchema.optional(),
    to: VersionStateSchema,
    by: Who,
    role: ActorRoleSchema,
    at: Timestamp,
    contentHash: z.string(),
    comment: z.string().optional(),
    reasons: z.array(z.string()).optional(),
    liveFrom: Timestamp.optional(),
  })
  .meta({ description: 'One step of the lifecycle: who, when, from which state to which' });

export const ItemHistorySchema = z
  .object({
    kind: ItemKindSchema,
    id: z.string(),
    revision: z.number().int().min(0),
    versions: z.array(ItemVersionSchema),
    transitions: z.array(TransitionRecordSchema),
  })
  .meta({ description: 'An item with every version and every transition (its history)' });

export const CommandAnswerSchema = z.object(ItemHistorySchema.shape).meta({
  description: 'What the step changed: the versions it created or updated, the records it appended',
});

export const LintAnswerSchema = z
  .object({
    ok: z.boolean(),
    problems: z.array(z.string()),
    findings: z.array(ContentFindingSchema).meta({
      description: 'the same findings, in the same order, each with the path of the field it names',
    }),
  })
  .meta({ description: 'Validation and lint findings, one line each; ok when there are none' });

/** The lint answer: `problems` (one line each, as before) and the same findings with their paths. */
export const lintAnswer = (findings: readonly ContentFinding[]): z.infer<typeof LintAnswerSchema> => ({
  ok: findings.length === 0,
  problems: findings.map((f) => f.message),
  findings: findings.map(({ path, message }) => ({ path, message })),
});
export const LiveCatalogSchema = z
  .object({ revision: z.string(), versions: z.array(ItemVersionSchema) })
  .meta({ description: 'The versions live now, and the catalog revision they make' });
