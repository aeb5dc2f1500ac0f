import { app } from '#infra/definitions.js';

/** The archive's names as the infra tests use them (issue 15). */
export const ARCHIVER = 'archive-records';
export const KEYS_TABLE = 'customer-keys';
/** The tables whose streams the archiver reads. */
export const ARCHIVED_STREAMS = ['audit', 'consent-history', 'catalog', 'erasure-log', 'audit-access-log'];
/** The functions that query the archive (privacy queries, and the erasure that finds hot copies through it). */
export const ARCHIVE_QUERIERS = app.functions.filter((f) => f.archive === 'query').map((f) => f.name);
