import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';

/**
 * RFC 9457 problem details (`application/problem+json`). Every error the API answers itself is one of the
 * PROBLEMS below, with a fixed type URI and title; `detail` explains this occurrence and `errors` (an
 * extension member) names each offending field and what was expected there. A problem never repeats the
 * value it rejected, nor the name of a field it does not know: only known field names and expectations.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The headers of every problem answer: the media type, never cached, and `nosniff` so that no browser ever
 * renders an error body as anything but what it says it is.
 */
export const PROBLEM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': PROBLEM_CONTENT_TYPE,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

const TYPE_PREFIX = 'urn:offer-pipeline:problem:';

/**
 * Every kind of problem any HTTP answer of the pipeline carries — the banner API, the privacy API and the
 * local gateway — with its status, its type's slug and its title: one registry, so a type URI means one
 * thing wherever it is answered, and the OpenAPI document lists them all.
 */
export const PROBLEMS = {
  // Any API: the request, and faults.
  invalidRequest: { status: 400, slug: 'invalid-request', title: 'The request is invalid' },
  payloadTooLarge: { status: 413, slug: 'payload-too-large', title: 'The request body is too large' },
  unsupportedMediaType: {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'The request body must be JSON',
  },
  internal: { status: 500, slug: 'internal', title: 'The request could not be handled' },
  unavailable: { status: 503, slug: 'unavailable', title: 'Temporarily unavailable; retry shortly' },
  // The banner API.
  notFound: { status: 404, slug: 'not-found', title: 'No such offer for this customer' },
  eventIdReused: {
    status: 422,
    slug: 'event-id-reused',
    title: 'This eventId was already used for a different event of this offer',
  },
  // The banner API, issue 13: feedback the offer's life does not allow (the detail says why).
  offerNotActive: {
    status: 409,
    slug: 'offer-not-active',
    title: 'The offer can no longer take this feedback',
  },
  // The privacy API.
  noCallerIdentity: {
    status: 403,
    slug: 'no-caller-identity',
    title: 'The caller has no identity to record in the audit access log',
  },
  auditRecordNotFound: { status: 404, slug: 'audit-record-not-found', title: 'No audit record has this id' },
  noRecordsForCustomer: {
    status: 404,
    slug: 'no-records-for-customer',
    title: 'No records for this customer',
  },
  routeNotServed: { status: 404, slug: 'route-not-found', title: 'This function does not serve the route' },
  // The governed catalog (issue 12): a refusal of the lifecycle rules, its `rule` as the detail.
  callerNotEstablished: {
    status: 403,
    slug: 'caller-not-established',
    title: "The caller's identity or role cannot be established",
  },
  catalogForbidden: {
    status: 403,
    slug: 'catalog-forbidden',
    title: 'The catalog rules forbid this caller this step',
  },
  catalogNotFound: { status: 404, slug: 'catalog-not-found', title: 'No such catalog item or version' },
  catalogConflict: {
    status: 409,
    slug: 'catalog-conflict',
    title: 'The catalog item is not in a state that allows this step',
  },
  catalogInvalid: {
    status: 422,
    slug: 'catalog-invalid',
    title: 'The content does not pass validation and lint',
  },
  // The local HTTP gateway (infra/local/gateway-problems.ts), before any handler.
  routeNotFound: { status: 404, slug: 'no-route', title: 'No route matches the request path' },
  methodNotAllowed: { status: 405, slug: 'method-not-allowed', title: 'The route does not take this method' },
  requestTimeout: { status: 408, slug: 'request-timeout', title: 'The request did not arrive in time' },
  headersTooLarge: { status: 431, slug: 'headers-too-large', title: 'The request headers are too large' },
  malformedRequest: { status: 400, slug: 'malformed-request', title: 'The HTTP request is malformed' },
} as const satisfies Readonly<Record<string, { status: number; slug: string; title: string }>>;

export type ProblemKind = keyof typeof PROBLEMS;

export const problemType = (kind: ProblemKind): string => `${TYPE_PREFIX}${PROBLEMS[kind].slug}`;

/** Where a field is: a path parameter, a header or the JSON body (OpenAPI's vocabulary). */
export const FIELD_LOCATIONS = ['path', 'query', 'header', 'body'] as const;
export type FieldLocation = (typeof FIELD_LOCATIONS)[number];

/** The pseudo-field for the body as a whole (not JSON, not an object, too large). */
export const WHOLE_BODY = '(body)';

export const FieldProblemSchema = z
  .object({
    field: z.string().meta({ description: `the field's name, or "${WHOLE_BODY}" for the body as a whole` }),
    in: z.enum(FIELD_LOCATIONS).meta({ description: 'where the field is' }),
    expected: z.string().meta({ description: 'what the field must be, in words' }),
  })
  .meta({ description: 'One offending field' });
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export const ContentFindingSchema = z
  .object({
    path: z.string().meta({
      description:
        'the JSON path of the field in the content, segments joined by "." (condition.all.0.field, explanation.nl); "" when the finding is about the whole item',
    }),
    message: z.string().meta({ description: 'the finding, as the matching line of `problems`' }),
  })
  .meta({ description: 'One validation or lint finding, with the field it names' });

const PROBLEM_TYPES = Object.keys(PROBLEMS).map((kind) => problemType(kind as ProblemKind));

export const ProblemSchema = z
  .object({
    type: z
      .enum(PROBLEM_TYPES as [string, ...string[]])
      .meta({ description: 'identifies the kind of problem (a URN; not dereferenceable)' }),
    title: z.string().meta({ description: 'a short summary, the same for every problem of this type' }),
    status: z.number().int().min(400).max(599).meta({ description: 'the HTTP status code' }),
    detail: z.string().meta({ description: 'what went wrong with this request' }),
    errors: z
      .array(FieldProblemSchema)
      .optional()
      .meta({ description: 'every offending field, when the problem is about the request' }),
    problems: z.array(z.string()).optional().meta({
      description:
        'catalog refusals: every validation and lint finding of the content, one line each (the rule broken is the detail)',
    }),
    findings: z.array(ContentFindingSchema).optional().meta({
      description:
        'catalog refusals that have them (a simulation of invalid content): the same findings as `problems`, in the same order, each with the path of its field',
    }),
  })
  .meta({ description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof ProblemSchema>;

export function problemBody(kind: ProblemKind, detail: string, errors?: readonly FieldProblem[]): Problem {
  const { status, title } = PROBLEMS[kind];
  return {
    type: problemType(kind),
    title,
    status,
    detail,
    ...(errors === undefined || errors.length === 0 ? {} : { errors: [...errors] }),
  };
}

/** The Lambda (payload format 2.0) response carrying a problem. */
export function problemResponse(
  kind: ProblemKind,
  detail: string,
  errors?: readonly FieldProblem[],
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  const body = problemBody(kind, detail, errors);
  return {
    statusCode: body.status,
    headers: { ...PROBLEM_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

// --- Unknown routes (issue 13) ------------------------------------------------------------------------
// A request no route matches gets the same answer from the deployed API (its `$default` route, served by
// the function of ROUTES.getHealth: infra/cdk/http-api.ts) and from the local gateway.

export const UNKNOWN_ROUTE_DETAIL =
  'No route of this API matches the method and path; the OpenAPI document (GET /openapi.json) lists them.';

/** The 404 problem (routeNotFound) for a request no route matches; it never quotes the path. */
export function unknownRouteResponse(): APIGatewayProxyStructuredResultV2 {
  return problemResponse('routeNotFound', UNKNOWN_ROUTE_DETAIL);
}

/** The descriptions of an object schema's fields: the `expected` text of its problems. */
function describedFields(schema: z.ZodObject): ReadonlyMap<string, string> {
  return new Map(
    Object.entries(schema.shape).map(([name, field]) => [
      name,
      (field as z.ZodType).description ?? 'a valid value',
    ]),
  );
}

/**
 * One problem per offending field of a strict object schema, in the order zod found them: missing or invalid
 * fields (with their described expectation), or the value as a whole. Unknown fields are counted, never
 * named: a key is caller input like any value (it could be an e-mail address), so the problem is reported at
 * the parent (the whole body, query or path) with how many unknown fields there were and which are allowed.
 */
export function fieldProblems(
  schema: z.ZodObject,
  issues: readonly z.core.$ZodIssue[],
  location: FieldLocation,
  whole: { field: string; expected: string },
): FieldProblem[] {
  const expected = describedFields(schema);
  const allowed = expected.size === 0 ? 'none' : [...expected.keys()].join(', ');
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, text: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    problems.push({ field, in: location, expected: text });
  };
  const unknown = issues
    .filter((issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0)
    .reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? issue.keys.length : 0), 0);
  for (const issue of issues) {
    const first = issue.path[0];
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
      add(
        whole.field,
        `no unknown fields (found ${unknown} unknown field${unknown === 1 ? '' : 's'}); the allowed fields are ${allowed}`,
      );
    } else if (typeof first === 'string' && expected.has(first)) {
      add(first, expected.get(first) ?? 'a valid value');
    } else {
      add(whole.field, whole.expected);
    }
  }
  return problems;
}
