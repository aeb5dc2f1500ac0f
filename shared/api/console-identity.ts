/**
 * Who calls through the console API in AWS (issue 14): a person signed in to the stack's Cognito user pool,
 * whose token API Gateway's JWT authorizer has verified (issuer = the pool, audience = the console's app
 * client) before the function runs. The function reads the verified claims from
 * `requestContext.authorizer.jwt.claims` (payload 2.0), never from a header:
 * - the caller is `cognito:<username>` (claim `username` of an access token; `cognito:username` of an ID
 *   token), the person, so that four eyes and the access log name who did it;
 * - their roles are their groups (`cognito:groups`), named like the route audiences (CONSOLE_AUDIENCES).
 *   HTTP APIs pass an array claim as ONE string, `[product-team privacy-officer]`; a JSON array (and a
 *   real array) is read too. Cognito group names have no whitespace, so splitting on it is exact.
 *
 * A route is allowed when the caller's groups meet its audiences. On a route with several audiences (the
 * catalog's reads, lint, activate, retire) a person in more than one of those groups picks the role with the
 * header `x-console-role`; without it the call is refused, never given a default role.
 *
 * Locally (the gateway of `npm start`, no sign-in) the console names its user and role in the headers
 * `x-local-caller` and `x-local-role` instead; an AWS event never trusts them.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { headerValue } from './http.js';
import type { HttpAudience } from './route-table.js';

/** The audiences a console user can hold, as Cognito groups of the same names. */
export const CONSOLE_AUDIENCES = [
  'product-team',
  'privacy-officer',
  'privacy-eraser',
] as const satisfies readonly HttpAudience[];
export type ConsoleAudience = (typeof CONSOLE_AUDIENCES)[number];

/** Through the local gateway (no sign-in): the caller's name, recorded as `local:<name>`. */
export const LOCAL_CALLER_HEADER = 'x-local-caller';
/** Through the local gateway: the role the local caller acts in (catalog routes require it). */
export const LOCAL_ROLE_HEADER = 'x-local-role';
/** A local caller's name: what `--as` takes and the console's role switcher sends. Recorded as `local:<name>`. */
export const LOCAL_CALLER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The header a console user in several groups sends to say which role a shared route is called in. */
export const CONSOLE_ROLE_HEADER = 'x-console-role';

/** Prefix of a console user's caller id: `cognito:<username>`. */
export const COGNITO_CALLER_PREFIX = 'cognito:';

/** API Gateway gives a request one authorizer: an event with both identities was not built by it. */
export const TWO_IDENTITIES =
  'the request carries both an IAM and a signed-in (JWT) identity: call one API, never both';

/** A Cognito username as a caller id may carry it: 1-128 visible characters, no whitespace or controls. */
const USERNAME = /^[^\s\p{Cc}]{1,128}$/u;

const JwtClaims = z.object({
  requestContext: z.object({
    authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }),
  }),
});

/** A verified console user: who, and the groups the token lists. */
export interface ConsoleUser {
  /** `cognito:<username>`. */
  readonly id: string;
  readonly groups: readonly string[];
}

/** Whether the event carries a JWT authorizer context at all (valid or not). */
export function hasJwtAuthorizer(event: unknown): boolean {
  return JwtClaims.safeParse(event).success;
}

/**
 * The groups of a `cognito:groups` claim: the HTTP API form `[a b]`, a JSON array text, a real array, or a
 * single name. Anything else (numbers, objects) holds no group: fail closed.
 */
export function groupsOfClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string' && isGroupName(g));
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        return groupsOfClaim(JSON.parse(text) as unknown);
      } catch {
        return [];
      }
    }
    return inner.split(/\s+/).filter(isGroupName);
  }
  return text.split(/\s+/).filter(isGroupName);
}

/** A token that can be a group name: no brackets, quotes or commas (a claim text malformed in between). */
const isGroupName = (token: string): boolean => /^[^\s[\]",]+$/.test(token);

export type ConsoleUserResolution =
  | { readonly ok: true; readonly user: ConsoleUser }
  | { readonly ok: false; readonly detail: string };

/** The console user of an event with a JWT authorizer context, or why none can be named. */
export function consoleUserOf(event: unknown): ConsoleUserResolution | undefined {
  const parsed = JwtClaims.safeParse(event);
  if (!parsed.success) return undefined;
  const { claims } = parsed.data.requestContext.authorizer.jwt;
  const username = claims.username ?? claims['cognito:username'];
  if (typeof username !== 'string' || !USERNAME.test(username))
    return {
      ok: false,
      detail: 'the signed-in token names no user (claim username or cognito:username): sign in again',
    };
  return {
    ok: true,
    user: { id: `${COGNITO_CALLER_PREFIX}${username}`, groups: groupsOfClaim(claims['cognito:groups']) },
  };
}

export type ConsoleRoleResolution<A extends HttpAudience = HttpAudience> =
  | { readonly ok: true; readonly role: A }
  | { readonly ok: false; readonly detail: string };

/**
 * The audience a console user calls a route in: one of the route's `audiences` (audiencesOf) the user holds as a group.
 * Several such audiences (a shared route, a user in several groups): the one `x-console-role` names, which
 * must be one of them; no header is a refusal that names it. On a route with one audience the header is
 * not consulted (a user acting as privacy officer may still erase when they also hold privacy-eraser).
 */
export function consoleRoleOf<A extends HttpAudience>(
  user: ConsoleUser,
  audiences: readonly A[],
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
): ConsoleRoleResolution<A> {
  const held = audiences.filter((audience) => user.groups.includes(audience));
  const [only, ...others] = held;
  if (only === undefined)
    return {
      ok: false,
      detail: `this route is for the group ${audiences.join(' or ')}; the signed-in user is in none of them`,
    };
  if (audiences.length === 1) return { ok: true, role: only };
  const chosen = headerValue(event, CONSOLE_ROLE_HEADER);
  if (chosen === undefined) {
    if (others.length === 0) return { ok: true, role: only };
    return {
      ok: false,
      detail: `the signed-in user is in the groups ${held.join(' and ')}: name the role of this call in header ${CONSOLE_ROLE_HEADER} (one of ${held.join(', ')})`,
    };
  }
  const role = held.find((audience) => audience === chosen);
  if (role === undefined)
    return {
      ok: false,
      detail: `header ${CONSOLE_ROLE_HEADER}: expected one of ${held.join(', ')} (the groups of the signed-in user this route serves)`,
    };
  return { ok: true, role };
}
