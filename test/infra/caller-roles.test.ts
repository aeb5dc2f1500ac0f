import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app as definition, type HttpAudience } from '../../infra/definitions.js';
import { logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './support.js';

type Json = Record<string, unknown>;

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ bundle: false });
}, SYNTH_TIMEOUT_MS);
afterAll(() => synth?.cleanup());

/** The route suffixes (`GET/customers/*\/offers`) an audience's caller role may invoke. */
function invokableRoutes(audience: HttpAudience): string[] {
  const role = synth.stack.httpApi?.callerRoles.get(audience);
  if (!role) throw new Error(`no caller role for ${audience}`);
  const roleId = logicalId(role);
  const policies = Object.values(synth.template.toJSON().Resources as Record<string, Json>).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      JSON.stringify((r.Properties as Json).Roles) === JSON.stringify([{ Ref: roleId }]),
  );
  return policies.flatMap((p) =>
    (
      (p.Properties as Json).PolicyDocument as { Statement: Array<{ Action: string; Resource: unknown }> }
    ).Statement.flatMap((statement) => {
      expect(statement.Action).toBe('execute-api:Invoke');
      const resources: unknown[] = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      return resources.map((resource) => {
        const parts = (resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
        return String(parts[parts.length - 1]).replace(/^\/\$default\//, '');
      });
    }),
  );
}

function routesOf(audience: HttpAudience): string[] {
  return definition.functions.flatMap((fn) =>
    fn.events.flatMap((e) =>
      e.kind === 'http' && e.audience === audience ? [`${e.method}${e.path.replace(/\{[^}]+\}/g, '*')}`] : [],
    ),
  );
}

describe('caller roles per audience', () => {
  it.each(['banner-service', 'privacy-officer', 'operator'] as const)(
    'the %s role may invoke exactly its own routes',
    (audience) => {
      expect(invokableRoutes(audience).sort()).toEqual(routesOf(audience).sort());
    },
  );

  it('the banner service cannot reach the privacy routes, nor privacy officers the banner routes', () => {
    expect(invokableRoutes('banner-service').some((r) => r.includes('privacy'))).toBe(false);
    expect(invokableRoutes('privacy-officer').every((r) => r.includes('/privacy/'))).toBe(true);
  });

  it('every route requires IAM authorisation', () => {
    const routes = Object.values(synth.template.toJSON().Resources as Record<string, Json>).filter(
      (r) => r.Type === 'AWS::ApiGatewayV2::Route',
    );
    expect(routes.length).toBe(
      definition.functions.flatMap((f) => f.events.filter((e) => e.kind === 'http')).length,
    );
    for (const route of routes) expect((route.Properties as Json).AuthorizationType).toBe('AWS_IAM');
  });
});
