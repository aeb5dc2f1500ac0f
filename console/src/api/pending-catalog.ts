/**
 * The catalog routes helper A adds for the console (issue 14) that the OpenAPI document does not describe
 * yet: `POST /catalog/simulations`, `GET /catalog/summaries`, `findings` on lint answers and `state` /
 * paging on `GET /catalog/items`. Typed by hand from their agreed shapes and called with plain fetch;
 * the ONE place to switch to the typed client (./client.ts) once the routes are in the document. Each
 * call falls back to the routes that exist today where it can, so the pages work before the new routes do.
 */
import { currentIdentity, identityHeaders } from '../auth/session.js';
import { slicePage } from '../pages/catalog/paging.js';
import { API_BASE, api, asProblem } from './client.js';
import type { components } from './schema.js';

export type CatalogVersion = components['schemas']['CatalogItemVersion'];
export type VersionState = CatalogVersion['state'];
export type JsonObject = { readonly [key: string]: unknown };

/** One lint finding, with the JSON path of the content it is about ("" for the item as a whole). */
export interface LintFinding {
  readonly path: string;
  readonly message: string;
}

export interface LintAnswer {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Present once helper A's routes land: one per problem, same order. */
  readonly findings?: readonly LintFinding[];
}

export type SimulationCandidate =
  | { readonly kind: 'trigger'; readonly id: string; readonly version: number }
  | { readonly kind: 'trigger'; readonly id: string; readonly content: JsonObject };

export type SimulationEvents =
  | { readonly sample: 'demo'; readonly count?: number }
  | { readonly jsonl: string; readonly fixtures?: string };

export interface SimulationRequest {
  readonly candidate: SimulationCandidate;
  readonly events: SimulationEvents;
  readonly changedLimit?: number;
}

/** A decision in a changed event, without anything of the customer or the payment. */
export interface DecisionGist {
  readonly outcome: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly reasons?: readonly string[];
}

export interface SimulationFunnel {
  readonly triggerId: string;
  readonly live: readonly number[];
  readonly candidate: readonly number[];
  readonly delta: readonly number[];
}

export interface SimulationOverlap {
  readonly a: string;
  readonly b: string;
  readonly both: number;
  readonly shareOfA: number;
  readonly shareOfB: number;
}

export interface SimulationAnswer {
  readonly liveRevision: string;
  readonly candidate: {
    readonly kind: string;
    readonly id: string;
    readonly version?: number;
    readonly contentHash: string;
  };
  readonly policyVersion: string;
  readonly events: { readonly total: number; readonly invalid: number; readonly decided: number };
  readonly stages: readonly string[];
  readonly funnels: readonly SimulationFunnel[];
  readonly overlap: readonly SimulationOverlap[];
  readonly changed: {
    readonly total: number;
    readonly lines: ReadonlyArray<{
      readonly eventId: string;
      readonly live: readonly DecisionGist[];
      readonly candidate: readonly DecisionGist[];
    }>;
  };
}

/** One item as the triggers list shows it. */
export interface CatalogSummary {
  readonly kind: string;
  readonly id: string;
  readonly liveVersion?: number;
  readonly latestVersion: number;
  readonly states: Readonly<Partial<Record<VersionState, number>>>;
  readonly priority?: number;
  readonly description?: string;
  readonly lastChange: string;
}

export interface VersionPage {
  readonly versions: readonly CatalogVersion[];
  readonly nextCursor?: string;
}

export interface SummaryPage {
  readonly items: readonly CatalogSummary[];
  readonly nextCursor?: string;
}

/** As openapi-fetch answers (so components/use-load.ts takes it): the data, or the error, and the response. */
export interface Fetched<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Fetched<T>> {
  const response = await fetch(`${API_BASE}${path}`, {
    method,
    headers: {
      ...identityHeaders(currentIdentity()),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return { error: asProblem(json, response.status), response };
  return { data: json as T, response };
}

/** Runs a simulation (read-only on the server). */
export async function simulate(request: SimulationRequest): Promise<Fetched<SimulationAnswer>> {
  return call<SimulationAnswer>('POST', '/catalog/simulations', request);
}

/** Lints a content as it would be submitted; `findings` when the server gives them. */
export async function lintContent(id: string, content: JsonObject): Promise<Fetched<LintAnswer>> {
  return call<LintAnswer>('POST', '/catalog/lint', { kind: 'trigger', id, content });
}

/**
 * A page of trigger summaries, optionally only items with a version in `state`. Falls back to every
 * version (`GET /catalog/items?kind=trigger`) summarised here, paged in the browser, while the summaries
 * route answers 404 (not deployed yet).
 */
export async function listSummaries(query: {
  state?: VersionState | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Fetched<SummaryPage>> {
  const search = new URLSearchParams({ kind: 'trigger', limit: String(query.limit) });
  if (query.state !== undefined) search.set('state', query.state);
  if (query.cursor !== undefined) search.set('cursor', query.cursor);
  const answer = await call<SummaryPage>('GET', `/catalog/summaries?${search}`);
  if (answer.response.status !== 404 && answer.response.status !== 400) return answer;
  const all = await api.GET('/catalog/items', { params: { query: { kind: 'trigger' } } });
  if (all.data === undefined) return { error: all.error, response: all.response };
  return { data: pageOf(summarise(all.data.versions), query), response: all.response };
}

/**
 * Versions in one state (e.g. `in_review`: the review queue), paged: `state`/`limit`/`cursor` on
 * GET /catalog/items. A server without them (before helper A's change) refuses the unknown query fields
 * (400): then every trigger version is fetched and filtered and paged here, the cursor an offset.
 */
export async function listVersions(query: {
  state: VersionState;
  limit: number;
  cursor?: string | undefined;
}): Promise<Fetched<VersionPage>> {
  const search = new URLSearchParams({ kind: 'trigger', state: query.state, limit: String(query.limit) });
  if (query.cursor !== undefined) search.set('cursor', query.cursor);
  const answer = await call<VersionPage>('GET', `/catalog/items?${search}`);
  if (answer.response.status !== 400) return answer;
  const all = await api.GET('/catalog/items', { params: { query: { kind: 'trigger' } } });
  if (all.data === undefined) return { error: all.error, response: all.response };
  const { items, next } = slicePage(
    all.data.versions.filter((v) => v.state === query.state),
    query.cursor,
    query.limit,
  );
  const page = { versions: items, ...(next === undefined ? {} : { nextCursor: next }) };
  return { data: page, response: all.response };
}

/** Every version of every trigger summarised per item (the fallback of `listSummaries`), by id. */
export function summarise(versions: readonly CatalogVersion[]): CatalogSummary[] {
  const byId = new Map<string, CatalogVersion[]>();
  for (const version of versions) {
    const list = byId.get(version.id) ?? [];
    list.push(version);
    byId.set(version.id, list);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, list]) => {
      const sorted = [...list].sort((a, b) => a.version - b.version);
      const latest = sorted[sorted.length - 1] as CatalogVersion;
      const live = sorted.filter((v) => v.state === 'live').pop();
      const shown = live ?? latest;
      const states: Partial<Record<VersionState, number>> = {};
      for (const v of sorted) states[v.state] = (states[v.state] ?? 0) + 1;
      const priority = shown.content.priority;
      const description = shown.content.description;
      return {
        kind: latest.kind,
        id,
        ...(live === undefined ? {} : { liveVersion: live.version }),
        latestVersion: latest.version,
        states,
        ...(typeof priority === 'number' ? { priority } : {}),
        ...(typeof description === 'string' ? { description } : {}),
        lastChange: sorted.map((v) => v.updatedAt).reduce((a, b) => (a > b ? a : b)),
      };
    });
}

/** One page of summaries, filtered by state, with an offset as the cursor. */
export function pageOf(
  summaries: readonly CatalogSummary[],
  query: { state?: VersionState | undefined; limit: number; cursor?: string | undefined },
): SummaryPage {
  const wanted =
    query.state === undefined
      ? summaries
      : summaries.filter((s) => (s.states[query.state as VersionState] ?? 0) > 0);
  const { items, next } = slicePage(wanted, query.cursor, query.limit);
  return { items, ...(next === undefined ? {} : { nextCursor: next }) };
}
