/**
 * Version states as the console names them: `in_review` is "submitted" (what a product team did, what the
 * review queue lists); the others by their own name.
 */
import type { VersionState } from '../../api/catalog.js';

export const STATE_LABELS: Readonly<Record<VersionState, string>> = {
  draft: 'draft',
  in_review: 'submitted',
  approved: 'approved',
  live: 'live',
  rejected: 'rejected',
  retired: 'retired',
};

export const STATES: readonly VersionState[] = [
  'draft',
  'in_review',
  'approved',
  'live',
  'rejected',
  'retired',
];

/** A version as people say it: "high-balance-savings v3". */
export const versionName = (id: string, version: number): string => `${id} v${version}`;

/** An ISO timestamp, short and readable (UTC, to the minute). */
export const when = (iso: string | undefined): string =>
  iso === undefined ? '–' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
