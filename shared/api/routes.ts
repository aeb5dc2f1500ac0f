import type * as z from 'zod';
import { PROBLEMS, type ProblemKind } from './problem.js';
import { type HttpMethod, ROUTES } from './route-table.js';
import {
  HealthResponseSchema,
  MAX_BODY_BYTES,
  OfferEventPathSchema,
  OfferEventRequestSchema,
  OfferEventResponseSchema,
  OffersPathSchema,
  OffersResponseSchema,
  OpenApiDocumentSchema,
} from './schemas.js';

/**
 * The routes of the banner service and the operators (audiences 'banner-service' and 'operator' of the
 * route table, ./route-table.ts, whose method, path and function each entry spreads) with the schemas of
 * their parameters, body and answers: the input of the OpenAPI generator (./openapi.ts). A unit test checks
 * that these are exactly the definitions' `http` event sources of those audiences, so a route cannot be
 * added to the stack and forgotten here, or the other way round. (Other audiences' APIs can pass their own
 * ApiRoute lists to the generator.)
 */

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly headers?: Readonly<Record<string, string>>;
  /** Other media types the answer may come as (text: an export), besides JSON. */
  readonly textMediaTypes?: readonly string[];
}

export interface ApiRoute {
  /** The function of infra/definitions.ts that serves the route. */
  readonly functionName: string;
  readonly method: HttpMethod;
  /** API Gateway route syntax, as in the route table. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string;
  readonly pathParameters?: z.ZodObject;
  /** The query parameters, each optional unless its schema requires it. */
  readonly queryParameters?: z.ZodObject;
  readonly requestBody?: z.ZodObject;
  /** True when the body may be left out (it is then taken as `{}`). */
  readonly requestBodyOptional?: boolean;
  /** The status of a success: 200 unless given (201 for a creation). */
  readonly successStatus?: number;
  readonly success: RouteResponse;
  /** The problems (problem+json) the handler itself may answer with, each with when it happens. */
  readonly problems: Partial<Record<ProblemKind, string>>;
}

const UNEXPECTED = 'an unexpected error in the handler';
const STORE_DOWN =
  'A store did not answer (fail closed: nothing is shown); retry after the Retry-After seconds.';

/** Method, path and function of a documented route, from the route table; its name is its operationId. */
export const route = (operationId: keyof typeof ROUTES) => {
  const { functionName, method, path } = ROUTES[operationId];
  return { functionName, method, path, operationId };
};

export const API_ROUTES: readonly ApiRoute[] = [
  {
    ...route('listCustomerOffers'),
    tag: 'banner',
    summary: "The customer's offers to show now",
    description:
      'Active, unexpired offers with their text, mandatory disclosures, expiry, priority and explanation ' +
      '("Why am I seeing this?"), highest priority first. Consent is checked again ' +
      'at read time (the second point of a two-point check): a customer whose current consent does not allow ' +
      'offers gets none, even before their withdrawal was processed. Repeated dismissals pause all offers ' +
      '(by default 3 within 30 days: none for 90 days). An unknown customer gets an empty list ' +
      'as well: the answer never tells whether a customer exists.',
    pathParameters: OffersPathSchema,
    success: {
      description: 'The offers (possibly none)',
      schema: OffersResponseSchema,
      headers: { 'Cache-Control': 'no-store' },
    },
    problems: {
      invalidRequest: 'customerId is not a valid id',
      unavailable: STORE_DOWN,
      internal: UNEXPECTED,
    },
  },
  {
    ...route('recordOfferEvent'),
    tag: 'banner',
    summary: 'Report that an offer was shown, clicked or dismissed',
    description:
      'Idempotent per eventId: a repeat is answered with the first record (header Idempotent-Replayed: true) ' +
      'and has no second effect. Feedback is possible only while the offer is active and `at` is before its ' +
      'expiry: nothing after a click, a dismissal or a withdrawal (409). "clicked" and "dismissed" end the ' +
      "offer's active life; \"dismissed\" also starts the offer's cooldown (the offer's cooldownDays from `at`) " +
      'for this customer and counts towards the dismissal pause. The event, the offer status and the ' +
      "customer's contact-policy state are written in one transaction, conditional on the offer still being active.",
    pathParameters: OfferEventPathSchema,
    requestBody: OfferEventRequestSchema,
    success: {
      description: 'The event as recorded (also for a repeated eventId)',
      schema: OfferEventResponseSchema,
      headers: { 'Idempotent-Replayed': 'present, with value true, when the eventId was recorded before' },
    },
    problems: {
      invalidRequest: 'A path parameter or a body field is invalid, or the body has an unknown field',
      notFound: 'The customer has no offer with this offerInstanceId',
      offerNotActive:
        'The offer was clicked, dismissed or withdrawn, or it expired before `at` (the detail says which); nothing was recorded',
      payloadTooLarge: `The body is larger than ${MAX_BODY_BYTES} bytes`,
      unsupportedMediaType: 'The content type is not application/json',
      eventIdReused: 'The eventId was recorded before with a different type or time',
      unavailable: 'A store did not answer or kept conflicting; retry after the Retry-After seconds.',
      internal: UNEXPECTED,
    },
  },
  {
    ...route('getOpenApiDocument'),
    tag: 'operations',
    summary: 'This OpenAPI document',
    description: 'Generated from the zod schemas the handlers validate with.',
    success: { description: 'The OpenAPI 3.1 document', schema: OpenApiDocumentSchema },
    problems: { internal: UNEXPECTED },
  },
  {
    ...route('getHealth'),
    tag: 'operations',
    summary: 'Liveness',
    description: 'Answers without touching customer data.',
    success: { description: 'The API is up', schema: HealthResponseSchema },
    problems: {},
  },
];

/** The HTTP status of each problem kind, for the generator. */
export const problemStatus = (kind: ProblemKind): number => PROBLEMS[kind].status;
