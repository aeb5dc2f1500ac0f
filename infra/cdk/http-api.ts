/**
 * The HTTP API (API Gateway v2) for every `http` event source of the definitions: IAM (SigV4)
 * authorization on every route, JSON access logs that record the route template rather than the path
 * (paths carry customer ids), and stage-wide throttling. Its `$default` route (any method and path no route
 * matches) goes to the health function, which answers it with the unknown-route 404 problem
 * (application/problem+json), as the local gateway does: no new function, no new permission for it.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { callerRoleEnvVar } from '#api/catalog-caller.js';
import { audiencesOf, UNKNOWN_ROUTE_FUNCTION, UNKNOWN_ROUTE_KEY } from '#api/route-table.js';
import type { HttpAudience, HttpRoute } from '#infra/definitions.js';
import { acknowledge, REASONS } from './acknowledgements.js';
import { type CallerPrincipal, type CallersSettings, trustConditions } from './callers.js';
import { pascalCase } from './names.js';
import type { PipelineSettings } from './settings.js';

/**
 * One JSON object per request. `$context.routeKey` is the route template (`GET /customers/{customerId}/offers`),
 * so no customer id reaches the logs; the caller is the IAM principal that signed the request.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  callerAccount: '$context.identity.accountId',
  callerArn: '$context.identity.userArn',
  sourceIp: '$context.identity.sourceIp',
});

const METHODS: Readonly<Record<HttpRoute['method'], apigwv2.HttpMethod>> = {
  GET: apigwv2.HttpMethod.GET,
  POST: apigwv2.HttpMethod.POST,
  PUT: apigwv2.HttpMethod.PUT,
  DELETE: apigwv2.HttpMethod.DELETE,
};

export interface PipelineHttpApiProps {
  readonly settings: PipelineSettings;
  /** Encrypts the access log group (the operations key, whose policy admits CloudWatch Logs). */
  readonly logsKey: kms.IKey;
  /**
   * Another API than the IAM one (the console API, ./console.ts): its name suffix, description, access log
   * format, and no default authorizer (each route names its own with addRoute).
   */
  readonly variant?: {
    readonly nameSuffix: string;
    readonly description: string;
    readonly accessLogFormat: string;
  };
}

export class PipelineHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  private readonly integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();
  private readonly routesByAudience = new Map<HttpAudience, HttpRoute[]>();
  /** The audiences of each function serving a route with several audiences (it tells them apart by role). */
  private readonly sharedRouteFunctions = new Map<lambda.Function, Set<HttpAudience>>();
  /** One caller role per audience, allowed to invoke only that audience's routes. */
  readonly callerRoles = new Map<HttpAudience, iam.Role>();
  /** Audiences with routes but no configured principals: no caller role, nobody can call their routes. */
  readonly unconfiguredAudiences: HttpAudience[] = [];
  /** The `$default` route, once the function that answers unknown routes has a route of its own. */
  private unknownRoute: apigwv2.HttpRoute | undefined;

  constructor(scope: Construct, id: string, props: PipelineHttpApiProps) {
    super(scope, id);
    const { variant } = props;
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-${variant?.nameSuffix ?? 'http'}`,
      description:
        variant?.description ??
        'Offer eligibility pipeline: operator and banner-service endpoints (IAM-authorised)',
      // Every route requires a SigV4 signature from an IAM principal allowed execute-api:Invoke (a variant
      // authorizes each route with the authorizer addRoute is given).
      ...(variant ? {} : { defaultAuthorizer: new HttpIamAuthorizer() }),
      // The default stage is created below, with access logging and throttling.
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.settings.logRetentionDays,
      encryptionKey: props.logsKey,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(variant?.accessLogFormat ?? ACCESS_LOG_FORMAT),
      },
      throttle: props.settings.apiThrottle,
    });
  }

  /**
   * The execute-api ARN of the `$default` route on the `$default` stage: what a caller needs to be answered
   * the unknown-route problem (instead of API Gateway's 403) for a path no route matches.
   */
  get unknownRouteArn(): string {
    return Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.api.apiId,
      resourceName: `$default/${UNKNOWN_ROUTE_KEY}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** The base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  get url(): string {
    return this.stage.url;
  }

  /** Serves `route` with `fn` (one integration per function); `authorizer` replaces the API's default. */
  addRoute(
    owner: string,
    fn: lambda.Function,
    route: HttpRoute,
    authorizer?: apigwv2.IHttpRouteAuthorizer,
  ): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${pascalCase(owner)}Integration`, fn);
      this.integrations.set(fn, integration);
    }
    this.api.addRoutes({
      path: route.path,
      methods: [METHODS[route.method]],
      integration,
      ...(authorizer ? { authorizer } : {}),
    });
    if (owner === UNKNOWN_ROUTE_FUNCTION && this.unknownRoute === undefined && authorizer === undefined) {
      // IAM-authorised like every route: an unsigned request still gets API Gateway's 403, a caller role's
      // signed request to a path no route matches gets the 404 problem (createCallerRoles grants it).
      this.unknownRoute = new apigwv2.HttpRoute(this, 'UnknownRoute', {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.DEFAULT,
        integration,
      });
    }
    const audiences = audiencesOf(route);
    for (const audience of audiences) {
      const routes = this.routesByAudience.get(audience) ?? [];
      routes.push(route);
      this.routesByAudience.set(audience, routes);
    }
    if (audiences.length > 1) {
      const shared = this.sharedRouteFunctions.get(fn) ?? new Set<HttpAudience>();
      for (const audience of audiences) shared.add(audience);
      this.sharedRouteFunctions.set(fn, shared);
    }
  }

  /**
   * Creates the caller role of each audience that has configured principals (settings `callers`): trusted
   * by exactly those principals — for the privacy audiences only with MFA (callers.ts) — and allowed
   * execute-api:Invoke on exactly its routes. The banner service's role cannot reach the privacy routes, the
   * privacy officers' role cannot erase, and the erasers' role cannot read the audit routes; product teams
   * draft and submit catalog versions, privacy officers approve or reject them. An audience
   * without principals gets no role: nobody can call its routes (the stack output says so).
   */
  createCallerRoles(callers: CallersSettings): void {
    for (const [audience, routes] of this.routesByAudience) {
      const principals = callers.principals[audience] ?? [];
      const [first, ...rest] = principals;
      if (first === undefined) {
        this.unconfiguredAudiences.push(audience);
        continue;
      }
      const role = new iam.Role(this, `${pascalCase(audience)}CallerRole`, {
        assumedBy: trustedPrincipal(audience, first, callers),
        description: `Calls the ${audience} routes of the offer pipeline HTTP API`,
        maxSessionDuration: Duration.hours(1),
      });
      for (const principal of rest)
        role.assumeRolePolicy?.addStatements(
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [trustedPrincipal(audience, principal, callers)],
          }),
        );
      const policy = new iam.Policy(this, `${pascalCase(audience)}InvokePolicy`, {
        statements: [
          new iam.PolicyStatement({
            actions: ['execute-api:Invoke'],
            // Route templates' path parameters ({customerId}) are `*` in execute-api ARNs. Every caller may
            // reach the `$default` route too: a mistyped path then answers the 404 problem, not a bare 403.
            resources: [
              ...routes.map((route) =>
                this.api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]+\}/g, '*'), '$default'),
              ),
              ...(this.unknownRoute === undefined ? [] : [this.unknownRouteArn]),
            ],
          }),
        ],
      });
      policy.attachToRole(role);
      const apiLogicalId = Stack.of(this).resolve(
        (this.api.node.defaultChild as apigwv2.CfnApi).logicalId,
      ) as string;
      for (const route of routes.filter((r) => r.path.includes('{'))) {
        // One acknowledgement per parameterised route: any other wildcard would still be reported.
        const arn = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiLogicalId}>/$default/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
        acknowledge(policy, `AwsSolutions-IAM5[Resource::${arn}]`, REASONS.routeParameterWildcard);
      }
      this.callerRoles.set(audience, role);
    }
    // A route with several audiences is invoked under either role: its function learns the roles' names
    // (`<AUDIENCE>_ROLE_NAME`) to tell the callers apart by the role they assumed. No role, no variable:
    // the function then refuses such a caller (shared/api/catalog-caller.ts).
    for (const [fn, audiences] of this.sharedRouteFunctions)
      for (const audience of audiences) {
        const role = this.callerRoles.get(audience);
        if (role) fn.addEnvironment(callerRoleEnvVar(audience), role.roleName);
      }
  }
}

/** One configured principal with the conditions of its audience (MFA, principal ARN pattern). */
function trustedPrincipal(
  audience: HttpAudience,
  principal: CallerPrincipal,
  callers: CallersSettings,
): iam.IPrincipal {
  const base =
    typeof principal === 'string'
      ? new iam.ArnPrincipal(principal)
      : new iam.AccountPrincipal(principal.account);
  const conditions = trustConditions(audience, principal, callers);
  return Object.keys(conditions).length === 0 ? base : new iam.PrincipalWithConditions(base, conditions);
}
