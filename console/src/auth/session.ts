/**
 * Who uses the console, and as which role. Two modes, chosen by /config.json:
 * - `local` (npm start): no sign-in. A role switcher, marked "local, no sign-in", picks a name and a role;
 *   the API calls carry them in `x-local-caller` / `x-local-role`, which only the local gateway honours.
 * - `cognito` (AWS): the user signs in with the Cognito user pool (authorization code + PKCE, ./cognito.ts);
 *   the calls carry the access token, and the user's groups are their roles.
 * Tokens and identity live in memory only: nothing is written to browser storage except the PKCE verifier
 * for the length of one sign-in redirect (sessionStorage, removed on return). No customer data ever is.
 */

export type Role = 'product-team' | 'privacy-officer';
export const ROLES: readonly Role[] = ['product-team', 'privacy-officer'];
export const ROLE_LABELS: Record<Role, string> = {
  'product-team': 'Product team',
  'privacy-officer': 'Privacy officer',
};

export interface Identity {
  readonly mode: 'local' | 'cognito';
  /** Who, as the API records it: `local:<name>` locally, `cognito:<username>` in AWS. */
  readonly name: string;
  /** The roles this person may act in (locally: both; in AWS: their groups). */
  readonly roles: readonly Role[];
  readonly role: Role;
  /** May carry out erasures (AWS: the privacy-eraser group; locally: the privacy-officer role). */
  readonly canErase: boolean;
  /** The Authorization header value in cognito mode. */
  readonly bearer?: string;
}

export type ConsoleConfig =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'cognito';
      readonly region: string;
      readonly userPoolId: string;
      readonly clientId: string;
      readonly domain: string;
      readonly redirectUri: string;
    };

/** The caller as the API records it. */
export const recordedName = (identity: Identity): string =>
  identity.mode === 'local' ? `local:${identity.name}` : `cognito:${identity.name}`;

let current: Identity | undefined;

/** The identity the API client sends with every call (set by the shell whenever it changes). */
export function setIdentity(identity: Identity | undefined): void {
  current = identity;
}

export function currentIdentity(): Identity | undefined {
  return current;
}

/** The headers that say who calls, per mode. */
export function identityHeaders(identity: Identity | undefined): Record<string, string> {
  if (identity === undefined) return {};
  if (identity.mode === 'local') return { 'x-local-caller': identity.name, 'x-local-role': identity.role };
  return {
    ...(identity.bearer === undefined ? {} : { authorization: `Bearer ${identity.bearer}` }),
    'x-console-role': identity.role,
  };
}

/** A local name as the gateway accepts it (shared/api/catalog-caller.ts LOCAL_CALLER_NAME). */
export const LOCAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function localIdentity(name: string, role: Role): Identity {
  return { mode: 'local', name, roles: ROLES, role, canErase: role === 'privacy-officer' };
}
