/**
 * The privacy-officer calls of the console's pages that need more than one line, through the typed client
 * (./client.ts): request and answer types come from the OpenAPI document (./schema.d.ts, generated).
 */
import { api, download } from './client.js';
import type { components, operations } from './schema.js';

export type PrivacyOverview = components['schemas']['PrivacyOverview'];
/** A count as the overview answers it: 0, 10 and up as numbers; 1..9 as the string "< 10". */
export type Cell = PrivacyOverview['totals']['notInCatalog'];
export type OverviewQuery = NonNullable<operations['privacyOverview']['parameters']['query']>;
export type AccessLogQuery = NonNullable<operations['readAccessLog']['parameters']['query']>;

export const fetchOverview = (query: OverviewQuery) => api.GET('/privacy/overview', { params: { query } });

export const fetchAccessLog = (query: AccessLogQuery) =>
  api.GET('/privacy/access-log', { params: { query } });

/** Downloads a customer's full history as JSON Lines (one record per line). */
export const exportHistory = (customerId: string, filename: string): Promise<void> =>
  download(`/privacy/customers/${encodeURIComponent(customerId)}/history`, { format: 'jsonl' }, filename);
