import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import * as z from 'zod';
import {
  consoleRoleOf,
  consoleUserOf,
  LOCAL_CALLER_HEADER,
  LOCAL_CALLER_NAME,
  LOCAL_ROLE_HEADER,
  TWO_IDENTITIES,
} from '#api/console-identity.js';
import { headerValue } from '#api/http.js';
import { audiencesOf, ROUTES, type RouteDefinition, routeKey } from '#api/route-table.js';
import { InfrastructureError } from '#shared/errors.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';

/**
 * The access log of the audit data (table `audit-access-log`, pk `day`, sk `accessId`; indexes `byActor`
 * on `who` and `byCustomer` on `customerId`, both sorted by `accessId`): every read of the audit by a
 * privacy officer — who, when, which query with which parameters — and never what the query returned.
 * Entries are only ever added (a conditional PutItem); nothing updates or deletes one (infra/definitions.ts:
 * `append-only`, strict). Privacy officers read it (./access-log.query.ts), and that read is an entry too.
 */

/** How long an access-log entry is kept, with its justification: shared/retention.ts (`accessLog`). */
export const ACCESS_LOG_RETENTION_DAYS = RETENTION_DAYS.accessLog;

export const ACCESS_QUERIES = [
  'suppressed',
  'history',
  'explain',
  'erasure',
  'access-log',
  'overview',
] as const;
export type AccessQuery = (typeof ACCESS_QUERIES)[number];

/**
 * Who asks. `who` is the IAM principal ARN behind an API call, `cognito:<username>` through the console API,
 * `local:<name>` through the local gateway (`x-local-caller`) or for the CLI (`local:<os user>`).
 */
export interface Caller {
  readonly who: string;
  readonly via: 'http' | 'cli';
  /** The API Gateway request id, to correlate with the gateway's own access logs. */
  readonly requestId?: string;
}

/** Query parameters as logged: scalars only, built field by field by the service (never a result). */
export type AccessParameters = Readonly<Record<string, string | number | boolean>>;

export interface AccessLogEntry {
  /** UTC calendar day of `at` (YYYY-MM-DD): the partition key, so a day's reads are one Query. */
  readonly day: string;
  /** `<at>#<random UUID>`: unique, and sorted by time within the day. */
  readonly accessId: string;
  readonly at: string;
  readonly who: string;
  readonly via: Caller['via'];
  readonly requestId?: string;
  readonly query: AccessQuery;
  readonly parameters: AccessParameters;
  /**
   * The customer whose data the read concerns, when its parameters name one (`parameters.customerId`):
   * the key of the `byCustomer` index, so "who looked at my data" (CJEU C-579/21) is a Query.
   */
  readonly customerId?: string;
  /** Epoch seconds after which DynamoDB TTL removes the entry. */
  readonly ttl: number;
}

export interface AccessLog {
  /**
   * Appends one entry; never overwrites. Throws AccessLogUnavailableError when the entry was not stored:
   * the query must then not run (no unlogged reads).
   */
  append(entry: AccessLogEntry): Promise<void>;
}

/** The access log could not be written: the query is refused (the API answers 503, retry later). */
export class AccessLogUnavailableError extends InfrastructureError {
  override readonly name = 'AccessLogUnavailableError';
}

export function accessLogEntry(
  caller: Caller,
  query: AccessQuery,
  parameters: AccessParameters,
  now: Date,
  id: string = randomUUID(),
): AccessLogEntry {
  const at = now.toISOString();
  const customerId = parameters.customerId;
  return {
    day: at.slice(0, 10),
    accessId: `${at}#${id}`,
    at,
    who: caller.who,
    via: caller.via,
    ...(caller.requestId === undefined ? {} : { requestId: caller.requestId }),
    query,
    parameters: { ...parameters },
    ...(typeof customerId === 'string' && customerId !== '' ? { customerId } : {}),
    ttl: ttlEpoch(now, ACCESS_LOG_RETENTION_DAYS),
  };
}

/** The `apiId` the local HTTP gateway (infra/local/http-gateway.ts) puts in every event; AWS ids are 10 characters. */
export const LOCAL_GATEWAY_API_ID = 'local';
/**
 * Who a call through the local gateway is when it names nobody (curl): the gateway does not emulate IAM or
 * sign-in, so there is no principal to name. A call naming its user (`x-local-caller`) is `local:<name>`.
 */
export const LOCAL_GATEWAY_CALLER = 'local-gateway:unauthenticated';

const IamIdentity = z.object({
  requestContext: z.object({
    requestId: z.string().optional(),
    authorizer: z.object({ iam: z.object({ userArn: z.string().min(1).max(2048) }) }),
  }),
});
const RequestContext = z.object({
  requestContext: z.object({ apiId: z.string().optional(), requestId: z.string().optional() }),
  routeKey: z.string().optional(),
  headers: z.record(z.string(), z.string().optional()).default({}),
});

/** The IAM principal ARN that signed an API Gateway request (its IAM authorizer), if any. */
export function iamPrincipalOf(event: unknown): string | undefined {
  const iam = IamIdentity.safeParse(event);
  return iam.success ? iam.data.requestContext.authorizer.iam.userArn : undefined;
}

export type HttpCallerResolution =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly detail: string };

const refused = (detail: string): HttpCallerResolution => ({ ok: false, detail });

/** The route an event was routed by (its `routeKey`), if it is one of the route table's. */
function routeOf(routeKeyOfEvent: string | undefined): RouteDefinition | undefined {
  return Object.values(ROUTES).find((route: RouteDefinition) => routeKey(route) === routeKeyOfEvent);
}

/**
 * The local roles that may call a privacy route: its audiences, and locally the privacy officer also stands
 * in for the eraser (the console's local role switcher offers product team and privacy officer only).
 */
function localRolesOf(route: RouteDefinition): string[] {
  const audiences: string[] = [...audiencesOf(route)];
  return audiences.includes('privacy-eraser') ? [...audiences, 'privacy-officer'] : audiences;
}

/**
 * The caller of an API Gateway HTTP API request (payload 2.0) to a privacy route, or why none can be
 * established (the handler answers 403: a read that cannot be attributed cannot be logged):
 * - IAM API: the principal ARN in `requestContext.authorizer.iam.userArn` (the caller role's policy decided
 *   the route already).
 * - Console API (JWT authorizer): `cognito:<username>`, when the user's groups include the route's audience
 *   (privacy-officer for the reads, privacy-eraser for erasure; shared/api/console-identity.ts).
 * - Local gateway: `local:<name>` with header `x-local-caller: <name>` (LOCAL_CALLER_NAME; a malformed name
 *   is refused, naming the header; `x-local-role`, when sent, must be a role of the route), else
 *   LOCAL_GATEWAY_CALLER. An AWS event never trusts these headers.
 * An event with both an IAM and a JWT identity, or neither outside the local gateway, is refused.
 */
export function httpCallerOf(event: unknown): HttpCallerResolution {
  const iam = IamIdentity.safeParse(event);
  const user = consoleUserOf(event);
  if (iam.success && user !== undefined) return refused(TWO_IDENTITIES);
  if (iam.success) {
    const { requestId, authorizer } = iam.data.requestContext;
    return {
      ok: true,
      caller: { who: authorizer.iam.userArn, via: 'http', ...(requestId ? { requestId } : {}) },
    };
  }
  const context = RequestContext.safeParse(event);
  if (!context.success) return refused(NO_IDENTITY);
  const { requestId } = context.data.requestContext;
  const caller = (who: string): HttpCallerResolution => ({
    ok: true,
    caller: { who, via: 'http', ...(requestId ? { requestId } : {}) },
  });
  const route = routeOf(context.data.routeKey);
  if (user !== undefined) {
    if (!user.ok) return refused(user.detail);
    if (route === undefined) return refused('this request names no route of the API');
    const role = consoleRoleOf(user.user, audiencesOf(route), context.data);
    return role.ok ? caller(user.user.id) : refused(role.detail);
  }
  if (context.data.requestContext.apiId !== LOCAL_GATEWAY_API_ID) return refused(NO_IDENTITY);
  const name = headerValue(context.data, LOCAL_CALLER_HEADER);
  const role = headerValue(context.data, LOCAL_ROLE_HEADER);
  if (name !== undefined && !LOCAL_CALLER_NAME.test(name))
    return refused(
      `header ${LOCAL_CALLER_HEADER}: expected 1-64 letters, digits, . _ @ - (the local user's name)`,
    );
  if (role !== undefined) {
    const allowed = route === undefined ? [] : localRolesOf(route);
    if (!allowed.includes(role))
      return refused(
        `header ${LOCAL_ROLE_HEADER}: expected ${allowed.length > 0 ? allowed.join(' or ') : 'a role of a known route'} for this route`,
      );
  }
  return caller(name === undefined ? LOCAL_GATEWAY_CALLER : `local:${name}`);
}

const NO_IDENTITY =
  'the request carries no caller identity: sign it with SigV4 (IAM API) or sign in to the console';

/**
 * The caller of a privacy route (httpCallerOf), or undefined when none can be established: the request must
 * be refused, since a read that cannot be attributed cannot be logged.
 */
export function callerFromHttpEvent(event: unknown): Caller | undefined {
  const resolution = httpCallerOf(event);
  return resolution.ok ? resolution.caller : undefined;
}

/** The person running the audit CLI on this machine: `local:<os user name>`. */
export function cliCaller(env: NodeJS.ProcessEnv = process.env): Caller {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  name ||= env.USER || env.USERNAME || env.LOGNAME || 'unknown';
  return { who: `local:${name}`, via: 'cli' };
}
