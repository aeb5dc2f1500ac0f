import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { type FieldProblem, fieldProblems, problemResponse, WHOLE_BODY } from './problem.js';
import { MAX_BODY_BYTES } from './schemas.js';

/**
 * Request parsing for the API's handlers (API Gateway HTTP API, payload format 2.0): bounded, and every
 * failure is already the problem+json response to send.
 */

export type ApiResponse = APIGatewayProxyStructuredResultV2;
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly response: ApiResponse };

/** Answers carry personal data (or concern it): never stored by a cache. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** A header's value, whatever case the client (or the gateway) used for its name. */
export function headerValue(
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Path or query-string parameters through a strict schema; every bad parameter is named in one 400
 * problem. `whole` is what the parameters as a whole must be (the default names the route's parameters).
 */
export function parseParameters<S extends z.ZodObject>(
  values: Readonly<Record<string, string | undefined>> | undefined,
  schema: S,
  location: 'path' | 'query',
  whole: string = `the ${location} parameters of this route`,
): Parsed<z.output<S>> {
  const result = schema.safeParse(values ?? {});
  if (result.success) return { ok: true, value: result.data };
  const errors = fieldProblems(schema, result.error.issues, location, {
    field: `(${location})`,
    expected: whole,
  });
  return {
    ok: false,
    response: problemResponse('invalidRequest', `A ${location} parameter is invalid.`, errors),
  };
}

/** Path parameters through a strict schema (parseParameters). */
export function parsePathParameters<S extends z.ZodObject>(
  event: Pick<APIGatewayProxyEventV2, 'pathParameters'>,
  schema: S,
): Parsed<z.output<S>> {
  return parseParameters(event.pathParameters, schema, 'path');
}

const JSON_MEDIA_TYPE = 'application/json';
const BODY_EXPECTED = 'a JSON object';

/** `application/json`, with no parameter other than a UTF-8 charset. */
function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [mediaType, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== JSON_MEDIA_TYPE) return false;
  return parameters.every((parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter));
}

/** The body's UTF-8 bytes, or 'too-large' without decoding more than needed to tell. */
function bodyBytes(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, maxBytes: number) {
  const body = event.body ?? '';
  if (event.isBase64Encoded) {
    // Four base64 characters carry three bytes: longer than this cannot decode to maxBytes or fewer.
    if (body.length > Math.ceil(maxBytes / 3) * 4 + 4) return 'too-large' as const;
    const bytes = Buffer.from(body, 'base64');
    return bytes.length > maxBytes ? ('too-large' as const) : bytes;
  }
  // A UTF-16 code unit is 1 to 3 UTF-8 bytes: only count them when the length cannot tell.
  if (body.length > maxBytes) return 'too-large' as const;
  const bytes = Buffer.from(body, 'utf8');
  return bytes.length > maxBytes ? ('too-large' as const) : bytes;
}

const tooLarge = (maxBytes: number): FieldProblem => ({
  field: WHOLE_BODY,
  in: 'body',
  expected: `at most ${maxBytes} bytes of UTF-8 JSON`,
});

/**
 * The JSON body through a strict object schema. In this order: 413 over `maxBytes`, 415 unless the content
 * type is application/json, 400 for a body that is not JSON or does not match (naming every field).
 */
export function parseJsonBody<S extends z.ZodObject>(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Parsed<z.output<S>> {
  const bytes = bodyBytes(event, maxBytes);
  if (bytes === 'too-large') {
    return {
      ok: false,
      response: problemResponse('payloadTooLarge', `The body exceeds ${maxBytes} bytes.`, [
        tooLarge(maxBytes),
      ]),
    };
  }
  if (!isJsonContentType(headerValue(event, 'content-type'))) {
    return {
      ok: false,
      response: problemResponse(
        'unsupportedMediaType',
        'Send the body as application/json.',
        [{ field: 'content-type', in: 'header', expected: `${JSON_MEDIA_TYPE} (UTF-8)` }],
        { 'accept-post': JSON_MEDIA_TYPE },
      ),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return {
      ok: false,
      response: problemResponse('invalidRequest', 'The body is not valid UTF-8 JSON.', [
        { field: WHOLE_BODY, in: 'body', expected: BODY_EXPECTED },
      ]),
    };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const errors = fieldProblems(schema, result.error.issues, 'body', {
    field: WHOLE_BODY,
    expected: BODY_EXPECTED,
  });
  return {
    ok: false,
    response: problemResponse('invalidRequest', 'The body does not match the request schema.', errors),
  };
}
