/**
 * Who calls a catalog route, and in which role (issue 12). Identity and role come from authentication,
 * never from a request body:
 * - In AWS (IAM authorizer): who = the principal ARN that signed the request. The role is the route's
 *   audience when it has one (only that audience's caller role may invoke it); on a route with several
 *   audiences it is the role the principal assumed (`arn:aws:sts::<account>:assumed-role/<RoleName>/<session>`),
 *   matched against the caller role names the stack passes in env (`PRODUCT_TEAM_ROLE_NAME`,
 *   `PRIVACY_OFFICER_ROLE_NAME`). A role that cannot be established is a refusal, never a default.
 * - In AWS through the console API (JWT authorizer, issue 14): who = `cognito:<username>`, the role one of
 *   the route's audiences the user holds as a Cognito group (`x-console-role` picks one on a shared route
 *   when the user holds both): ./console-identity.ts.
 * - Through the local gateway (`requestContext.apiId === 'local'`, no IAM): headers `x-local-caller: <name>`
 *   and `x-local-role: product-team|privacy-officer`. An AWS event carrying those headers ignores them.
 * An event carrying both an IAM and a JWT identity is refused: API Gateway never builds one.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Caller, ROLES, type Role } from '#core/governance/model.js';
import { iamPrincipalOf, LOCAL_GATEWAY_API_ID } from '#privacy/access-log.js';
import {
  consoleRoleOf,
  consoleUserOf,
  LOCAL_CALLER_HEADER,
  LOCAL_CALLER_NAME,
  LOCAL_ROLE_HEADER,
  TWO_IDENTITIES,
} from './console-identity.js';
import { headerValue } from './http.js';
import { audiencesOf, type HttpAudience, type RouteDefinition } from './route-table.js';

// The local headers' home is ./console-identity.ts; the CLI's client takes them from here.
export { LOCAL_CALLER_HEADER, LOCAL_CALLER_NAME, LOCAL_ROLE_HEADER };

/** The environment variable naming an audience's caller role: `product-team` -> `PRODUCT_TEAM_ROLE_NAME`. */
export const callerRoleEnvVar = (audience: HttpAudience): string =>
  `${audience.toUpperCase().replace(/-/g, '_')}_ROLE_NAME`;

/** The caller role names by role, as the stack gives them (absent: that role has no caller role). */
export type CallerRoleNames = Readonly<Partial<Record<Role, string>>>;

/** The role names from an environment (process.env): the variables the stack sets, when set. */
export function callerRoleNamesFrom(env: Readonly<Record<string, string | undefined>>): CallerRoleNames {
  const names: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const name = env[callerRoleEnvVar(role)];
    if (name !== undefined && name !== '') names[role] = name;
  }
  return names;
}

export type CallerResolution =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly detail: string };

const refused = (detail: string): CallerResolution => ({ ok: false, detail });

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** The role names of an STS assumed-role session ARN, or undefined for any other principal. */
export function assumedRoleNameOf(principalArn: string): string | undefined {
  const match =
    /^arn:aws(?:-cn|-us-gov)?:sts::\d{12}:assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{1,64}$/.exec(
      principalArn,
    );
  return match?.[1];
}

type CallerEvent = Pick<APIGatewayProxyEventV2, 'headers'> & { readonly requestContext?: unknown };

function isLocalGatewayEvent(event: CallerEvent): boolean {
  const context = event.requestContext;
  return (
    typeof context === 'object' &&
    context !== null &&
    (context as { apiId?: unknown }).apiId === LOCAL_GATEWAY_API_ID
  );
}

function localCaller(event: CallerEvent, audiences: readonly Role[]): CallerResolution {
  const name = headerValue(event, LOCAL_CALLER_HEADER);
  const role = headerValue(event, LOCAL_ROLE_HEADER);
  if (name === undefined || !LOCAL_CALLER_NAME.test(name))
    return refused(
      `local calls name their caller in header ${LOCAL_CALLER_HEADER}: expected 1-64 letters, digits, . _ @ - (npm run triggers -- ... --as <name>)`,
    );
  if (role === undefined || !isRole(role))
    return refused(
      `local calls name their role in header ${LOCAL_ROLE_HEADER}: expected one of ${ROLES.join(', ')}`,
    );
  if (!audiences.includes(role))
    return refused(`role ${role} may not call this route; it is for ${audiences.join(' and ')}`);
  return { ok: true, caller: { id: `local:${name}`, role } };
}

/**
 * The caller of a catalog route, or why none can be established (the handler answers 403). `roleNames`
 * are the caller role names of the stack (callerRoleNamesFrom(process.env)).
 */
export function catalogCallerOf(
  event: CallerEvent,
  route: Pick<RouteDefinition, 'audience'>,
  roleNames: CallerRoleNames,
): CallerResolution {
  const audiences = audiencesOf(route).filter(isRole);
  if (audiences.length === 0) return refused('this route has no catalog audience');
  const principal = iamPrincipalOf(event);
  const user = consoleUserOf(event);
  if (principal !== undefined && user !== undefined) return refused(TWO_IDENTITIES);
  if (user !== undefined) {
    if (!user.ok) return refused(user.detail);
    const role = consoleRoleOf(user.user, audiences, event);
    if (!role.ok) return refused(role.detail);
    return { ok: true, caller: { id: user.user.id, role: role.role } };
  }
  if (principal === undefined) {
    if (isLocalGatewayEvent(event)) return localCaller(event, audiences);
    return refused('the request carries no IAM identity: sign it with SigV4');
  }
  const [only, ...others] = audiences;
  if (only !== undefined && others.length === 0) return { ok: true, caller: { id: principal, role: only } };
  const assumed = assumedRoleNameOf(principal);
  const role = audiences.find((r) => roleNames[r] !== undefined && roleNames[r] === assumed);
  if (assumed === undefined || role === undefined)
    return refused(
      `the caller's role cannot be established: call through the ${audiences.join(' or the ')} caller role`,
    );
  return { ok: true, caller: { id: principal, role } };
}
