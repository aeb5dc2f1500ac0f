/**
 * The catalog calls of the console's pages, through the typed client (./client.ts): every request and
 * answer type comes from the OpenAPI document (./schema.d.ts, generated), none is written by hand.
 */
import { api } from './client.js';
import type { components } from './schema.js';

type Schemas = components['schemas'];

export type CatalogVersion = Schemas['CatalogItemVersion'];
export type VersionState = CatalogVersion['state'];
export type JsonObject = { readonly [key: string]: unknown };
export type LintAnswer = Schemas['CatalogLintAnswer'];
export type LintFinding = LintAnswer['findings'][number];
export type SimulationRequest = Schemas['CatalogSimulationRequest'];
export type SimulationEvents = SimulationRequest['events'];
export type SimulationAnswer = Schemas['CatalogSimulation'];
export type DecisionGist = SimulationAnswer['changed']['lines'][number]['live'][number];
export type CatalogSummary = Schemas['CatalogItemSummary'];
export type SummaryPage = Schemas['CatalogSummaryList'];
export type VersionPage = Schemas['CatalogVersionList'];

/** Runs a simulation (read-only on the server). */
export const simulate = (request: SimulationRequest) => api.POST('/catalog/simulations', { body: request });

/** Lints a content as it would be submitted: every finding with the path of the field it names. */
export const lintContent = (id: string, content: JsonObject) =>
  api.POST('/catalog/lint', { body: { kind: 'trigger', id, content } });

/** A page of trigger summaries, optionally only items with a version in `state`. */
export const listSummaries = (query: {
  state?: VersionState | undefined;
  limit: number;
  cursor?: string | undefined;
}) =>
  api.GET('/catalog/summaries', {
    params: {
      query: {
        kind: 'trigger',
        limit: String(query.limit),
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      },
    },
  });

/** Trigger versions in one state (e.g. `in_review`: the review queue), paged. */
export const listVersions = (query: { state: VersionState; limit: number; cursor?: string | undefined }) =>
  api.GET('/catalog/items', {
    params: {
      query: {
        kind: 'trigger',
        state: query.state,
        limit: String(query.limit),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      },
    },
  });
