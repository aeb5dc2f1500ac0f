import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionDefinition, HttpRoute } from '../definitions.js';
import { PortInUseError } from './errors.js';
import { type LambdaHandler, lambdaContext } from './invoke.js';
import { LOCAL_ACCOUNT_ID } from './local-aws.js';

export interface GatewayRoute {
  readonly fn: FunctionDefinition;
  readonly route: HttpRoute;
  readonly handler: LambdaHandler;
}

interface CompiledRoute extends GatewayRoute {
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

/** API Gateway's payload limit; larger bodies get 413 as they would in AWS. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function compile(route: GatewayRoute): CompiledRoute {
  const params: string[] = [];
  const source = route.route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\+?\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]);
      return segment.endsWith('+}') ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), params };
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
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
  url: URL,
  route: CompiledRoute,
  match: RegExpExecArray,
  body: Buffer,
) {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const pathParameters: Record<string, string> = {};
  route.params.forEach((name, i) => {
    pathParameters[name] = decodeURIComponent(match[i + 1] ?? '');
  });
  const text = isText(request.headers['content-type']);
  const now = new Date();
  const routeKey = `${route.route.method} ${route.route.path}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
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
  return event;
}

function send(response: ServerResponse, result: unknown): void {
  // Lambda's payload format 2.0: a result without statusCode is a 200 JSON body.
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
        };
  response.statusCode = structured.statusCode ?? 200;
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    response.setHeader(name, String(value));
  if (structured.cookies?.length) response.setHeader('set-cookie', structured.cookies);
  const body = structured.body ?? '';
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
}

export interface HttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A local stand-in for an API Gateway HTTP API: matches the definition's routes, turns each request into a
 * payload-format-2.0 event and the handler's result back into a response. IAM auth is not emulated.
 */
export function startHttpGateway(
  routes: readonly GatewayRoute[],
  port: number,
  onError: (error: unknown) => void,
): Promise<HttpGateway> {
  const compiled = routes.map(compile);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const candidates = compiled.filter((r) => r.pattern.test(url.pathname));
      const route = candidates.find((r) => r.route.method === request.method);
      const match = route?.pattern.exec(url.pathname);
      if (!route || !match) {
        sendJson(response, candidates.length > 0 ? 405 : 404, {
          message: candidates.length > 0 ? 'Method Not Allowed' : 'Not Found',
        });
        return;
      }
      const body = await readBody(request);
      if (body === 'too-large') {
        sendJson(response, 413, { message: 'Request Entity Too Large' });
        return;
      }
      try {
        send(
          response,
          await route.handler(toEvent(request, url, route, match, body), lambdaContext(route.fn)),
        );
      } catch (error) {
        onError(error);
        sendJson(response, 500, { message: 'Internal Server Error' });
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, 'HTTP API') : error),
    );
    server.listen(port, '127.0.0.1', () => {
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
