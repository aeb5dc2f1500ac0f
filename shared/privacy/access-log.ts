import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import * as z from 'zod';
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

/** Who asks. `who` is the IAM principal ARN behind an API call, or `local:<os user>` for the CLI. */
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
/** Who a call through the local gateway is: it does not emulate IAM, so there is no principal to name. */
export const LOCAL_GATEWAY_CALLER = 'local-gateway:unauthenticated';

const IamIdentity = z.object({
  requestContext: z.object({
    requestId: z.string().optional(),
    authorizer: z.object({ iam: z.object({ userArn: z.string().min(1).max(2048) }) }),
  }),
});
const LocalGateway = z.object({
  requestContext: z.object({ apiId: z.literal(LOCAL_GATEWAY_API_ID), requestId: z.string().optional() }),
});

/** The IAM principal ARN that signed an API Gateway request (its IAM authorizer), if any. */
export function iamPrincipalOf(event: unknown): string | undefined {
  const iam = IamIdentity.safeParse(event);
  return iam.success ? iam.data.requestContext.authorizer.iam.userArn : undefined;
}

/**
 * The caller of an API Gateway HTTP API request (payload 2.0) with IAM auth: the principal ARN in
 * `requestContext.authorizer.iam.userArn`. Through the local gateway (no IAM) the caller is named
 * LOCAL_GATEWAY_CALLER. Undefined when neither applies: the request must be refused, since a read that
 * cannot be attributed cannot be logged.
 */
export function callerFromHttpEvent(event: unknown): Caller | undefined {
  const iam = IamIdentity.safeParse(event);
  if (iam.success) {
    const { requestId, authorizer } = iam.data.requestContext;
    return { who: authorizer.iam.userArn, via: 'http', ...(requestId ? { requestId } : {}) };
  }
  const local = LocalGateway.safeParse(event);
  if (local.success) {
    const { requestId } = local.data.requestContext;
    return { who: LOCAL_GATEWAY_CALLER, via: 'http', ...(requestId ? { requestId } : {}) };
  }
  return undefined;
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
