/**
 * The privacy routes the console uses before they are in the OpenAPI document (helper B adds them at the
 * same time, /work/briefs/b-privacy-api.md): GET /privacy/overview, `format=jsonl` on a customer's history
 * and the `query` filter of the access log. One module, plain `fetch` with the caller's identity, answers
 * in openapi-fetch's `{ data, error, response }` shape (components/use-load.ts takes it): when B's routes
 * land in the document, each function here becomes one typed `api.GET(...)` call and this file goes.
 */
import { currentIdentity, identityHeaders } from '../auth/session.js';
import { API_BASE, download } from './client.js';

/** A count as the overview answers it: 0, 10 and up as numbers; 1..9 as the string "< 10". */
export type Cell = number | '< 10';

/** GET /privacy/overview: decisions per outcome, suppressions per reason and per trigger, per UTC day. */
export interface PrivacyOverview {
  readonly timeBasis: 'payment' | 'decided';
  readonly from: string;
  readonly to: string;
  readonly bucket: 'day';
  /** Every UTC day of the period, in order (YYYY-MM-DD). */
  readonly days: readonly string[];
  readonly smallCountThreshold: number;
  readonly outcomes: Readonly<Record<string, readonly Cell[]>>;
  readonly reasons: Readonly<Record<string, readonly Cell[]>>;
  /** Per trigger id of the catalog, and `none` (payments screened out as sensitive). */
  readonly triggers: Readonly<Record<string, readonly Cell[]>>;
  /** Suppressions of triggers no longer in the catalog, per day. */
  readonly notInCatalog?: readonly Cell[];
  readonly totals: {
    readonly outcomes: Readonly<Record<string, Cell>>;
    readonly reasons: Readonly<Record<string, Cell>>;
    readonly triggers: Readonly<Record<string, Cell>>;
    readonly notInCatalog?: Cell;
  };
}

export interface OverviewQuery {
  readonly from?: string;
  readonly to?: string;
  readonly by?: 'payment' | 'decided';
}

export interface AccessLogQuery {
  readonly actor?: string;
  readonly customer?: string;
  /** Which query was read: suppressed, history, explain, overview, erasure, access-log. */
  readonly query?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** An access-log page (the typed client's AccessLogPage, read with the `query` filter). */
export interface AccessLogAnswer {
  readonly items: readonly unknown[];
  readonly nextCursor: string | null;
  readonly period?: { readonly from?: string; readonly to: string };
}

export interface Fetched<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

function search(query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function getJson<T>(path: string, query: Readonly<Record<string, string | number | undefined>>) {
  const response = await fetch(`${API_BASE}${path}${search(query)}`, {
    headers: { accept: 'application/json', ...identityHeaders(currentIdentity()) },
  });
  const body: unknown = await response.json().catch(() => undefined);
  return (response.ok ? { data: body as T, response } : { error: body ?? {}, response }) as Fetched<T>;
}

export const fetchOverview = (query: OverviewQuery): Promise<Fetched<PrivacyOverview>> =>
  getJson<PrivacyOverview>('/privacy/overview', { ...query });

export const fetchAccessLog = (query: AccessLogQuery): Promise<Fetched<AccessLogAnswer>> =>
  getJson<AccessLogAnswer>('/privacy/access-log', { ...query });

/** Downloads a customer's full history as JSON Lines (one record per line). */
export const exportHistory = (customerId: string, filename: string): Promise<void> =>
  download(`/privacy/customers/${encodeURIComponent(customerId)}/history`, { format: 'jsonl' }, filename);
