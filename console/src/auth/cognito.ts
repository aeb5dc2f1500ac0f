/**
 * Sign-in with the Cognito user pool's managed login: OAuth 2.0 authorization code with PKCE (RFC 7636),
 * a public client (no secret). The tokens stay in memory; a reload signs in again through Cognito's own
 * session (no prompt while it lasts). The only storage used is the PKCE verifier and state, in
 * sessionStorage, for the length of the redirect.
 */
import type { ConsoleConfig, Identity, Role } from './session.js';

type CognitoConfig = Extract<ConsoleConfig, { mode: 'cognito' }>;

const VERIFIER_KEY = 'pkce-verifier';
const STATE_KEY = 'pkce-state';

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The claims of a JWT (not verified here: the API's JWT authorizer verifies every call). */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims: unknown = JSON.parse(json);
  return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
}

/** The roles a user's groups give. */
export function rolesOfGroups(groups: readonly string[]): Role[] {
  return (['product-team', 'privacy-officer'] as const).filter((role) => groups.includes(role));
}

export function identityFromToken(accessToken: string): Identity | undefined {
  const claims = claimsOf(accessToken);
  const groups = Array.isArray(claims['cognito:groups'])
    ? claims['cognito:groups'].filter((g): g is string => typeof g === 'string')
    : [];
  const name = typeof claims.username === 'string' ? claims.username : undefined;
  const roles = rolesOfGroups(groups);
  const [role] = roles;
  if (name === undefined || role === undefined) return undefined;
  return {
    mode: 'cognito',
    name,
    roles,
    role,
    canErase: groups.includes('privacy-eraser'),
    bearer: accessToken,
  };
}

async function redirectToSignIn(config: CognitoConfig): Promise<never> {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: await challengeOf(verifier),
    state,
  });
  window.location.assign(`${config.domain}/oauth2/authorize?${query}`);
  return new Promise<never>(() => {});
}

/** Signs in (redirecting to Cognito when there is no code to redeem) and returns the identity. */
export async function signIn(config: CognitoConfig): Promise<Identity | undefined> {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  if (code === null) return redirectToSignIn(config);
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  window.history.replaceState(null, '', `${url.pathname}${url.hash}`);
  if (verifier === null || state !== expected) return redirectToSignIn(config);
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) return undefined;
  const tokens = (await response.json()) as { access_token?: unknown };
  return typeof tokens.access_token === 'string' ? identityFromToken(tokens.access_token) : undefined;
}

export function signOutUrl(config: CognitoConfig): string {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
  return `${config.domain}/logout?${query}`;
}
