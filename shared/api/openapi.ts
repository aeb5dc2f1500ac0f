import * as z from 'zod';
import { CATALOG_API_ROUTES, CATALOG_COMPONENT_SCHEMAS } from './catalog-routes.js';
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
 * governed catalog's routes (issue 12), query parameters, and the Problem's `problems` member.
 */
export const API_VERSION = '1.2.0';

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
  ...CATALOG_COMPONENT_SCHEMAS,
};

/** The routes documented by default: the banner service's, the operators' and the governed catalog's. */
export const DOCUMENTED_ROUTES: readonly ApiRoute[] = [...API_ROUTES, ...CATALOG_API_ROUTES];

export const SECURITY_SCHEME = 'sigv4';

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  banner: 'For the in-app banner service',
  operations: 'For operators',
  catalog:
    'The governed catalog, for product teams (draft, edit, submit) and privacy officers (approve, reject); both activate, retire and read',
};

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  /** Base URL of a deployment, listed under `servers` (e.g. the stack's HttpApiUrl output). */
  readonly serverUrl?: string;
  /** The routes to document; default: DOCUMENTED_ROUTES. */
  readonly routes?: readonly ApiRoute[];
  /** Further named schemas, next to COMPONENT_SCHEMAS (ids must not collide). */
  readonly components?: Readonly<Record<string, z.ZodType>>;
}

function componentSchemas(components: Readonly<Record<string, z.ZodType>>): {
  schemas: Record<string, Json>;
  ref: (schema: z.ZodType) => Json;
} {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(components)) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    // The shapes as a client writes them: strict request objects forbid unknown fields, answers stay open to
    // new optional fields (contracts: additions are not breaking). No schema here has a default or transform.
    io: 'input',
    unrepresentable: 'throw',
  });
  const schemas: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    // Inside an OpenAPI document a component is identified by its place; `$schema` is the document's dialect.
    const { $schema: _dialect, $id: _id, ...rest } = schema as Json;
    schemas[id] = rest;
  }
  const ref = (schema: z.ZodType): Json => {
    const id = ids.get(schema);
    if (id !== undefined) return { $ref: `#/components/schemas/${id}` };
    // A schema without a component name is generated inline (everything the routes use is named today).
    const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'throw',
    }) as Json;
    return inline;
  };
  return { schemas, ref };
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
      : { content: { 'application/json': { schema: ref(response.schema) } } }),
  };
}

function problemResponses(route: ApiRoute, ref: (schema: z.ZodType) => Json): Record<string, Json> {
  const byStatus = new Map<number, string[]>();
  for (const [kind, when] of Object.entries(route.problems) as Array<[ProblemKind, string]>) {
    const { status, title } = PROBLEMS[kind];
    byStatus.set(status, [...(byStatus.get(status) ?? []), `${title}: ${when}`]);
  }
  const responses: Record<string, Json> = {};
  for (const [status, descriptions] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: descriptions.join(' / '),
      ...(status === PROBLEMS.unavailable.status
        ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'string' } } } }
        : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ref(ProblemSchema) } },
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
        'them; and the governed catalog of triggers, offers, regions and products, for product teams and ' +
        'privacy officers. Errors are RFC 9457 problem details (application/problem+json) naming each offending field.',
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
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
