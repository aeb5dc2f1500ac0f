import type * as z from 'zod';
import {
  ItemSummarySchema,
  ListQuerySchema,
  SummariesQuerySchema,
  SummaryListSchema,
  VersionListSchema,
} from './catalog-list-requests.js';
import {
  ActivateBodySchema,
  CommandAnswerSchema,
  CommentBodySchema,
  DraftBodySchema,
  ItemHistorySchema,
  ItemPathSchema,
  ItemVersionSchema,
  LintAnswerSchema,
  LintBodySchema,
  LiveCatalogSchema,
  RejectBodySchema,
  TransitionRecordSchema,
  VersionPathSchema,
} from './catalog-requests.js';
import { SimulationAnswerSchema, SimulationBodySchema } from './catalog-simulation-requests.js';
import { ROUTES } from './route-table.js';
import type { ApiRoute } from './routes.js';

/**
 * The governed catalog's routes (issue 12, function catalog-api, audiences product-team and
 * privacy-officer) with their schemas, for the OpenAPI document (./openapi.ts documents them next to the
 * banner and operator routes). test/unit/api/openapi.test.ts holds them to the route table.
 */

/** Named schemas of the catalog routes, under components.schemas. */
export const CATALOG_COMPONENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  CatalogItemVersion: ItemVersionSchema,
  CatalogTransition: TransitionRecordSchema,
  CatalogItemHistory: ItemHistorySchema,
  CatalogCommandAnswer: CommandAnswerSchema,
  CatalogVersionList: VersionListSchema,
  CatalogLintAnswer: LintAnswerSchema,
  CatalogLive: LiveCatalogSchema,
  CatalogDraftRequest: DraftBodySchema,
  CatalogCommentRequest: CommentBodySchema,
  CatalogRejectRequest: RejectBodySchema,
  CatalogActivateRequest: ActivateBodySchema,
  CatalogLintRequest: LintBodySchema,
  CatalogItemSummary: ItemSummarySchema,
  CatalogSummaryList: SummaryListSchema,
  CatalogSimulationRequest: SimulationBodySchema,
  CatalogSimulation: SimulationAnswerSchema,
};

const UNEXPECTED = 'an unexpected error in the handler';
const STORE_DOWN = 'The catalog store did not answer; retry after the Retry-After seconds.';
const NO_CALLER =
  "The caller's identity or role cannot be established (on a route for both roles: not called through the product-team or privacy-officer caller role)";
const BAD_REQUEST =
  'A path parameter, query parameter or body field is invalid, or the body has an unknown field';

const route = (operationId: keyof typeof ROUTES) => {
  const { functionName, method, path } = ROUTES[operationId];
  return { functionName, method, path, operationId, tag: 'catalog' };
};

/** The problems of every lifecycle step: the refusal kinds of the service, the detail naming the rule. */
const STEP_PROBLEMS = {
  invalidRequest: BAD_REQUEST,
  callerNotEstablished: NO_CALLER,
  catalogForbidden:
    'The rules forbid this caller this step (e.g. "approver is the author of version 3"; only product teams draft, edit and submit; only privacy officers approve or reject)',
  catalogNotFound: 'No such item or version',
  catalogConflict: 'The version is not in a state that allows the step, or another step committed first',
  catalogInvalid: 'Validation or lint failed: the detail names the rule, `problems` lists every finding',
  payloadTooLarge: 'The body is too large',
  unsupportedMediaType: 'The content type is not application/json',
  unavailable: STORE_DOWN,
  internal: UNEXPECTED,
} as const;

const READ_PROBLEMS = {
  invalidRequest: BAD_REQUEST,
  callerNotEstablished: NO_CALLER,
  unavailable: STORE_DOWN,
  internal: UNEXPECTED,
} as const;

const stepAnswer = { description: 'What the step changed', schema: CommandAnswerSchema };

export const CATALOG_API_ROUTES: readonly ApiRoute[] = [
  {
    ...route('listCatalogItems'),
    summary: 'Every version of every catalog item, or a page of them',
    description:
      'Product teams and privacy officers. `kind`, `state` (e.g. in_review: the review queue) and `id` narrow the list; with `limit` or `cursor` the answer is a page (by kind, id, version) with `nextCursor` when more follow, without them every version.',
    queryParameters: ListQuerySchema,
    success: { description: 'The versions, by kind, id and version', schema: VersionListSchema },
    problems: READ_PROBLEMS,
  },
  {
    ...route('showCatalogItem'),
    summary: 'One item: its versions and every transition (its history)',
    description:
      'Who drafted, edited, submitted, approved or rejected each version, when, with which comment.',
    pathParameters: ItemPathSchema,
    success: { description: 'The item', schema: ItemHistorySchema },
    problems: { ...READ_PROBLEMS, catalogNotFound: 'No item of this kind has this id' },
  },
  {
    ...route('draftCatalogVersion'),
    summary: 'Draft a new version (product teams)',
    description:
      'The next version number is assigned by the lifecycle; the author is the caller, never the body.',
    pathParameters: ItemPathSchema,
    requestBody: DraftBodySchema,
    successStatus: 201,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('editCatalogVersion'),
    summary: 'Replace the content of a draft (product teams)',
    description:
      'Only a draft can be edited; every editor is recorded and none of them may approve the version.',
    pathParameters: VersionPathSchema,
    requestBody: DraftBodySchema,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('submitCatalogVersion'),
    summary: 'Submit a draft for review (product teams)',
    description:
      'Validation and lint (the sensitive lint included) must pass; the version is immutable from now.',
    pathParameters: VersionPathSchema,
    requestBody: CommentBodySchema,
    requestBodyOptional: true,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('approveCatalogVersion'),
    summary: 'Approve a version in review (privacy officers)',
    description:
      'Four eyes: the approver is neither the author nor an editor of the version. Approves its content hash.',
    pathParameters: VersionPathSchema,
    requestBody: CommentBodySchema,
    requestBodyOptional: true,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('rejectCatalogVersion'),
    summary: 'Reject a version in review, with reasons (privacy officers)',
    description: 'A new version can follow.',
    pathParameters: VersionPathSchema,
    requestBody: RejectBodySchema,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('activateCatalogVersion'),
    summary: 'Put an approved version live, now or at `at`',
    description:
      'Product teams and privacy officers. Lint and validation run again; the previous live version is superseded when this one starts.',
    pathParameters: VersionPathSchema,
    requestBody: ActivateBodySchema,
    requestBodyOptional: true,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('retireCatalogItem'),
    summary: 'Retire the live version of an item, immediately',
    description: 'Product teams and privacy officers.',
    pathParameters: ItemPathSchema,
    requestBody: CommentBodySchema,
    requestBodyOptional: true,
    success: stepAnswer,
    problems: STEP_PROBLEMS,
  },
  {
    ...route('lintCatalogContent'),
    summary: 'Validate and lint a content as it would be submitted; stores nothing',
    description:
      'Against the working catalog (the latest non-rejected, non-retired version of every other item).',
    requestBody: LintBodySchema,
    success: { description: 'The findings', schema: LintAnswerSchema },
    problems: {
      ...READ_PROBLEMS,
      payloadTooLarge: 'The body is too large',
      unsupportedMediaType: 'The content type is not application/json',
    },
  },
  {
    ...route('listCatalogSummaries'),
    summary: 'One row per catalog item: its states, live and latest version, priority, last change',
    description:
      "Product teams and privacy officers (the console's triggers list). `kind` and `state` (items with a version in that state) narrow it; paged by kind and id.",
    queryParameters: SummariesQuerySchema,
    success: { description: 'A page of item summaries', schema: SummaryListSchema },
    problems: READ_PROBLEMS,
  },
  {
    ...route('simulateCatalogVersion'),
    summary: 'Simulate a trigger version against the live catalog on the same events; stores nothing',
    description:
      'Product teams and privacy officers. The candidate is a stored version or unsaved content (validated and linted as on submit, against the live catalog); the events are the demo stream or uploaded JSON lines with optional customer fixtures. The answer carries no customer id and nothing of any payment.',
    requestBody: SimulationBodySchema,
    success: { description: 'The funnels, overlap and changed events', schema: SimulationAnswerSchema },
    problems: {
      ...READ_PROBLEMS,
      catalogNotFound: 'The stored version does not exist',
      catalogConflict: 'There is no valid live catalog to simulate against',
      catalogInvalid:
        'The candidate does not pass validation and lint: `problems` lists every finding, `findings` the same with their paths',
      payloadTooLarge: 'The body is too large',
      unsupportedMediaType: 'The content type is not application/json',
    },
  },
  {
    ...route('exportLiveCatalog'),
    summary: 'The live catalog: the versions live now and their catalog revision',
    description: 'What `npm run triggers -- export <dir>` writes as a catalog folder.',
    success: { description: 'The live versions', schema: LiveCatalogSchema },
    problems: READ_PROBLEMS,
  },
];
