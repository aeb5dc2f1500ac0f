import { activate, retire } from './activation.js';
import { contentHash } from './content-hash.js';
import { isRefusal, type Outcome, type StepResult, stepOf, updated } from './lifecycle-types.js';
import type {
  Caller,
  Command,
  CommandResult,
  ContentCheck,
  ItemHistory,
  ItemKind,
  ItemVersion,
  JsonObject,
  Refusal,
  TransitionRecord,
} from './model.js';
import {
  contentRefusal,
  fourEyesRefusal,
  openVersion,
  roleRefusal,
  stateRefusal,
  targetRefusal,
} from './rules.js';

/**
 * The governed catalog's lifecycle (issue 12), pure: one command by an authenticated caller against an
 * item's history gives the new history and the changes to commit, or a Refusal naming the broken rule.
 * No I/O, no clock (`now` is an argument); the content check (validation and lint against the catalog the
 * version would join) is the caller's, run here on submit and on activation. The rules:
 * - roles (./rules.ts): product-team drafts, edits, submits; privacy-officer approves, rejects; both
 *   activate and retire; seed-import runs nothing here.
 * - one open (draft or in-review) version per item; a draft's content names the item; a trigger's carries
 *   no `version`.
 * - four eyes: the approver is neither the author nor an editor; the approval records the content hash,
 *   and a version goes live only with that exact content (./activation.ts).
 * - at most one effective version per item at any instant (./activation.ts).
 */

export interface Target {
  readonly kind: ItemKind;
  readonly id: string;
}

const refuse = (refusal: Refusal): { refusal: Refusal } => ({ refusal });
const withComment = (comment: string | undefined) => (comment === undefined ? {} : { comment });

function findVersion(history: ItemHistory, version: number): ItemVersion | { refusal: Refusal } {
  const found = history.versions.find((v) => v.version === version);
  return (
    found ??
    refuse({
      kind: 'not_found',
      rule: `${history.kind} ${history.id} has no version ${JSON.stringify(version)}`,
    })
  );
}

function draft(
  history: ItemHistory,
  content: JsonObject,
  caller: Caller,
  at: string,
  origin: ItemVersion['origin'],
  comment: string | undefined,
): StepResult {
  const open = openVersion(history.versions);
  if (open) {
    return refuse({
      kind: 'conflict',
      rule: `version ${open.version} is still ${open.state === 'draft' ? 'a draft' : 'in review'}: one open version at a time (edit or decide that one)`,
    });
  }
  const version: ItemVersion = {
    kind: history.kind,
    id: history.id,
    version: Math.max(0, ...history.versions.map((v) => v.version)) + 1,
    content,
    contentHash: contentHash(content),
    state: 'draft',
    author: caller.id,
    editors: [],
    origin,
    createdAt: at,
    updatedAt: at,
  };
  return { versions: [version], steps: [stepOf('draft', undefined, version, withComment(comment))] };
}

function edit(
  version: ItemVersion,
  content: JsonObject,
  caller: Caller,
  at: string,
  comment?: string,
): StepResult {
  const wrongState = stateRefusal(version, 'draft');
  if (wrongState) return refuse(wrongState);
  const editors =
    caller.id === version.author || version.editors.includes(caller.id)
      ? version.editors
      : [...version.editors, caller.id];
  const next = updated(version, at, { content, contentHash: contentHash(content), editors });
  return { versions: [next], steps: [stepOf('edit', version, next, withComment(comment))] };
}

function submit(version: ItemVersion, check: ContentCheck, at: string, comment?: string): StepResult {
  const wrongState = stateRefusal(version, 'draft');
  if (wrongState) return refuse(wrongState);
  const problems = check(version.kind, version.id, version.content, 'submit');
  if (problems.length > 0) {
    return refuse({
      kind: 'invalid',
      rule: `version ${version.version} does not pass validation and lint`,
      problems,
    });
  }
  const next = updated(version, at, { state: 'in_review', submittedAt: at });
  return { versions: [next], steps: [stepOf('submit', version, next, withComment(comment))] };
}

function approve(version: ItemVersion, caller: Caller, at: string, comment?: string): StepResult {
  const refusal = stateRefusal(version, 'in_review') ?? fourEyesRefusal(version, caller.id);
  if (refusal) return refuse(refusal);
  const hash = contentHash(version.content);
  if (hash !== version.contentHash) {
    return refuse({
      kind: 'conflict',
      rule: `version ${version.version}'s content does not match its recorded hash; it cannot be approved`,
    });
  }
  const approval = { by: caller.id, at, contentHash: hash, ...withComment(comment) };
  const next = updated(version, at, { state: 'approved', approval });
  return { versions: [next], steps: [stepOf('approve', version, next, withComment(comment))] };
}

function reject(version: ItemVersion, caller: Caller, at: string, reasons: readonly string[]): StepResult {
  const wrongState = stateRefusal(version, 'in_review');
  if (wrongState) return refuse(wrongState);
  const given = Array.isArray(reasons) ? reasons.filter((r) => typeof r === 'string' && r.trim() !== '') : [];
  if (given.length === 0 || given.length !== reasons.length) {
    return refuse({ kind: 'invalid', rule: 'a rejection needs at least one reason, and no empty one' });
  }
  const next = updated(version, at, { state: 'rejected', rejection: { by: caller.id, at, reasons: given } });
  return { versions: [next], steps: [stepOf('reject', version, next, { reasons: given })] };
}

function run(
  history: ItemHistory,
  command: Command,
  caller: Caller,
  now: Date,
  check: ContentCheck,
): StepResult {
  const at = now.toISOString();
  if (command.action === 'draft' || command.action === 'edit') {
    const bad = contentRefusal(history.kind, history.id, command.content);
    if (bad) return refuse(bad);
  }
  if (command.action === 'draft') {
    return draft(
      history,
      command.content,
      caller,
      at,
      command.origin === 'file-import' ? 'file-import' : 'authored',
      command.comment,
    );
  }
  if (history.revision === 0 || history.versions.length === 0) {
    return refuse({ kind: 'not_found', rule: `${history.kind} ${history.id} does not exist` });
  }
  if (command.action === 'retire') {
    return retire(history.kind, history.id, history.versions, now, command.comment);
  }
  const version = findVersion(history, command.version);
  if ('refusal' in version) return version;
  switch (command.action) {
    case 'edit':
      return edit(version, command.content, caller, at, command.comment);
    case 'submit':
      return submit(version, check, at, command.comment);
    case 'approve':
      return approve(version, caller, at, command.comment);
    case 'reject':
      return reject(version, caller, at, command.reasons);
    case 'activate':
      return activate(
        history.versions,
        history.transitions,
        version,
        command.at,
        now,
        check,
        command.comment,
      );
  }
}

/** The new history: changed versions replaced (by number), steps stamped and appended, revision + 1. */
function commitOutcome(history: ItemHistory, outcome: Outcome, caller: Caller, now: Date): CommandResult {
  const at = now.toISOString();
  const lastSeq = history.transitions.reduce((max, t) => Math.max(max, t.seq), 0);
  const transitions: TransitionRecord[] = outcome.steps.map((step, index) => ({
    kind: history.kind,
    id: history.id,
    seq: lastSeq + index + 1,
    by: caller.id,
    role: caller.role,
    at,
    ...step,
  }));
  const changed = new Map(outcome.versions.map((v) => [v.version, v]));
  const versions = [
    ...history.versions.map((v) => changed.get(v.version) ?? v),
    ...outcome.versions.filter((v) => !history.versions.some((old) => old.version === v.version)),
  ].sort((a, b) => a.version - b.version);
  return {
    ok: true,
    history: {
      kind: history.kind,
      id: history.id,
      revision: history.revision + 1,
      versions,
      transitions: [...history.transitions, ...transitions],
    },
    changes: { versions: outcome.versions, transitions },
  };
}

export function applyCommand(
  history: ItemHistory | undefined,
  target: Target,
  command: Command,
  caller: Caller,
  now: Date,
  check: ContentCheck,
): CommandResult {
  if (Number.isNaN(now.getTime())) throw new Error('applyCommand: now is not a valid instant');
  if (history !== undefined && (history.kind !== target.kind || history.id !== target.id)) {
    throw new Error(
      `applyCommand: the history of ${history.kind}:${history.id} given for ${target.kind}:${target.id}`,
    );
  }
  const refusal = roleRefusal(command.action, caller) ?? targetRefusal(target.kind, target.id);
  if (refusal) return { ok: false, refusal };
  const current: ItemHistory = history ?? {
    kind: target.kind,
    id: target.id,
    revision: 0,
    versions: [],
    transitions: [],
  };
  const result = run(current, command, caller, now, check);
  if (isRefusal(result)) return { ok: false, refusal: result.refusal };
  return commitOutcome(current, result, caller, now);
}
