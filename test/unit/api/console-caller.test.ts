/**
 * The caller of a catalog route through the console API (issue 14): the signed-in person, in the role of one
 * of their Cognito groups the route serves; `x-console-role` chooses on a shared route when they hold both.
 * Refusals are the 403 `callerNotEstablished` problem (functions/catalog-api), never a default role.
 */
import { describe, expect, it } from 'vitest';
import { catalogCallerOf } from '#api/catalog-caller.js';
import { CONSOLE_ROLE_HEADER, groupsOfClaim } from '#api/console-identity.js';
import { ROUTES, routeKey } from '#api/route-table.js';
import { accessTokenClaims, iamEvent, jwtEvent, localEvent } from '#test/support/caller-events.js';

const SHARED = ROUTES.listCatalogItems;
const DRAFT = ROUTES.draftCatalogVersion;
const APPROVE = ROUTES.approveCatalogVersion;
const BOTH = ['product-team', 'privacy-officer'];

const resolve = (
  route: (typeof ROUTES)[keyof typeof ROUTES],
  groups: readonly string[],
  headers: Record<string, string> = {},
) => catalogCallerOf(jwtEvent(routeKey(route), accessTokenClaims('pat', groups), headers), route, {});

describe('catalog routes through the console API', () => {
  it('a product team member drafts as product-team, named cognito:<username>', () => {
    expect(resolve(DRAFT, ['product-team'])).toEqual({
      ok: true,
      caller: { id: 'cognito:pat', role: 'product-team' },
    });
  });

  it('a group the route does not serve is refused: product teams never approve, erasers touch no catalog', () => {
    expect(resolve(APPROVE, ['product-team'])).toMatchObject({ ok: false });
    expect(resolve(DRAFT, ['privacy-officer', 'privacy-eraser'])).toMatchObject({ ok: false });
    expect(resolve(SHARED, ['privacy-eraser'])).toMatchObject({ ok: false });
    expect(resolve(SHARED, [])).toMatchObject({ ok: false });
  });

  it('on a shared route one matching group is the role; the header may only confirm it', () => {
    expect(resolve(SHARED, ['privacy-officer'])).toMatchObject({
      ok: true,
      caller: { role: 'privacy-officer' },
    });
    expect(resolve(SHARED, ['product-team'], { [CONSOLE_ROLE_HEADER]: 'product-team' })).toMatchObject({
      ok: true,
      caller: { role: 'product-team' },
    });
    // A role the user does not hold is no escalation path: refused, naming the header.
    const claimed = resolve(SHARED, ['product-team'], { [CONSOLE_ROLE_HEADER]: 'privacy-officer' });
    expect(claimed).toMatchObject({ ok: false });
    expect(claimed.ok ? '' : claimed.detail).toContain(CONSOLE_ROLE_HEADER);
  });

  it('a user in both groups must choose with x-console-role on a shared route; refused without it', () => {
    const refused = resolve(SHARED, BOTH);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.detail).toContain(`header ${CONSOLE_ROLE_HEADER}`);
    for (const role of ['product-team', 'privacy-officer'] as const)
      expect(resolve(SHARED, BOTH, { 'X-Console-Role': role })).toEqual({
        ok: true,
        caller: { id: 'cognito:pat', role },
      });
    for (const role of ['privacy-eraser', 'admin', ''])
      expect(resolve(SHARED, BOTH, { [CONSOLE_ROLE_HEADER]: role }), role).toMatchObject({ ok: false });
  });

  it('on a route of one audience the header is not consulted: approve is a privacy officer act', () => {
    expect(resolve(APPROVE, BOTH, { [CONSOLE_ROLE_HEADER]: 'product-team' })).toEqual({
      ok: true,
      caller: { id: 'cognito:pat', role: 'privacy-officer' },
    });
  });

  it('ignores the local headers on a console event', () => {
    const event = jwtEvent(routeKey(APPROVE), accessTokenClaims('pat', ['product-team']), {
      'x-local-caller': 'olivia',
      'x-local-role': 'privacy-officer',
    });
    expect(catalogCallerOf(event, APPROVE, {})).toMatchObject({ ok: false });
  });

  it('refuses an event with both an IAM and a JWT identity', () => {
    const event = iamEvent(routeKey(DRAFT), 'arn:aws:iam::123456789012:role/ProductTeam');
    Object.assign(event.requestContext, {
      authorizer: {
        iam: { userArn: 'arn:aws:iam::123456789012:role/ProductTeam' },
        jwt: { claims: accessTokenClaims('pat', ['product-team']), scopes: null },
      },
    });
    expect(catalogCallerOf(event, DRAFT, {})).toMatchObject({ ok: false, detail: /both an IAM/ });
  });

  it('leaves the IAM and local paths as they were', () => {
    const arn = 'arn:aws:iam::123456789012:role/ProductTeam';
    expect(catalogCallerOf(iamEvent(routeKey(DRAFT), arn), DRAFT, {})).toEqual({
      ok: true,
      caller: { id: arn, role: 'product-team' },
    });
    const local = localEvent(routeKey(DRAFT), { 'x-local-caller': 'pat', 'x-local-role': 'product-team' });
    expect(catalogCallerOf(local, DRAFT, {})).toEqual({
      ok: true,
      caller: { id: 'local:pat', role: 'product-team' },
    });
    expect(catalogCallerOf(localEvent(routeKey(DRAFT)), DRAFT, {})).toMatchObject({ ok: false });
  });
});

describe('groupsOfClaim', () => {
  it('reads the forms API Gateway and Cognito produce, and nothing else', () => {
    expect(groupsOfClaim('[product-team privacy-officer]')).toEqual(['product-team', 'privacy-officer']);
    expect(groupsOfClaim('[ product-team   privacy-officer ]')).toEqual(['product-team', 'privacy-officer']);
    expect(groupsOfClaim('[privacy-eraser]')).toEqual(['privacy-eraser']);
    expect(groupsOfClaim('["product-team","privacy-eraser"]')).toEqual(['product-team', 'privacy-eraser']);
    expect(groupsOfClaim(['product-team', 3, ''])).toEqual(['product-team']);
    expect(groupsOfClaim('privacy-officer')).toEqual(['privacy-officer']);
    for (const none of ['[]', '', '  ', '["privacy-officer"', 42, null, undefined, { 0: 'product-team' }])
      expect(groupsOfClaim(none), JSON.stringify(none)).toEqual([]);
  });
});
