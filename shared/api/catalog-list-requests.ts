/**
 * The catalog's list routes (issues 12 and 14): `GET /catalog/items` (every version, optionally filtered
 * and paged) and `GET /catalog/summaries` (one row per item), their query schemas, their answers and the
 * opaque cursor. A cursor is the last key returned, sealed with a fingerprint of the filters
 * (shared/privacy/cursor.ts): passed back unchanged it resumes strictly after that key; a cursor of
 * another query, or one not issued here, is a 400 naming `cursor`.
 */
import * as z from 'zod';
import { type ListKey, type Page, pageOf } from '#app/catalog-listing.js';
import { ITEM_KINDS, VERSION_STATES } from '#core/governance/model.js';
import { InvalidCursorError, openCursor, queryFingerprint, sealCursor } from '#privacy/cursor.js';
import { ItemIdSchema, ItemKindSchema, ItemVersionSchema } from './catalog-requests.js';
import { problemResponse } from './problem.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;
const MAX_CURSOR_LENGTH = 1_024;

const KindFilter = ItemKindSchema.optional().meta({
  description: `only items of this kind: one of ${ITEM_KINDS.join(', ')}`,
});
const StateSchema = z.enum(VERSION_STATES);
const LimitSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_LIST_LIMIT))
  .optional()
  .meta({
    description: `how many per page: a whole number from 1 to ${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT}); with limit or cursor the answer is paged`,
  });
const CursorSchema = z
  .string()
  .min(1)
  .max(MAX_CURSOR_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional()
  .meta({ description: 'the nextCursor of the previous page of the same query, unchanged' });

export const ListQuerySchema = z.strictObject({
  kind: KindFilter,
  state: StateSchema.optional().meta({
    description: `only versions in this state: one of ${VERSION_STATES.join(', ')} (submitted: in_review)`,
  }),
  id: ItemIdSchema.optional().meta({ description: 'only the versions of the item with this id' }),
  limit: LimitSchema,
  cursor: CursorSchema,
});

export const SummariesQuerySchema = z.strictObject({
  kind: KindFilter,
  state: StateSchema.optional().meta({
    description: `only items with at least one version in this state: one of ${VERSION_STATES.join(', ')}`,
  }),
  limit: LimitSchema,
  cursor: CursorSchema,
});

const NextCursor = z
  .string()
  .optional()
  .meta({ description: 'present when more follow: pass it as `cursor` to get the next page' });

export const VersionListSchema = z
  .object({ versions: z.array(ItemVersionSchema), nextCursor: NextCursor })
  .meta({
    description:
      'The versions by kind, id and version (of one kind, state or item when asked); all of them unless limit or cursor is given',
  });

export const ItemSummarySchema = z
  .object({
    kind: ItemKindSchema,
    id: z.string(),
    liveVersion: z.number().int().min(1).optional().meta({ description: 'the version effective now' }),
    latestVersion: z.number().int().min(1),
    states: z
      .partialRecord(StateSchema, z.number().int().min(1))
      .meta({ description: 'how many versions are in each state' }),
    priority: z
      .number()
      .optional()
      .meta({ description: 'content.priority of the live (else latest) version' }),
    description: z
      .string()
      .optional()
      .meta({ description: 'content.description of the live (else latest) version' }),
    lastChange: z.string().meta({ description: 'ISO 8601: the latest updatedAt of any version' }),
  })
  .meta({ description: 'One catalog item at a glance' });

export const SummaryListSchema = z
  .object({ items: z.array(ItemSummarySchema), nextCursor: NextCursor })
  .meta({ description: 'One summary per item, by kind then id (a page of them)' });

const CursorBodySchema = z.object({
  q: z.string(),
  k: z.union([z.tuple([z.string(), z.string()]), z.tuple([z.string(), z.string(), z.number().int().min(1)])]),
});

export interface Paging {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export type Paged<T> =
  | { readonly ok: true; readonly page: Page<T>; readonly nextCursor?: string }
  | { readonly ok: false; readonly response: ReturnType<typeof problemResponse> };

/**
 * One page of `items` after the query's cursor: `filters` are what the cursor is bound to (the query
 * without its paging), so a cursor only resumes the query that issued it.
 */
export function pageFor<T>(
  items: readonly T[],
  keyOf: (item: T) => ListKey,
  paging: Paging,
  filters: Readonly<Record<string, string | undefined>>,
): Paged<T> {
  const fingerprint = queryFingerprint(filters);
  let after: ListKey | undefined;
  if (paging.cursor !== undefined) {
    try {
      after = openCursor(paging.cursor, CursorBodySchema, fingerprint).k;
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      return {
        ok: false,
        response: problemResponse('invalidRequest', error.message, [
          { field: 'cursor', in: 'query', expected: 'the nextCursor of the previous page of the same query' },
        ]),
      };
    }
  }
  const page = pageOf(items, keyOf, paging.limit ?? DEFAULT_LIST_LIMIT, after);
  if (page.next === undefined) return { ok: true, page };
  const body = { q: fingerprint, k: page.next };
  return { ok: true, page, nextCursor: sealCursor(body) };
}
