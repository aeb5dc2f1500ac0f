import * as z from 'zod';
import { contentHash } from '#core/governance/content-hash.js';
import {
  ACTIONS,
  ITEM_KINDS,
  type ItemKind,
  type ItemVersion,
  ROLES,
  type TransitionRecord,
  VERSION_STATES,
} from '#core/governance/model.js';
import { catalogPk, transitionSk, versionSk } from '#shared/catalog-table.js';
import { CatalogStoreError } from '#shared/errors.js';

/**
 * The catalog table's items as read back (./catalog-store.ts), validated: a corrupted item is an error
 * naming its key and what is wrong, never skipped, and a version whose content no longer has its content
 * hash is refused (an approval names that hash).
 */

export type StoredItem = Record<string, unknown>;

const Instant = z.iso.datetime({ offset: true });
const Count = z.number().int().min(1);
const Kind = z.enum(ITEM_KINDS);
const State = z.enum(VERSION_STATES);
const Text = z.string().min(1);

const HeadSchema = z.object({ kind: Kind, id: Text, revision: Count });

const VersionSchema = z.object({
  kind: Kind,
  id: Text,
  version: Count,
  content: z.record(z.string(), z.unknown()),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  state: State,
  author: Text,
  editors: z.array(Text),
  origin: z.enum(['authored', 'file-import', 'seed-import']),
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Instant.optional(),
  approval: z
    .object({ by: Text, at: Instant, contentHash: z.string(), comment: z.string().optional() })
    .optional(),
  rejection: z.object({ by: Text, at: Instant, reasons: z.array(z.string()) }).optional(),
  liveFrom: Instant.optional(),
  retiredAt: Instant.optional(),
});

const TransitionSchema = z.object({
  kind: Kind,
  id: Text,
  version: Count,
  seq: Count,
  action: z.enum([...ACTIONS, 'supersede']),
  from: State.optional(),
  to: State,
  by: Text,
  role: z.enum([...ROLES, 'seed-import']),
  at: Instant,
  contentHash: z.string(),
  comment: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  liveFrom: Instant.optional(),
});

const keyOf = (item: StoredItem): string => `pk=${String(item.pk)} sk=${String(item.sk)}`;

function corrupt(item: StoredItem, what: string): CatalogStoreError {
  return new CatalogStoreError(`catalog item ${keyOf(item)} is corrupted: ${what}`);
}

function parse<S extends z.ZodType>(schema: S, item: StoredItem): z.output<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`);
  throw corrupt(item, issues.join('; '));
}

/** The keys must say what the item says it is, and belong to the partition read (when one was). */
function checkKeys(
  item: StoredItem,
  kind: ItemKind,
  id: string,
  sk: string,
  expected?: ItemKind,
  expectedId?: string,
) {
  if (item.pk !== catalogPk(kind, id) || item.sk !== sk)
    throw corrupt(item, `its keys do not match its content (${catalogPk(kind, id)} ${sk})`);
  if (expected !== undefined && (kind !== expected || id !== expectedId))
    throw corrupt(
      item,
      `it names ${catalogPk(kind, id)} in the partition of ${catalogPk(expected, expectedId ?? '')}`,
    );
}

export function parseHead(item: StoredItem, kind: ItemKind, id: string): { revision: number } {
  const head = parse(HeadSchema, item);
  checkKeys(item, head.kind, head.id, 'HEAD', kind, id);
  return { revision: head.revision };
}

export function parseVersion(item: StoredItem, kind?: ItemKind, id?: string): ItemVersion {
  const version = parse(VersionSchema, item);
  checkKeys(item, version.kind, version.id, versionSk(version.version), kind, id);
  if (contentHash(version.content) !== version.contentHash)
    throw corrupt(item, 'its content does not have its contentHash');
  return version;
}

export function parseTransition(item: StoredItem, kind: ItemKind, id: string): TransitionRecord {
  const transition = parse(TransitionSchema, item);
  checkKeys(item, transition.kind, transition.id, transitionSk(transition.seq), kind, id);
  return transition;
}
