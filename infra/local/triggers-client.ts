import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { LOCAL_CALLER_HEADER, LOCAL_CALLER_NAME, LOCAL_ROLE_HEADER } from '#api/catalog-caller.js';
import type { Role } from '#core/governance/model.js';
import { endpointsFile } from './endpoints-file.js';
import { LocalRuntimeError } from './errors.js';

/**
 * The HTTP client of `npm run triggers` (issue 12): one small function per request, over an injected
 * `fetch`, so tests drive it without a server. Locally it names the caller in the local identity headers
 * (honoured by the catalog API only for the local gateway); against AWS each request is signed (SigV4,
 * ./triggers-sigv4.ts) and the identity is the signing principal.
 */

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface CatalogAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A request before it is sent: what a signer adds its headers to. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export type Authorise = (request: OutgoingRequest, role: Role | undefined) => Promise<OutgoingRequest>;

export interface CatalogClient {
  /** `role` is the role the step is taken in (the local identity headers); AWS ignores it. */
  request(method: string, path: string, role: Role | undefined, body?: unknown): Promise<CatalogAnswer>;
}

export function catalogClient(baseUrl: string, authorise: Authorise, fetch: Fetch): CatalogClient {
  return {
    async request(method, path, role, body) {
      const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
      const outgoing = await authorise(
        {
          method,
          url,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        role,
      );
      const response = await fetch(outgoing.url.toString(), {
        method: outgoing.method,
        headers: outgoing.headers,
        ...(outgoing.body === undefined ? {} : { body: outgoing.body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page): shown as text.
      }
      return { status: response.status, body: parsed };
    },
  };
}

/** Who runs the CLI on this machine, when `--as` does not say: the OS user name (as `npm run audit` does). */
function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER || process.env.USERNAME || process.env.LOGNAME || undefined;
  }
}

/** Locally: the caller `--as <name>` (default: your OS user name) in the role of the step. */
export function localIdentity(given: string | undefined): Authorise {
  const name = given ?? osUserName();
  if (name === undefined)
    throw new LocalRuntimeError('locally, name yourself with --as <name> (recorded as local:<name>)');
  if (!LOCAL_CALLER_NAME.test(name))
    throw new LocalRuntimeError(
      `--as: expected 1-64 letters, digits, . _ @ - (starting with a letter or digit)`,
    );
  return async (request, role) => {
    if (role === undefined)
      throw new LocalRuntimeError('this step needs a role: add --role product-team|privacy-officer');
    return {
      ...request,
      headers: { ...request.headers, [LOCAL_CALLER_HEADER]: name, [LOCAL_ROLE_HEADER]: role },
    };
  };
}

/** The local gateway's URL from the endpoints file of a running `npm start`. */
export function localGatewayUrl(file: string = endpointsFile): string {
  let parsed: { pid?: unknown; http?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; http?: unknown };
  } catch {
    throw new LocalRuntimeError(
      'no local pipeline is running: start it with `npm start` (or pass --api <url>)',
    );
  }
  const alive = (pid: unknown) => {
    try {
      return typeof pid === 'number' && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  if (typeof parsed.http !== 'string' || !alive(parsed.pid))
    throw new LocalRuntimeError(
      'no local pipeline is running: start it with `npm start` (or pass --api <url>)',
    );
  return parsed.http;
}
