import {
  type Action,
  type Caller,
  ITEM_KINDS,
  type ItemKind,
  type ItemVersion,
  type JsonObject,
  type Refusal,
} from './model.js';

/**
 * The lifecycle's admission rules, each a pure check returning the Refusal that names it (or undefined):
 * who may run which command, what an item id and a content may be. ./lifecycle.ts applies them.
 */

const PRODUCT_TEAM_ACTIONS: ReadonlySet<Action> = new Set(['draft', 'edit', 'submit']);
const OFFICER_ACTIONS: ReadonlySet<Action> = new Set(['approve', 'reject']);

/** Only product-team drafts, edits and submits; only privacy-officer approves and rejects; both activate and retire. */
export function roleRefusal(action: Action, caller: Caller): Refusal | undefined {
  if (typeof caller.id !== 'string' || caller.id.trim() === '') {
    return { kind: 'forbidden', rule: 'the caller has no authenticated identity' };
  }
  if (caller.role === 'seed-import') {
    return {
      kind: 'forbidden',
      rule: `seed-import may not ${action}: it only imports the shipped catalog at start-up`,
    };
  }
  if (PRODUCT_TEAM_ACTIONS.has(action) && caller.role !== 'product-team') {
    return { kind: 'forbidden', rule: `only a product team may ${action}` };
  }
  if (OFFICER_ACTIONS.has(action) && caller.role !== 'privacy-officer') {
    return { kind: 'forbidden', rule: `only a privacy officer may ${action}` };
  }
  if (caller.role !== 'product-team' && caller.role !== 'privacy-officer') {
    return { kind: 'forbidden', rule: `only a product team or a privacy officer may ${action}` };
  }
  return undefined;
}

const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 100;

export function targetRefusal(kind: string, id: string): Refusal | undefined {
  if (!(ITEM_KINDS as readonly string[]).includes(kind)) {
    return {
      kind: 'invalid',
      rule: `the item kind must be one of ${ITEM_KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind)}`,
    };
  }
  if (typeof id !== 'string' || !KEBAB_ID.test(id) || id.length > MAX_ID_LENGTH) {
    return {
      kind: 'invalid',
      rule: `the ${kind} id must be kebab-case (a-z, 0-9, "-") of at most ${MAX_ID_LENGTH} characters, got ${JSON.stringify(id)}`,
    };
  }
  return undefined;
}

/** The content field that names the item, where the kind has one: it must agree with the item id. */
const ID_FIELD: Partial<Record<ItemKind, string>> = { trigger: 'id', offer: 'offerId' };

/**
 * A content as drafted or edited: a JSON object whose own id (trigger `id`, offer `offerId`) is the item id
 * when present, and, for a trigger, without `version` (refused, not stripped: the lifecycle numbers
 * versions, and silently dropping what an author wrote would hide a misunderstanding; the file import
 * strips it with a note instead).
 */
export function contentRefusal(kind: ItemKind, id: string, content: unknown): Refusal | undefined {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    return { kind: 'invalid', rule: `the ${kind} content must be a JSON object` };
  }
  const record = content as JsonObject;
  const idField = ID_FIELD[kind];
  if (idField !== undefined && Object.hasOwn(record, idField) && record[idField] !== id) {
    return {
      kind: 'invalid',
      path: idField,
      rule: `the content's ${idField} must equal the ${kind} id "${id}", got ${JSON.stringify(record[idField])}`,
    };
  }
  if (kind === 'trigger' && Object.hasOwn(record, 'version')) {
    return {
      kind: 'invalid',
      path: 'version',
      rule: "a trigger's content must not carry version: the lifecycle numbers versions",
    };
  }
  return undefined;
}

/** The version that is still being worked on (draft or in review): at most one per item. */
export function openVersion(versions: readonly ItemVersion[]): ItemVersion | undefined {
  return versions.find((v) => v.state === 'draft' || v.state === 'in_review');
}

const STATE_WORDS: Record<ItemVersion['state'], string> = {
  draft: 'a draft',
  in_review: 'in review',
  approved: 'approved',
  rejected: 'rejected',
  live: 'live',
  retired: 'retired',
};

/** "version 2 is approved, not in review" */
export function stateRefusal(version: ItemVersion, expected: ItemVersion['state']): Refusal | undefined {
  if (version.state === expected) return undefined;
  return {
    kind: 'conflict',
    rule: `version ${version.version} is ${STATE_WORDS[version.state]}, not ${STATE_WORDS[expected]}`,
  };
}

/**
 * The person behind an identity, for four eyes. In AWS a caller is an assumed-role session,
 * `arn:aws:sts::<account>:assumed-role/<RoleName>/<session>`: the same person drafting through the
 * product-team role and approving through the privacy-officer role has two ARNs but one session name (with
 * IAM Identity Center, their user name). Compared as `<account>:<session>`, the role does not tell them apart;
 * any other identity (an IAM user ARN, `local:<name>`) is compared as it is. The records keep the full ARN.
 */
export function personOf(identity: string): string {
  const session = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/[^/]+\/(.+)$/.exec(identity);
  return session === null ? identity : `sts:${session[1]}:${session[2]}`;
}

/** Four eyes: the approver is neither the author nor anyone who edited the version (as people, ./personOf). */
export function fourEyesRefusal(version: ItemVersion, approver: string): Refusal | undefined {
  const person = personOf(approver);
  if (personOf(version.author) === person) {
    return { kind: 'forbidden', rule: `approver is the author of version ${version.version}` };
  }
  if (version.editors.some((editor) => personOf(editor) === person)) {
    return { kind: 'forbidden', rule: `approver edited version ${version.version}` };
  }
  return undefined;
}
