import * as z from 'zod';
import { CATALOG_API_ROUTES, CATALOG_COMPONENT_SCHEMAS } from './catalog-routes.js';
import { API_LICENSE, componentSchemas, type Json } from './document-parts.js';
import { PRIVACY_API_ROUTES, PRIVACY_COMPONENT_SCHEMAS } from './privacy-routes.js';
import {
  FieldProblemSchema,
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  type ProblemKind,
  ProblemSchema,
} from './problem.js';
import { API_ROUTES, type ApiRoute, type RouteResponse } from './routes.js';
import {
  BannerOfferSchema,
  CustomerIdSchema,
  HealthResponseSchema,
  OfferEventRequestSchema,
  OfferEventResponseSchema,
  OfferEventTypeSchema,
  OfferInstanceIdSchema,
  OffersResponseSchema,
  OpenApiDocumentSchema,
} from './schemas.js';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated: every schema comes from the zod schemas the handlers
 * validate with (z.toJSONSchema, JSON Schema 2020-12 — the dialect of OpenAPI 3.1), and the paths from
 * ./routes.ts. Nothing about a request or response shape is written here by hand.
 */

export const OPENAPI_VERSION = '3.1.1';
/**
 * The API's version: bump on every change of a route or schema (contracts: additions are minor). 1.1.0: the
 * Problem type lists every problem type of the one registry (privacy API and local gateway too). 1.2.0: the
 * governed catalog's routes (issue 12), query parameters, and the Problem's `problems` member. 1.3.0 (issue 13):
 * the privacy routes, `servers`, `info.license`, and API Gateway's 403 refusal on every operation.
 */
export const API_VERSION = '1.3.0';

/**
 * Where the API runs: the local runtime first (`npm start` prints its URL; `--port` fixes the port), and a
 * deployment (the stack's HttpApiUrl output: API id and region as variables; the `$default` stage has no path).
 */
export const DEFAULT_SERVERS: readonly Json[] = [
  {
    // Where the local gateway listens (infra/local/http-gateway.ts), as the URL it prints.
    url: 'http://127.0.0.1:{port}',
    description: 'The local runtime (npm start prints the URL; npm start -- --port <n> fixes the port)',
    variables: { port: { default: '8080', description: 'the port of the local HTTP API' } },
  },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: 'A deployment: the stack output HttpApiUrl (every request signed with SigV4)',
    variables: {
      apiId: { default: 'your-api-id', description: 'the HTTP API id (the host of HttpApiUrl)' },
      region: { default: 'eu-west-1', description: 'the AWS region of the stack' },
    },
  },
];

/**
 * API Gateway's own refusal of a request that is not signed, or whose signer may not invoke the route: it
 * answers before any handler runs, with its own body (HTTP APIs cannot shape it into problem+json).
 */
export const GatewayRefusalSchema = z
  .object({ message: z.string().meta({ description: 'Forbidden' }) })
  .meta({ description: "API Gateway's refusal of an unsigned or unauthorised request (not problem+json)" });
const GATEWAY_REFUSAL =
  'API Gateway refused the request before any handler ran: it is not signed (SigV4), or the signer may not invoke this route. The local runtime checks no signatures.';

/** Named schemas, emitted under components.schemas and referenced wherever they are used. */
export const COMPONENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  CustomerId: CustomerIdSchema,
  OfferInstanceId: OfferInstanceIdSchema,
  OfferEventType: OfferEventTypeSchema,
  BannerOffer: BannerOfferSchema,
  OffersResponse: OffersResponseSchema,
  OfferEventRequest: OfferEventRequestSchema,
  OfferEventResponse: OfferEventResponseSchema,
  FieldProblem: FieldProblemSchema,
  Problem: ProblemSchema,
  HealthResponse: HealthResponseSchema,
  OpenApiDocument: OpenApiDocumentSchema,
  GatewayRefusal: GatewayRefusalSchema,
  ...CATALOG_COMPONENT_SCHEMAS,
  ...PRIVACY_COMPONENT_SCHEMAS,
};

/** The routes documented by default: every route of the route table (banner, operators, catalog, privacy). */
export const DOCUMENTED_ROUTES: readonly ApiRoute[] = [
  ...API_ROUTES,
  ...CATALOG_API_ROUTES,
  ...PRIVACY_API_ROUTES,
];

export const SECURITY_SCHEME = 'sigv4';

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  banner: 'For the in-app banner service',
  operations: 'For operators',
  catalog:
    'The governed catalog, for product teams (draft, edit, submit) and privacy officers (approve, reject); both activate, retire and read',
  privacy:
    "For privacy officers (the audit: suppressed offers, a customer's history, explanations, the access log) and privacy erasers (erasure requests)",
};

export interface OpenApiOptions {
  /** Base URL of a deployment, listed under `servers` instead of DEFAULT_SERVERS (e.g. the stack's HttpApiUrl output). */
  readonly serverUrl?: string;
  /** The routes to document; default: DOCUMENTED_ROUTES. */
  readonly routes?: readonly ApiRoute[];
  /** Further named schemas, next to COMPONENT_SCHEMAS (ids must not collide). */
  readonly components?: Readonly<Record<string, z.ZodType>>;
}

function success(response: RouteResponse, ref: (schema: z.ZodType) => Json): Json {
  return {
    description: response.description,
    ...(response.headers === undefined
      ? {}
      : {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          ),
        }),
    ...(response.schema === undefined
      ? {}
      : {
          content: {
            'application/json': { schema: ref(response.schema) },
            ...Object.fromEntries(
              (response.textMediaTypes ?? []).map((type) => [type, { schema: { type: 'string' } }]),
            ),
          },
        }),
  };
}

function problemResponses(route: ApiRoute, ref: (schema: z.ZodType) => Json): Record<string, Json> {
  const byStatus = new Map<number, string[]>();
  for (const [kind, when] of Object.entries(route.problems) as Array<[ProblemKind, string]>) {
    const { status, title } = PROBLEMS[kind];
    byStatus.set(status, [...(byStatus.get(status) ?? []), `${title}: ${when}`]);
  }
  // Every operation: API Gateway's refusal of an unsigned or unauthorised request (beside any 403 problem).
  byStatus.set(403, [...(byStatus.get(403) ?? []), GATEWAY_REFUSAL]);
  const responses: Record<string, Json> = {};
  for (const [status, descriptions] of [...byStatus].sort(([a], [b]) => a - b)) {
    const problem = { [PROBLEM_CONTENT_TYPE]: { schema: ref(ProblemSchema) } };
    const handlerAnswers = descriptions.length > (status === 403 ? 1 : 0);
    responses[String(status)] = {
      description: descriptions.join(' / '),
      ...(status === PROBLEMS.unavailable.status
        ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'string' } } } }
        : {}),
      content: {
        ...(handlerAnswers ? problem : {}),
        ...(status === 403 ? { 'application/json': { schema: ref(GatewayRefusalSchema) } } : {}),
      },
    };
  }
  return responses;
}

function operation(route: ApiRoute, ref: (schema: z.ZodType) => Json): Json {
  const parameters = Object.entries(route.pathParameters?.shape ?? {}).map(([name, field]) => ({
    name,
    in: 'path',
    required: true,
    ...((field as z.ZodType).description === undefined
      ? {}
      : { description: (field as z.ZodType).description }),
    schema: ref(field as z.ZodType),
  }));
  for (const [name, field] of Object.entries(route.queryParameters?.shape ?? {})) {
    const schema = field as z.ZodType;
    parameters.push({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(schema.description === undefined ? {} : { description: schema.description }),
      schema: ref(schema),
    });
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.requestBody === undefined
      ? {}
      : {
          requestBody: {
            required: route.requestBodyOptional !== true,
            content: { 'application/json': { schema: ref(route.requestBody) } },
          },
        }),
    responses: {
      [String(route.successStatus ?? 200)]: success(route.success, ref),
      ...problemResponses(route, ref),
    },
  };
}

/** The whole document. Deterministic: the same schemas and routes always give the same JSON. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): Json {
  for (const id of Object.keys(options.components ?? {})) {
    if (Object.hasOwn(COMPONENT_SCHEMAS, id)) throw new Error(`Component schema "${id}" is defined twice`);
  }
  const { schemas, ref } = componentSchemas({ ...COMPONENT_SCHEMAS, ...options.components });
  const routes = options.routes ?? DOCUMENTED_ROUTES;
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    if (paths[route.path]?.[route.method.toLowerCase()] !== undefined) {
      throw new Error(`Route ${route.method} ${route.path} is documented twice`);
    }
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operation(route, ref);
    paths[route.path] = item;
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Offer eligibility pipeline: HTTP API',
      version: API_VERSION,
      description:
        'For the in-app banner service: which offers to show a customer now, and what the customer did with ' +
        'them; the governed catalog of triggers, offers, regions and products, for product teams and ' +
        "privacy officers; and the privacy officers' audit and erasure routes. Errors are RFC 9457 problem " +
        'details (application/problem+json) naming each offending field; a path no route matches answers a ' +
        '404 problem. Push consumers: see the AsyncAPI document of the queues (npm run asyncapi).',
      license: API_LICENSE,
    },
    servers:
      options.serverUrl === undefined
        ? DEFAULT_SERVERS
        : [{ url: options.serverUrl, description: 'This deployment' }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({
      name,
      ...(TAG_DESCRIPTIONS[name] === undefined ? {} : { description: TAG_DESCRIPTIONS[name] }),
    })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description:
            'AWS IAM authorization: every request is signed with AWS Signature Version 4 (service execute-api) ' +
            'by a principal allowed execute-api:Invoke on the route. API Gateway answers 403 to an unsigned or ' +
            'unauthorised request before any handler runs. (The local runtime does not check signatures.)',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
    },
  };
}
