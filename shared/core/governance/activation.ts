import * as z from 'zod';
import { contentHash } from './content-hash.js';
import { type Outcome, type StepResult, stepOf, updated } from './lifecycle-types.js';
import type { ContentCheck, ItemVersion, TransitionRecord } from './model.js';
import { fourEyesRefusal, stateRefusal } from './rules.js';

/**
 * Activation and retirement: the effective windows [liveFrom, retiredAt) of one item's versions never
 * overlap (./snapshot.ts reads them). Activating at L cuts every window still open at L to end at L (a
 * `supersede` step); retiring ends every window still open now, at now (a scheduled one becomes empty).
 */

const end = (v: ItemVersion): number =>
  v.retiredAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(v.retiredAt);
const hasWindow = (v: ItemVersion): boolean =>
  v.liveFrom !== undefined && (v.state === 'live' || v.state === 'retired');

/** A version whose non-empty window starts after `nowMs`: scheduled, not yet effective. */
export function scheduledVersion(versions: readonly ItemVersion[], nowMs: number): ItemVersion | undefined {
  return versions.find(
    (v) =>
      hasWindow(v) &&
      v.liveFrom !== undefined &&
      Date.parse(v.liveFrom) > nowMs &&
      end(v) > Date.parse(v.liveFrom),
  );
}

/** Versions whose window is still open at `ms` (effective then, or scheduled to be). */
const openAt = (versions: readonly ItemVersion[], ms: number): ItemVersion[] =>
  versions.filter((v) => hasWindow(v) && end(v) > ms);

const IsoInstant = z.iso.datetime({ offset: true });

/**
 * The approval this version carries, checked again from the records (defence in depth against a store
 * edited by hand): an `approve` step by a privacy officer, neither author nor editor, of this exact hash.
 */
export function approvedByOfficer(version: ItemVersion, transitions: readonly TransitionRecord[]): boolean {
  const approval = version.approval;
  if (approval === undefined || fourEyesRefusal(version, approval.by) !== undefined) return false;
  return transitions.some(
    (t) =>
      t.version === version.version &&
      t.action === 'approve' &&
      t.role === 'privacy-officer' &&
      t.by === approval.by &&
      t.contentHash === approval.contentHash,
  );
}

export function activate(
  versions: readonly ItemVersion[],
  transitions: readonly TransitionRecord[],
  version: ItemVersion,
  requestedAt: string | undefined,
  now: Date,
  check: ContentCheck,
  comment: string | undefined,
): StepResult {
  const wrongState = stateRefusal(version, 'approved');
  if (wrongState) return { refusal: wrongState };
  const hash = contentHash(version.content);
  if (version.approval?.contentHash !== version.contentHash || version.contentHash !== hash) {
    return {
      refusal: {
        kind: 'forbidden',
        rule: `version ${version.version}'s content is not the content that was approved`,
      },
    };
  }
  if (!approvedByOfficer(version, transitions)) {
    return {
      refusal: {
        kind: 'forbidden',
        rule: `version ${version.version} has no approval by a privacy officer other than its author and editors`,
      },
    };
  }
  if (requestedAt !== undefined && !IsoInstant.safeParse(requestedAt).success) {
    return {
      refusal: {
        kind: 'invalid',
        rule: `at: expected an ISO 8601 instant with offset (e.g. "2026-12-01T09:00:00Z"), got ${JSON.stringify(requestedAt)}`,
      },
    };
  }
  const nowMs = now.getTime();
  const scheduled = scheduledVersion(versions, nowMs);
  if (scheduled) {
    return {
      refusal: {
        kind: 'conflict',
        rule: `version ${scheduled.version} is scheduled to go live at ${scheduled.liveFrom}; retire it first`,
      },
    };
  }
  const problems = check(version.kind, version.id, version.content, 'activate');
  if (problems.length > 0) {
    return {
      refusal: {
        kind: 'invalid',
        rule: `version ${version.version} does not pass validation and lint`,
        problems,
      },
    };
  }
  const requestedMs = requestedAt === undefined ? nowMs : Date.parse(requestedAt);
  const liveFrom = new Date(Math.max(requestedMs, nowMs)).toISOString();
  const at = now.toISOString();
  const superseded = openAt(versions, Date.parse(liveFrom)).map((old) => ({
    old,
    next: updated(old, at, { state: 'retired', retiredAt: liveFrom }),
  }));
  const next = updated(version, at, { state: 'live', liveFrom });
  const outcome: Outcome = {
    versions: [...superseded.map((s) => s.next), next],
    steps: [
      ...superseded.map(({ old, next: cut }) =>
        stepOf('supersede', old, cut, {
          comment: `superseded by version ${version.version} from ${liveFrom}`,
        }),
      ),
      stepOf('activate', version, next, { liveFrom, ...(comment === undefined ? {} : { comment }) }),
    ],
  };
  return outcome;
}

/** Retirement is immediate: every window still open now ends now, a scheduled one before it starts. */
export function retire(
  kind: string,
  id: string,
  versions: readonly ItemVersion[],
  now: Date,
  comment: string | undefined,
): StepResult {
  const at = now.toISOString();
  const open = openAt(versions, now.getTime());
  if (open.length === 0) {
    return {
      refusal: { kind: 'conflict', rule: `${kind} ${id} has no live or scheduled version to retire` },
    };
  }
  const changed = open.map((old) => ({ old, next: updated(old, at, { state: 'retired', retiredAt: at }) }));
  return {
    versions: changed.map((c) => c.next),
    steps: changed.map(({ old, next }) =>
      stepOf('retire', old, next, comment === undefined ? {} : { comment }),
    ),
  };
}
