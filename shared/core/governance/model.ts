/**
 * The governed catalog (issue 12): every trigger, offer, region and product is an item with numbered,
 * immutable-once-submitted versions, moved through a reviewed lifecycle by authenticated callers, every
 * step a transition record. Types only; the rules are in ./lifecycle.ts, the live snapshot in ./snapshot.ts.
 *
 *   draft -> in_review -> approved -> live -> retired
 *                     \-> rejected            (a new version can follow)
 */

/** What the catalog governs. Each kind is versioned and approved the same way. */
export const ITEM_KINDS = ['trigger', 'offer', 'region', 'product'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * Who acts. The role comes from the caller's authenticated identity (the IAM role behind the route, or the
 * local CLI), never from a request body. `seed-import` is the local runtime importing the shipped catalog
 * at start-up: its records say so, and no HTTP route or AWS caller can take that role.
 */
export const ROLES = ['product-team', 'privacy-officer'] as const;
export type Role = (typeof ROLES)[number];
export type ActorRole = Role | 'seed-import';

export interface Caller {
  /** The authenticated identity: an IAM principal ARN, or `local:<name>` on a laptop. */
  readonly id: string;
  readonly role: ActorRole;
}

export const VERSION_STATES = ['draft', 'in_review', 'approved', 'rejected', 'live', 'retired'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const ACTIONS = ['draft', 'edit', 'submit', 'approve', 'reject', 'activate', 'retire'] as const;
export type Action = (typeof ACTIONS)[number];

/** A JSON object as written by a product team: the item's content, without version or approvals. */
export type JsonObject = { readonly [key: string]: unknown };

export interface Approval {
  readonly by: string;
  readonly at: string;
  /** The exact content approved: a version goes live only while its content still has this hash. */
  readonly contentHash: string;
  readonly comment?: string;
}

export interface Rejection {
  readonly by: string;
  readonly at: string;
  readonly reasons: readonly string[];
}

/** Where a version came from. */
export type VersionOrigin = 'authored' | 'file-import' | 'seed-import';

export interface ItemVersion {
  readonly kind: ItemKind;
  readonly id: string;
  /** 1, 2, 3, ... per item; assigned by the lifecycle, never by the author. */
  readonly version: number;
  readonly content: JsonObject;
  /** contentHash(content) (./content-hash.ts): SHA-256 of the canonical JSON. */
  readonly contentHash: string;
  readonly state: VersionState;
  /** Who drafted the version, and everyone who edited it since: none of them may approve it. */
  readonly author: string;
  readonly editors: readonly string[];
  readonly origin: VersionOrigin;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt?: string;
  readonly approval?: Approval;
  readonly rejection?: Rejection;
  /** When the version takes (or took) effect: set on activation, possibly in the future. */
  readonly liveFrom?: string;
  /**
   * When it stops (or stopped) taking effect: set on retirement, or when a later version's activation
   * supersedes it (then possibly in the future: it stays effective until the successor's liveFrom).
   */
  readonly retiredAt?: string;
}

/** One step of the lifecycle, appended and never changed. */
export interface TransitionRecord {
  readonly kind: ItemKind;
  readonly id: string;
  readonly version: number;
  /** 1, 2, 3, ... per item, across all its versions: the order of the item's history. */
  readonly seq: number;
  readonly action: Action | 'supersede';
  /** Undefined for `draft` (the version did not exist). */
  readonly from?: VersionState;
  readonly to: VersionState;
  readonly by: string;
  readonly role: ActorRole;
  readonly at: string;
  readonly contentHash: string;
  readonly comment?: string;
  readonly reasons?: readonly string[];
  readonly liveFrom?: string;
}

/** Everything known about one item; `revision` is the optimistic-lock counter of its head. */
export interface ItemHistory {
  readonly kind: ItemKind;
  readonly id: string;
  /** Incremented by every committed command; 0 for an item that does not exist yet. */
  readonly revision: number;
  /** Sorted by version. */
  readonly versions: readonly ItemVersion[];
  /** Sorted by seq. */
  readonly transitions: readonly TransitionRecord[];
}

export type Command =
  | {
      readonly action: 'draft';
      readonly content: JsonObject;
      readonly comment?: string;
      /** Where the content came from: `file-import` for `import <dir>`; authored when absent. */
      readonly origin?: 'authored' | 'file-import';
    }
  | {
      readonly action: 'edit';
      readonly version: number;
      readonly content: JsonObject;
      readonly comment?: string;
    }
  | { readonly action: 'submit'; readonly version: number; readonly comment?: string }
  | { readonly action: 'approve'; readonly version: number; readonly comment?: string }
  | { readonly action: 'reject'; readonly version: number; readonly reasons: readonly string[] }
  | {
      readonly action: 'activate';
      readonly version: number;
      /** ISO 8601; absent or not after `now`: immediately. */
      readonly at?: string;
      readonly comment?: string;
    }
  | { readonly action: 'retire'; readonly comment?: string };

/**
 * Why a command was refused, as a value. `rule` names the broken rule in words, e.g.
 * "approver is the author of version 3"; `problems` lists lint/validation findings (one line each).
 * HTTP: forbidden 403, not_found 404, conflict 409, invalid 422.
 */
export interface Refusal {
  readonly kind: 'forbidden' | 'not_found' | 'conflict' | 'invalid';
  readonly rule: string;
  readonly problems?: readonly string[];
  /** The content field the rule is about (`id`, `version`), as a JSON path, when it is about one field. */
  readonly path?: string;
}

/** What a command changes: the versions it creates or updates and the records it appends. */
export interface ItemChanges {
  readonly versions: readonly ItemVersion[];
  readonly transitions: readonly TransitionRecord[];
}

export type CommandResult =
  | { readonly ok: true; readonly history: ItemHistory; readonly changes: ItemChanges }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * Validation and lint of a version's content, run on submit and again on activation (the caller, i.e. the
 * application service, checks it against the catalog it would join). Empty: it passes.
 */
export type ContentCheck = (
  kind: ItemKind,
  id: string,
  content: JsonObject,
  moment: 'submit' | 'activate',
) => readonly string[];
