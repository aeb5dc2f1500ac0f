import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type { Socket } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse, unknownRouteResponse, WHOLE_BODY } from '#api/problem.js';
import { routeKey as routeKeyOf } from '#api/route-table.js';
import type { FunctionDefinition, HttpRoute } from '#infra/definitions.js';
import { PortInUseError } from './errors.js';
import { badEncoding, gatewayProblem, rawProblem } from './gateway-problems.js';
import {
  type CompiledPath,
  compilePath,
  matchPath,
  parseQuery,
  parseRequestTarget,
  type RequestTarget,
} from './gateway-request.js';
import { type LambdaHandler, lambdaContext } from './invoke.js';
import { LOCAL_ACCOUNT_ID } from './local-aws.js';

export interface GatewayRoute {
  readonly fn: FunctionDefinition;
  readonly route: HttpRoute;
  readonly handler: LambdaHandler;
}

interface CompiledRoute extends GatewayRoute, CompiledPath {}

/** API Gateway's payload limit; larger bodies get 413 as they would in AWS. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Node's default header limit, stated: larger headers get a 431 problem. */
export const MAX_HEADER_BYTES = 16 * 1024;

type Answer = APIGatewayProxyStructuredResultV2;

/** The body, 'too-large' (read to the end but not kept), or 'aborted' when the client went away first. */
function readBody(request: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: Buffer | 'too-large' | 'aborted') => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => settle(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', () => settle('aborted'));
    request.on('close', () => settle(request.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

function isText(contentType: string | undefined): boolean {
  return (
    contentType === undefined ||
    /^(text\/|application\/(json|problem\+json|x-www-form-urlencoded|xml|[a-z.+-]*\+json))/i.test(contentType)
  );
}

function toEvent(
  request: IncomingMessage,
  target: RequestTarget,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  query: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const text = isText(request.headers['content-type']);
  const now = new Date();
  const routeKey = routeKeyOf(route.route);
  return {
    version: '2.0',
    routeKey,
    rawPath: target.rawPath,
    rawQueryString: target.rawQuery,
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: target.rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: !text,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.params.length > 0 ? { pathParameters } : {}),
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
  };
}

/**
 * A handler's result as payload format 2.0 reads it: a result without statusCode is a 200 JSON body.
 * Undefined when the result cannot be sent (bad status, bad header): API Gateway answers 500 then.
 */
function structured(result: unknown): Answer | undefined {
  const answer: Answer =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as Answer)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
        };
  const status = answer.statusCode ?? 200;
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  try {
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      validateHeaderName(name);
      validateHeaderValue(name, String(value));
    }
  } catch {
    return undefined;
  }
  if (answer.body !== undefined && typeof answer.body !== 'string') return undefined;
  return answer;
}

function send(response: ServerResponse, answer: Answer): void {
  if (response.headersSent || response.destroyed) return;
  response.statusCode = answer.statusCode ?? 200;
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, String(value));
  if (answer.cookies?.length) response.setHeader('set-cookie', answer.cookies);
  const body = answer.body ?? '';
  response.end(answer.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export interface HttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

function clientErrorAnswer(error: NodeJS.ErrnoException): string {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return rawProblem('headersTooLarge', `The request headers exceed ${MAX_HEADER_BYTES} bytes.`);
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return rawProblem('requestTimeout', 'The request did not arrive completely in time.');
  }
  return rawProblem('malformedRequest', 'The request is not valid HTTP/1.1.');
}

/**
 * A local stand-in for an API Gateway HTTP API: matches the definition's routes on the raw path, turns each
 * request into a payload-format-2.0 event and the handler's result back into a response. IAM auth is not
 * emulated. No request can stop it: a malformed target, bad percent-encoding, huge headers, an unknown
 * method, a body cut off mid-way or a handler that throws each get a 4xx/5xx problem (or, when the client
 * is gone, nothing), and the server keeps serving.
 */
export function startHttpGateway(
  routes: readonly GatewayRoute[],
  port: number,
  onError: (error: unknown) => void,
): Promise<HttpGateway> {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, ...compilePath(route.route.path) }));

  const handle = async (request: IncomingMessage): Promise<Answer | undefined> => {
    const target = parseRequestTarget(request.url);
    if (!target) {
      return gatewayProblem('malformedRequest', 'The request target must be a path starting with /.');
    }
    const matches = compiled
      .map((route) => ({ route, match: matchPath(route, target.rawPath) }))
      .filter((m) => m.match !== undefined);
    // The deployed API's `$default` route gives the same answer (functions/health/handler.ts).
    if (matches.length === 0) return unknownRouteResponse();
    const chosen = matches.find((m) => m.route.route.method === request.method);
    if (!chosen?.match) {
      const allow = [...new Set(matches.map((m) => m.route.route.method))].join(', ');
      return gatewayProblem('methodNotAllowed', `This path takes ${allow}.`, { allow });
    }
    if (!chosen.match.ok) return badEncoding(chosen.match.malformed, 'path');
    const query = parseQuery(target.rawQuery);
    if (!query) return badEncoding('(query)', 'query');
    const body = await readBody(request);
    if (body === 'aborted') return undefined;
    if (body === 'too-large') {
      return problemResponse('payloadTooLarge', `The body exceeds ${MAX_BODY_BYTES} bytes.`, [
        { field: WHOLE_BODY, in: 'body', expected: `at most ${MAX_BODY_BYTES} bytes` },
      ]);
    }
    const { route } = chosen;
    const event = toEvent(request, target, route, chosen.match.parameters, query, body);
    let result: unknown;
    try {
      result = await route.handler(event, lambdaContext(route.fn));
    } catch (error) {
      onError(error);
      return problemResponse('internal', 'The handler failed.');
    }
    const answer = structured(result);
    if (!answer) {
      onError(new Error(`${route.fn.name} returned a result API Gateway cannot send`));
      return problemResponse('internal', 'The handler returned an invalid response.');
    }
    return answer;
  };

  const server: Server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 60_000, headersTimeout: 20_000 },
    (request, response) => {
      // A client that goes away mid-request or mid-response must cost nothing but its own request.
      request.on('error', () => {});
      response.on('error', () => {});
      handle(request).then(
        (answer) => {
          if (answer) send(response, answer);
          else response.destroy();
        },
        (error: unknown) => {
          onError(error);
          if (response.headersSent) response.destroy();
          else send(response, problemResponse('internal', 'The request could not be handled.'));
        },
      );
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorAnswer(error));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, 'HTTP API') : error),
    );
    server.listen(port, '127.0.0.1', () => {
      server.removeAllListeners('error');
      // After start-up a server error (e.g. out of file descriptors) is reported, never fatal.
      server.on('error', onError);
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
