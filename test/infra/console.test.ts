/**
 * The console in AWS (issue 14), as synthesized: Cognito users (MFA required, the three groups, a public
 * code-flow client), the console API (a JWT authorizer on every route, exactly the console audiences'
 * routes, on the same functions as the IAM API), the private bucket behind CloudFront (OAC, HTTPS, strict
 * headers, `/api/*` to the console API through the prefix-stripping function), the deployed config.json and
 * the stack outputs; cdk-nag and cfn-lint stay clean with the console in the stack.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AUDIENCES } from '#api/console-identity.js';
import { audiencesOf, ROUTES, routeKey } from '#api/route-table.js';
import { CONSOLE_ACCESS_LOG_FORMAT, isConsoleRoute, type PipelineConsole } from '#cdk/console.js';
import { STRIP_API_PREFIX_CODE } from '#cdk/console-site.js';
import { type Json, logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './support.js';

let synth: Synthesized;
let assets: string;
let resources: Record<string, Json>;
let site: PipelineConsole;

const ofType = (type: string): [string, Json][] =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);
const only = (type: string): Json => {
  const found = ofType(type);
  expect(
    found.map(([id]) => id),
    type,
  ).toHaveLength(1);
  return found[0]?.[1];
};
const ref = (construct: Parameters<typeof logicalId>[0]) => ({ Ref: logicalId(construct) });

beforeAll(() => {
  // The console's built files: a stand-in for console/dist, made here (npm run console:build is not run).
  assets = mkdtempSync(path.join(tmpdir(), 'offer-console-dist-'));
  writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>console</title>');
  synth = synthesize({ bundle: false, stackProps: { consoleAssets: assets } });
  resources = synth.template.toJSON().Resources;
  if (!synth.stack.console) throw new Error('the stack has no console');
  site = synth.stack.console;
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  synth?.cleanup();
  if (assets) rmSync(assets, { recursive: true, force: true });
});

describe('Cognito users', () => {
  it('MFA is required (TOTP, no SMS), no self sign-up, a strong password policy, kept and protected', () => {
    const pool = only('AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
  });

  it('has exactly the groups product-team, privacy-officer and privacy-eraser', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.GroupName).sort()).toEqual([
      'privacy-eraser',
      'privacy-officer',
      'product-team',
    ]);
    for (const group of groups) expect(group.UserPoolId).toEqual(ref(site.users.userPool));
  });

  it('the app client is public, authorization code only, returning to the console URL', () => {
    const client = only('AWS::Cognito::UserPoolClient').Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const consoleUrl = {
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalId(site.site.distribution), 'DomainName'] }, '/'],
      ],
    };
    expect(client.CallbackURLs).toEqual([consoleUrl]);
    expect(client.LogoutURLs).toEqual([consoleUrl]);
    expect(only('AWS::Cognito::UserPoolDomain').Properties.Domain).toEqual({
      'Fn::Join': ['', ['offer-console-dev-', { Ref: 'AWS::AccountId' }]],
    });
  });
});

describe('the console API', () => {
  const apiId = () => logicalId(site.api.api);
  const routesOf = (api: string) =>
    ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties)
      .filter((r) => r.ApiId.Ref === api);
  const integrationFunction = (target: Json): string => {
    const integrationId = String(target['Fn::Join'][1][1].Ref);
    return resources[integrationId].Properties.IntegrationUri['Fn::GetAtt'][0];
  };

  it('serves exactly the routes of the product-team, privacy-officer and privacy-eraser audiences', () => {
    const expected = Object.values(ROUTES)
      .filter((r) => audiencesOf(r).some((a) => (CONSOLE_AUDIENCES as readonly string[]).includes(a)))
      .map(routeKey);
    expect(
      routesOf(apiId())
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual([...expected].sort());
    for (const excluded of [ROUTES.listCustomerOffers, ROUTES.getHealth, ROUTES.getOpenApiDocument]) {
      expect(isConsoleRoute(excluded)).toBe(false);
      expect(routesOf(apiId()).map((r) => r.RouteKey)).not.toContain(routeKey(excluded));
    }
    expect(routesOf(apiId()).map((r) => r.RouteKey)).not.toContain('$default');
  });

  it('the JWT authorizer (issuer the pool, audience the app client) guards every route', () => {
    const [[authorizerId, authorizer] = ['', {}]] = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: apiId() },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [ref(site.client)],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(site.users.userPool)],
          ],
        },
      },
    });
    const routes = routesOf(apiId());
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizerId, route.RouteKey).toEqual({ Ref: authorizerId });
    }
  });

  it('integrates each route with the same function as the IAM API, no copy of any function', () => {
    const iamApi = synth.stack.httpApi;
    if (!iamApi) throw new Error('no IAM API');
    const iamRoutes = new Map(routesOf(logicalId(iamApi.api)).map((r) => [r.RouteKey, r.Target]));
    for (const route of routesOf(apiId())) {
      const iamTarget = iamRoutes.get(route.RouteKey);
      expect(iamTarget, route.RouteKey).toBeDefined();
      expect(integrationFunction(route.Target), route.RouteKey).toBe(integrationFunction(iamTarget));
    }
    expect(ofType('AWS::Lambda::Function').length).toBe(synth.stack.functions.size + 1); // + the deployment's
  });

  it('logs access as JSON without paths, naming the user, and throttles like the IAM API', () => {
    const stage = ofType('AWS::ApiGatewayV2::Stage').find(([, s]) => s.Properties.ApiId.Ref === apiId())?.[1];
    expect(stage.Properties.AccessLogSettings.Format).toBe(CONSOLE_ACCESS_LOG_FORMAT);
    expect(JSON.parse(CONSOLE_ACCESS_LOG_FORMAT)).toMatchObject({
      routeKey: '$context.routeKey',
      user: '$context.authorizer.claims.username',
    });
    expect(CONSOLE_ACCESS_LOG_FORMAT).not.toMatch(/\$context\.(path|http\.path|resourcePath)\b/);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: synth.stack.settings.apiThrottle.rateLimit,
      ThrottlingBurstLimit: synth.stack.settings.apiThrottle.burstLimit,
    });
  });
});

describe('the static site', () => {
  const distribution = () => only('AWS::CloudFront::Distribution').Properties.DistributionConfig;

  it('the assets bucket blocks public access, is encrypted, versioned, logged and TLS only', () => {
    const bucket = resources[logicalId(site.site.bucket)].Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual(ref(site.site.logBucket));
    const policy = ofType('AWS::S3::BucketPolicy').find(
      ([, p]) => p.Properties.Bucket.Ref === logicalId(site.site.bucket),
    )?.[1];
    const statements: Json[] = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    // Only CloudFront (this distribution, by OAC) may read; no public or anonymous principal.
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(allow.Condition)).toContain(logicalId(site.site.distribution));
    }
  });

  it('CloudFront reads the bucket through origin access control (no OAI), redirects to HTTPS, logs access', () => {
    const config = distribution();
    const s3Origin = config.Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(ofType('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    expect(only('AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    for (const behavior of config.CacheBehaviors)
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging.Bucket).toEqual({
      'Fn::GetAtt': [logicalId(site.site.logBucket), 'RegionalDomainName'],
    });
  });

  it('every response carries the strict CSP, HSTS, nosniff, frame DENY and no referrer', () => {
    const headers = only('AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' https://",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
      "form-action 'self'",
    ])
      expect(csp).toContain(directive);
    // connect-src names the Cognito sign-in domain and endpoint, nothing else beyond 'self'.
    expect(csp).toContain(
      `{"Ref":"${logicalId(site.users.domain)}"},".auth.",{"Ref":"AWS::Region"},".amazoncognito.com https://cognito-idp.`,
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    const policyRef = ref(site.site.headers);
    expect(distribution().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyRef);
    for (const behavior of distribution().CacheBehaviors)
      expect(behavior.ResponseHeadersPolicyId).toEqual(policyRef);
  });

  it('/api/* goes uncached, with every method and every viewer header but Host, through the prefix-stripping function, to the console API', () => {
    const [api] = distribution().CacheBehaviors.filter((b: Json) => b.PathPattern === '/api/*');
    expect(distribution().CacheBehaviors).toHaveLength(1);
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    expect([...api.AllowedMethods].sort()).toEqual([
      'DELETE',
      'GET',
      'HEAD',
      'OPTIONS',
      'PATCH',
      'POST',
      'PUT',
    ]);
    expect(api.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [logicalId(site.site.stripApiPrefix), 'FunctionARN'] },
      },
    ]);
    const origin = distribution().Origins.find((o: Json) => o.Id === api.TargetOriginId);
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(JSON.stringify(origin.DomainName)).toContain(
      `{"Ref":"${logicalId(site.api.api)}"},".execute-api."`,
    );
    const fn = resources[logicalId(site.site.stripApiPrefix)].Properties;
    expect(fn.FunctionCode).toBe(STRIP_API_PREFIX_CODE);
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  });
});

describe('deployment and outputs', () => {
  it('deploys the built files and config.json (cognito mode, pool, client, domain, redirect URI) into the bucket', () => {
    const deployment = only('Custom::CDKBucketDeployment').Properties;
    expect(deployment.DestinationBucketName).toEqual(ref(site.site.bucket));
    expect(deployment.SourceObjectKeys).toHaveLength(2);
    expect(deployment.DistributionId).toEqual(ref(site.site.distribution));
    expect(synth.stack.resolve(site.config)).toEqual({
      mode: 'cognito',
      region: { Ref: 'AWS::Region' },
      userPoolId: ref(site.users.userPool),
      clientId: ref(site.client),
      domain: {
        'Fn::Join': [
          '',
          ['https://', ref(site.users.domain), '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com'],
        ],
      },
      redirectUri: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [logicalId(site.site.distribution), 'DomainName'] }, '/'],
        ],
      },
    });
    // The config markers resolve to exactly those values at deployment.
    expect(Object.values(deployment.SourceMarkers[1])).toEqual(
      expect.arrayContaining([ref(site.users.userPool), ref(site.client), ref(site.users.domain)]),
    );
  });

  it('outputs the console URL, its user pool and its API', () => {
    const outputs = synth.template.toJSON().Outputs;
    expect(outputs.ConsoleUrl.Value).toEqual(synth.stack.resolve(site.site.url));
    expect(outputs.ConsoleUserPoolId.Value).toEqual(ref(site.users.userPool));
    expect(outputs.ConsoleApiUrl).toBeDefined();
  });

  it('refuses to synthesize without the built console, naming the command that builds it', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'offer-console-empty-'));
    try {
      expect(() => synthesize({ bundle: false, stackProps: { consoleAssets: empty } })).toThrow(
        /has no index\.html.*npm run console:build/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('checks with the console in the stack', () => {
  interface Report {
    pluginReports: {
      conclusion: string;
      violations: unknown[];
      suppressedViolations?: {
        ruleName: string;
        reason: string;
        violatingConstructs: { constructPath: string }[];
      }[];
    }[];
  }

  it('cdk-nag leaves no finding open; the console acknowledgements are exactly these, with reasons', () => {
    const report = JSON.parse(
      readFileSync(path.join(synth.assembly.directory, 'validation-report.json'), 'utf8'),
    ) as Report;
    for (const plugin of report.pluginReports) {
      expect(plugin.violations).toEqual([]);
      expect(plugin.conclusion).toBe('success');
    }
    const consoleFindings = report.pluginReports
      .flatMap((r) => r.suppressedViolations ?? [])
      .flatMap((s) =>
        s.violatingConstructs
          .filter((c) => /\/Console\/|Custom::CDKBucketDeployment/.test(c.constructPath))
          .map((c) => ({
            rule: s.ruleName,
            at: c.constructPath.replace(/^OfferPipeline\//, ''),
            reason: s.reason,
          })),
      );
    const handler = consoleFindings.find((f) => f.at.startsWith('Custom::'))?.at.split('/')[0];
    expect(consoleFindings.map((f) => `${f.rule} @ ${f.at}`).sort()).toEqual(
      [
        'AwsSolutions-CFR1 @ Console/Site/Distribution/Resource',
        'AwsSolutions-CFR2 @ Console/Site/Distribution/Resource',
        'AwsSolutions-CFR4 @ Console/Site/Distribution/Resource',
        `AwsSolutions-L1 @ ${handler}/Resource`,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] @ ${handler}/ServiceRole/Resource`,
        ...[
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          `Resource::<${logicalId(site.site.bucket)}.Arn>/*`,
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
          'Resource::*',
        ].map((f) => `AwsSolutions-IAM5[${f}] @ ${handler}/ServiceRole/DefaultPolicy/Resource`),
      ].sort(),
    );
    for (const finding of consoleFindings) expect(finding.reason.length).toBeGreaterThan(80);
  });

  it(
    'cfn-lint finds no error or warning in the console resources',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'offer-console-cfn-lint-'));
      try {
        const file = path.join(dir, 'template.json');
        writeFileSync(file, JSON.stringify(synth.template.toJSON()));
        const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', 'eu-west-1', '--', file], {
          encoding: 'utf8',
        });
        expect(run.error, 'cfn-lint must be installed (pip install cfn-lint)').toBeUndefined();
        expect(run.status !== null && run.status % 2 === 0, run.stderr).toBe(true);
        const findings = JSON.parse(run.stdout) as { Rule: { Id: string }; Location: { Path: string[] } }[];
        const consoleIds = new Set(
          Object.keys(resources).filter(
            (id) => id.startsWith('Console') || id.startsWith('CustomCDKBucketDeployment'),
          ),
        );
        expect(consoleIds.size).toBeGreaterThan(20);
        const open = findings.filter((f) => consoleIds.has(String(f.Location.Path[1])));
        // aws-cdk-lib's own DependsOn of a function on its role (the one cfn-lint.test.ts accepts) aside.
        const own = (f: (typeof findings)[number]) =>
          f.Rule.Id === 'W3005' && resources[String(f.Location.Path[1])]?.Type === 'AWS::Lambda::Function';
        expect(open.filter((f) => !own(f)).map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}`)).toEqual(
          [],
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
