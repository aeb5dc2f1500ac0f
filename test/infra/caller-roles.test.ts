/**
 * Issue 9, least privilege for people: one caller role per HTTP audience, trusted by the configured
 * principals only (never `*`, never a bare account without a condition), MFA for the privacy roles, and
 * reading the audit separate from erasing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audiencesOf } from '#api/route-table.js';
import { MFA_AUDIENCES } from '#cdk/callers.js';
import { resolveSettings } from '#cdk/settings.js';
import { app as definition, HTTP_AUDIENCES, type HttpAudience } from '#infra/definitions.js';
import { logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize, TEST_CALLERS } from './support.js';

type Json = Record<string, unknown>;

let synth: Synthesized;
let unconfigured: Synthesized;
beforeAll(() => {
  synth = synthesize({ bundle: false, stackProps: { settings: { callers: TEST_CALLERS } } });
  unconfigured = synthesize({ bundle: false });
}, SYNTH_TIMEOUT_MS * 2);
afterAll(() => {
  synth?.cleanup();
  unconfigured?.cleanup();
});

const resources = (s: Synthesized): Record<string, Json> =>
  s.template.toJSON().Resources as Record<string, Json>;

function roleOfConstruct(audience: HttpAudience) {
  const role = synth.stack.httpApi?.callerRoles.get(audience);
  if (!role) throw new Error(`no caller role for ${audience}`);
  return role;
}

function roleOf(audience: HttpAudience): Json {
  const role = synth.stack.httpApi?.callerRoles.get(audience);
  if (!role) throw new Error(`no caller role for ${audience}`);
  return resources(synth)[logicalId(role)] as Json;
}

/** The route suffixes (`GET/customers/*\/offers`) an audience's caller role may invoke. */
function invokableRoutes(audience: HttpAudience): string[] {
  const role = synth.stack.httpApi?.callerRoles.get(audience);
  if (!role) throw new Error(`no caller role for ${audience}`);
  const roleId = logicalId(role);
  const policies = Object.values(resources(synth)).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      JSON.stringify((r.Properties as Json).Roles) === JSON.stringify([{ Ref: roleId }]),
  );
  return policies.flatMap((p) =>
    (
      (p.Properties as Json).PolicyDocument as { Statement: Array<{ Action: string; Resource: unknown }> }
    ).Statement.flatMap((statement) => {
      expect(statement.Action).toBe('execute-api:Invoke');
      const list: unknown[] = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      return list.map((resource) => {
        const parts = (resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
        return String(parts[parts.length - 1]).replace(/^\/\$default\//, '');
      });
    }),
  );
}

/** The `$default` route's suffix: every caller role may reach it (an unknown path answers a 404 problem). */
const UNKNOWN = '$default';

/** The routes of the route table an audience's caller role may invoke (without the `$default` route). */
const ownRoutes = (audience: HttpAudience) => invokableRoutes(audience).filter((r) => r !== UNKNOWN);

function routesOf(audience: HttpAudience): string[] {
  return definition.functions.flatMap((fn) =>
    fn.events.flatMap((e) =>
      e.kind === 'http' && audiencesOf(e).includes(audience)
        ? [`${e.method}${e.path.replace(/\{[^}]+\}/g, '*')}`]
        : [],
    ),
  );
}

interface TrustStatement {
  readonly Effect: string;
  readonly Action: string;
  readonly Principal: { AWS: unknown };
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const trustOf = (audience: HttpAudience): TrustStatement[] =>
  ((roleOf(audience).Properties as Json).AssumeRolePolicyDocument as { Statement: TrustStatement[] })
    .Statement;

/** `arn:aws:iam::<account>:root` as CDK renders an AccountPrincipal. */
const rootOf = (account: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]],
});

describe('caller roles per audience', () => {
  it.each(HTTP_AUDIENCES)(
    'the %s role may invoke exactly its own routes and the unknown-route answer',
    (audience) => {
      expect(invokableRoutes(audience).sort()).toEqual([...routesOf(audience), UNKNOWN].sort());
    },
  );

  it('the banner service cannot reach the privacy routes, nor privacy roles the banner routes', () => {
    expect(ownRoutes('banner-service').some((r) => r.includes('privacy'))).toBe(false);
    expect(
      ownRoutes('privacy-officer').every((r) => r.includes('/privacy/') || r.includes('/catalog/')),
    ).toBe(true);
    expect(ownRoutes('privacy-eraser').every((r) => r.includes('/privacy/'))).toBe(true);
  });

  describe('the governed catalog (issue 12): four eyes in IAM too', () => {
    const VERSION = 'catalog/items/*/*/versions/*';
    const READS = [
      'GET/catalog/items',
      'GET/catalog/items/*/*',
      'GET/catalog/live',
      'POST/catalog/lint',
      // The console (issue 14): read-only too.
      'GET/catalog/summaries',
      'POST/catalog/simulations',
    ];
    const BOTH = [...READS, `POST/${VERSION}/activate`, 'POST/catalog/items/*/*/retire'];
    const AUTHORING = ['POST/catalog/items/*/*/versions', `PUT/${VERSION}`, `POST/${VERSION}/submit`];
    const REVIEWING = [`POST/${VERSION}/approve`, `POST/${VERSION}/reject`];

    it('product teams draft, edit, submit, activate, retire and read; never approve, reject, nor any privacy or banner route', () => {
      const routes = ownRoutes('product-team');
      expect(routes.sort()).toEqual([...BOTH, ...AUTHORING].sort());
      for (const route of REVIEWING) expect(routes).not.toContain(route);
      expect(routes.some((r) => r.includes('/privacy/') || r.includes('/customers/'))).toBe(false);
      expect(routes.some((r) => r.includes('openapi') || r.includes('health'))).toBe(false);
    });

    it('privacy officers approve, reject, activate, retire and read; never draft, edit nor submit', () => {
      const routes = ownRoutes('privacy-officer').filter((r) => r.includes('/catalog/'));
      expect(routes.sort()).toEqual([...BOTH, ...REVIEWING].sort());
      for (const route of AUTHORING) expect(ownRoutes('privacy-officer')).not.toContain(route);
    });

    it('no other caller role reaches a catalog route', () => {
      for (const audience of ['banner-service', 'privacy-eraser', 'operator'] as const)
        expect(
          ownRoutes(audience).some((r) => r.includes('catalog')),
          audience,
        ).toBe(false);
    });

    it('the catalog function learns both caller role names, to tell them apart on shared routes', () => {
      const fn = synth.stack.functions.get('catalog-api');
      if (!fn) throw new Error('no catalog-api function');
      const properties = resources(synth)[logicalId(fn.function)]?.Properties as
        | { Environment: { Variables: Record<string, unknown> } }
        | undefined;
      const variables = properties?.Environment ?? { Variables: {} };
      expect(variables.Variables.PRODUCT_TEAM_ROLE_NAME).toEqual({
        Ref: logicalId(roleOfConstruct('product-team')),
      });
      expect(variables.Variables.PRIVACY_OFFICER_ROLE_NAME).toEqual({
        Ref: logicalId(roleOfConstruct('privacy-officer')),
      });
    });
  });

  it('reading the audit and erasing are separate roles: neither can do the other', () => {
    expect(ownRoutes('privacy-eraser')).toEqual(['POST/privacy/customers/*/erasure']);
    expect(ownRoutes('privacy-officer').some((r) => r.includes('erasure'))).toBe(false);
    expect(ownRoutes('privacy-officer').length).toBeGreaterThan(0);
  });

  it('every route requires IAM authorisation', () => {
    const routes = Object.values(resources(synth)).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    // One per HTTP event source, and the `$default` route.
    expect(routes.length).toBe(
      definition.functions.flatMap((f) => f.events.filter((e) => e.kind === 'http')).length + 1,
    );
    for (const route of routes) expect((route.Properties as Json).AuthorizationType).toBe('AWS_IAM');
  });
});

describe('who may assume a caller role', () => {
  const MFA = (maxAge: number) => ({
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    NumericLessThan: { 'aws:MultiFactorAuthAge': maxAge },
  });

  it('the banner service and operator roles trust exactly their configured role ARNs', () => {
    // Statements with the same conditions are merged into one with a list of principals.
    expect(trustOf('banner-service')).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: {
          AWS: [
            'arn:aws:iam::111122223333:role/BannerService',
            'arn:aws:iam::111122223333:role/BannerServiceCanary',
          ],
        },
      },
    ]);
    expect(trustOf('operator')).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::777788889999:role/Operations' },
      },
    ]);
  });

  it('privacy officers: only with MFA no older than the setting; an account only with a principal pattern', () => {
    expect(trustOf('privacy-officer')).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: rootOf('444455556666') },
        Condition: {
          ArnLike: {
            'aws:PrincipalArn':
              'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PrivacyOfficer_*',
          },
          ...MFA(900),
        },
      },
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::444455556666:user/dpo' },
        Condition: MFA(900),
      },
    ]);
    expect(trustOf('privacy-eraser')).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: 'arn:aws:iam::444455556666:role/PrivacyEraser' },
        Condition: MFA(900),
      },
    ]);
    expect([...MFA_AUDIENCES].sort()).toEqual(['privacy-eraser', 'privacy-officer']);
  });

  it('no caller role trusts `*`, its own account root, or any account without a condition', () => {
    for (const audience of HTTP_AUDIENCES) {
      for (const statement of trustOf(audience)) {
        const principal = JSON.stringify(statement.Principal.AWS);
        expect(principal, audience).not.toBe('"*"');
        expect(principal, audience).not.toContain('AWS::AccountId');
        if (principal.includes(':root')) expect(statement.Condition?.ArnLike, audience).toBeDefined();
      }
      expect(((roleOf(audience).Properties as Json).MaxSessionDuration as number) ?? 3600).toBe(3600);
    }
  });

  it('an environment without principals gets no caller role at all (nobody can call), and says so', () => {
    expect(unconfigured.stack.httpApi?.callerRoles.size).toBe(0);
    expect([...(unconfigured.stack.httpApi?.unconfiguredAudiences ?? [])].sort()).toEqual(
      [...HTTP_AUDIENCES].sort(),
    );
    const roles = Object.values(resources(unconfigured)).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBe(unconfigured.stack.functions.size);
    const outputs = unconfigured.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.PrivacyEraserCallerRoleArn?.Value).toBe(
      'none: no principals configured (settings callers.principals.privacy-eraser)',
    );
    // No execute-api permission exists for anyone.
    expect(JSON.stringify(resources(unconfigured))).not.toContain('execute-api:Invoke');
  });
});

describe('caller principal settings', () => {
  const withPrincipals = (audience: string, principals: unknown) => () =>
    resolveSettings({ source: 'prod.json', value: { callers: { principals: { [audience]: principals } } } });

  it.each<[string, unknown, RegExp]>([
    ['a wildcard', ['*'], /callers\.principals\.privacy-officer\.0: .*would trust anyone/],
    ['a bare account id', ['444455556666'], /is a bare account: its root trusts every principal/],
    ['an account root ARN', ['arn:aws:iam::444455556666:root'], /is a bare account/],
    [
      'a session ARN',
      ['arn:aws:sts::444455556666:assumed-role/PrivacyOfficer/alice'],
      /is a session, not a principal a role can trust/,
    ],
    ['a wildcard in an ARN', ['arn:aws:iam::444455556666:role/Privacy*'], /has a wildcard/],
    ['not an ARN', ['PrivacyOfficer'], /expected the ARN of an IAM role or user/],
    [
      'a pattern matching every role',
      [{ account: '444455556666', principalArnLike: 'arn:aws:iam::444455556666:role/*' }],
      /principalArnLike: .*matches every role of the account/,
    ],
    [
      'a pattern in another account',
      [{ account: '444455556666', principalArnLike: 'arn:aws:iam::111122223333:role/Officer*' }],
      /principalArnLike: expected a role or user ARN pattern in account 444455556666/,
    ],
  ])('refuse %s, naming the audience and what was expected', (_name, principals, message) => {
    expect(withPrincipals('privacy-officer', principals)).toThrow(message);
  });

  it('refuse an unknown audience and an MFA age out of range', () => {
    expect(withPrincipals('privacy-officers', ['arn:aws:iam::444455556666:role/X'])).toThrow(
      /callers\.principals\.privacy-officers: unknown setting; expected one of: banner-service, privacy-officer, privacy-eraser, operator, product-team/,
    );
    expect(() =>
      resolveSettings({ source: 'prod.json', value: { callers: { mfaMaxAgeSeconds: 86_400 } } }),
    ).toThrow(/callers\.mfaMaxAgeSeconds: expected at most 43200 seconds/);
  });

  it('accept role and user ARNs (with paths) and a narrowed account, merged per audience', () => {
    const settings = resolveSettings(
      {
        source: 'a.json',
        value: { callers: { principals: { operator: ['arn:aws:iam::777788889999:role/Ops'] } } },
      },
      { source: 'b.json', value: { callers: TEST_CALLERS } },
    );
    expect(settings.callers).toEqual(TEST_CALLERS);
  });
});
