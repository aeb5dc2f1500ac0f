/**
 * Who reads the audit or erases (issue 14): the caller of a privacy route for each way in — the IAM API,
 * the console API (Cognito token verified by the JWT authorizer) and the local gateway — and the forged
 * combinations none of them may accept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '#api/route-table.js';
import { callerFromHttpEvent, httpCallerOf, LOCAL_GATEWAY_CALLER } from '#privacy/access-log.js';
import { accessTokenClaims, iamEvent, jwtEvent, localEvent } from '#test/support/caller-events.js';
import { apiEvent } from '#test/support/http-api.js';

const READ = routeKey(ROUTES.listSuppressed);
const ERASE = routeKey(ROUTES.eraseCustomer);
const OFFICER_ARN = 'arn:aws:sts::123456789012:assumed-role/PrivacyOfficerCaller/dpo';

const whoOf = (event: unknown) => {
  const resolution = httpCallerOf(event);
  return resolution.ok ? resolution.caller.who : `refused: ${resolution.detail}`;
};

describe('the IAM API: the principal that signed, exactly as before', () => {
  it('is the principal ARN with the request id, whatever local or console headers say', () => {
    const event = iamEvent(READ, OFFICER_ARN, {
      'x-local-caller': 'mallory',
      'x-local-role': 'privacy-officer',
      'x-console-role': 'privacy-officer',
    });
    expect(callerFromHttpEvent(event)).toEqual({ who: OFFICER_ARN, via: 'http', requestId: 'req-1' });
    expect(whoOf(iamEvent(ERASE, OFFICER_ARN))).toBe(OFFICER_ARN);
  });
});

describe('the console API: the signed-in person, when their groups hold the route', () => {
  it('a privacy officer reads as cognito:<username>', () => {
    const event = jwtEvent(READ, accessTokenClaims('olivia', ['privacy-officer']));
    expect(callerFromHttpEvent(event)).toEqual({ who: 'cognito:olivia', via: 'http', requestId: 'req-1' });
  });

  it('reads need privacy-officer, erasure needs privacy-eraser: no group stands in for another', () => {
    expect(whoOf(jwtEvent(READ, accessTokenClaims('pat', ['product-team'])))).toMatch(
      /^refused: .*group privacy-officer/,
    );
    expect(whoOf(jwtEvent(READ, accessTokenClaims('erin', ['privacy-eraser'])))).toMatch(/^refused/);
    expect(whoOf(jwtEvent(ERASE, accessTokenClaims('olivia', ['privacy-officer'])))).toMatch(
      /^refused: .*group privacy-eraser/,
    );
    expect(whoOf(jwtEvent(ERASE, accessTokenClaims('erin', ['privacy-eraser'])))).toBe('cognito:erin');
    expect(whoOf(jwtEvent(READ, accessTokenClaims('nobody', [])))).toMatch(/^refused/);
  });

  it('reads the groups claim in each form: HTTP API "[a b]", JSON array text, array', () => {
    const forms: unknown[] = [
      '[product-team privacy-officer]',
      '["product-team","privacy-officer"]',
      ['product-team', 'privacy-officer'],
      'privacy-officer',
    ];
    for (const groups of forms) {
      const claims = { ...accessTokenClaims('olivia', []), 'cognito:groups': groups };
      expect(whoOf(jwtEvent(READ, claims)), JSON.stringify(groups)).toBe('cognito:olivia');
    }
    for (const groups of ['[product-team]', '', '[]', 42, { 0: 'privacy-officer' }, '["privacy-officer"']) {
      const claims = { ...accessTokenClaims('olivia', []), 'cognito:groups': groups };
      expect(whoOf(jwtEvent(READ, claims)), JSON.stringify(groups)).toMatch(/^refused/);
    }
  });

  it('an ID token names its user in cognito:username; a token naming no user is refused', () => {
    const { username: _, ...withoutUsername } = accessTokenClaims('x', ['privacy-officer']);
    expect(whoOf(jwtEvent(READ, { ...withoutUsername, 'cognito:username': 'olivia' }))).toBe(
      'cognito:olivia',
    );
    expect(whoOf(jwtEvent(READ, withoutUsername))).toMatch(/^refused: .*username/);
    expect(whoOf(jwtEvent(READ, { ...withoutUsername, username: 'two words' }))).toMatch(/^refused/);
    expect(whoOf(jwtEvent(READ, { ...withoutUsername, username: 7 }))).toMatch(/^refused/);
  });

  it('ignores the local headers and an x-console-role on a route of one audience', () => {
    const event = jwtEvent(READ, accessTokenClaims('olivia', ['privacy-officer', 'privacy-eraser']), {
      'x-local-caller': 'mallory',
      'x-local-role': 'privacy-officer',
      'x-console-role': 'product-team',
    });
    expect(whoOf(event)).toBe('cognito:olivia');
    expect(
      whoOf(
        jwtEvent(ERASE, accessTokenClaims('erin', ['privacy-officer', 'privacy-eraser']), {
          'x-console-role': 'privacy-officer',
        }),
      ),
    ).toBe('cognito:erin');
  });

  it('refuses a route the table does not know (its group cannot be checked)', () => {
    expect(whoOf(jwtEvent('GET /privacy/unknown', accessTokenClaims('olivia', ['privacy-officer'])))).toMatch(
      /^refused/,
    );
  });
});

describe('the local gateway: the named local user, else unauthenticated', () => {
  it('is local:<name> with x-local-caller, local-gateway:unauthenticated without', () => {
    expect(whoOf(localEvent(READ, { 'x-local-caller': 'olivia', 'x-local-role': 'privacy-officer' }))).toBe(
      'local:olivia',
    );
    expect(whoOf(localEvent(READ, { 'X-Local-Caller': 'olivia' }))).toBe('local:olivia');
    expect(whoOf(localEvent(READ))).toBe(LOCAL_GATEWAY_CALLER);
  });

  it('refuses a malformed name or a role of another audience, naming the header', () => {
    for (const name of ['', ' olivia', 'a'.repeat(65), 'olivia smith', '-olivia', 'ölivia'])
      expect(whoOf(localEvent(READ, { 'x-local-caller': name })), name).toMatch(
        /^refused: header x-local-caller/,
      );
    expect(whoOf(localEvent(READ, { 'x-local-caller': 'pat', 'x-local-role': 'product-team' }))).toMatch(
      /^refused: header x-local-role: expected privacy-officer/,
    );
    expect(whoOf(localEvent(READ, { 'x-local-caller': 'pat', 'x-local-role': 'admin' }))).toMatch(/^refused/);
  });

  it("locally the privacy officer stands in for the eraser (the console's local roles)", () => {
    expect(whoOf(localEvent(ERASE, { 'x-local-caller': 'olivia', 'x-local-role': 'privacy-officer' }))).toBe(
      'local:olivia',
    );
    expect(whoOf(localEvent(ERASE, { 'x-local-caller': 'pat', 'x-local-role': 'product-team' }))).toMatch(
      /^refused/,
    );
  });
});

describe('forged combinations', () => {
  it('an AWS event without an authorizer never trusts the local headers', () => {
    const event = apiEvent({ routeKey: READ, headers: { 'x-local-caller': 'olivia' } });
    expect(callerFromHttpEvent(event)).toBeUndefined();
    expect(whoOf(event)).toMatch(/^refused: .*no caller identity/);
  });

  it('an event with both an IAM and a JWT identity is refused', () => {
    const event = jwtEvent(READ, accessTokenClaims('olivia', ['privacy-officer']));
    Object.assign(event.requestContext, {
      authorizer: {
        iam: { userArn: OFFICER_ARN, accountId: '123456789012', principalOrgId: null },
        jwt: { claims: accessTokenClaims('olivia', ['privacy-officer']), scopes: null },
      },
    });
    expect(whoOf(event)).toMatch(/^refused: .*both an IAM and a signed-in/);
  });

  it('a local-gateway event carrying a JWT authorizer is judged by its claims, never by its headers', () => {
    const event = jwtEvent(READ, accessTokenClaims('pat', ['product-team']), { 'x-local-caller': 'olivia' });
    expect(whoOf({ ...event, requestContext: { ...event.requestContext, apiId: 'local' } })).toMatch(
      /^refused/,
    );
  });

  it('property: whatever the headers, an AWS event is its authorizer identity or refused, never a local name', () => {
    const header = fc.constantFrom(
      'x-local-caller',
      'X-Local-Caller',
      'x-local-role',
      'x-console-role',
      'authorization',
    );
    const value = fc.constantFrom(
      'olivia',
      'privacy-officer',
      'privacy-eraser',
      'product-team',
      'local:olivia',
      '',
    );
    const headers = fc.dictionary(header, value, { maxKeys: 5 });
    const route = fc.constantFrom(READ, ERASE);
    const groups = fc.subarray(['product-team', 'privacy-officer', 'privacy-eraser']);
    fc.assert(
      fc.property(headers, route, groups, fc.boolean(), (h, r, g, signed) => {
        const event = signed
          ? jwtEvent(r, accessTokenClaims('olivia', g), h)
          : apiEvent({ routeKey: r, headers: { ...h } });
        const who = whoOf(event);
        const allowed = signed && g.includes(r === ERASE ? 'privacy-eraser' : 'privacy-officer');
        if (allowed) expect(who).toBe('cognito:olivia');
        else expect(who).toMatch(/^refused: /);
        expect(who.startsWith('local')).toBe(false);
      }),
    );
  });
});
