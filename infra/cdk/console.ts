/**
 * The console in AWS (issue 14): its users (./console-users.ts), a second HTTP API whose routes a Cognito
 * JWT authorizer guards (the console API), the static site (./console-site.ts) and the deployment of the
 * built files plus `config.json`, which tells the console how to sign in.
 *
 * Why a JWT authorizer on a second HTTP API, not an identity pool handing out the IAM caller roles: the
 * handlers must know the person (four eyes: the approver is not the author; the access log names who read
 * what), and a role session names a role, not a person. The console API carries exactly the routes of the
 * console audiences, integrated with the same functions as the IAM API; each function reads the user and
 * their groups from the verified claims (shared/api/console-identity.ts) and refuses a group the route does
 * not serve. The IAM API is unchanged for the banner service, operators and the CLI.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_AUDIENCES } from '#api/console-identity.js';
import { audiencesOf } from '#api/route-table.js';
import type { HttpRoute } from '#infra/definitions.js';
import { acknowledge, REASONS } from './acknowledgements.js';
import { ConsoleSite } from './console-site.js';
import { ConsoleUsers } from './console-users.js';
import { ACCESS_LOG_FORMAT, PipelineHttpApi } from './http-api.js';
import type { PipelineFunction } from './pipeline-function.js';
import { type PipelineSettings, SettingsError } from './settings.js';

/**
 * The console API's access log: the IAM API's fields (./http-api.ts), the route template and never the path,
 * with the signed-in user's name instead of an IAM principal.
 */
export const CONSOLE_ACCESS_LOG_FORMAT = JSON.stringify({
  ...Object.fromEntries(
    Object.entries(JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>).filter(
      ([field]) => !field.startsWith('caller'),
    ),
  ),
  user: '$context.authorizer.claims.username',
});

/** Whether a route is served to the console: one of its audiences is a console audience. */
export const isConsoleRoute = (route: Pick<HttpRoute, 'audience'>): boolean =>
  audiencesOf(route).some((audience) => (CONSOLE_AUDIENCES as readonly string[]).includes(audience));

/** What the console reads from `/config.json` at start, in AWS. */
export interface ConsoleConfig {
  readonly mode: 'cognito';
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domain: string;
  /** The console's own URL, `https://<distribution domain>/`. */
  readonly redirectUri: string;
}

export interface PipelineConsoleProps {
  readonly settings: PipelineSettings;
  readonly environmentName: string;
  readonly logsKey: kms.IKey;
  /** The stack's functions; the console API integrates those that serve a console route. */
  readonly functions: ReadonlyMap<string, PipelineFunction>;
  /** The built console (`npm run console:build` writes console/dist); must hold index.html. */
  readonly assetsDir: string;
}

export class PipelineConsole extends Construct {
  readonly users: ConsoleUsers;
  readonly api: PipelineHttpApi;
  readonly site: ConsoleSite;
  readonly client: cognito.UserPoolClient;
  readonly config: ConsoleConfig;

  constructor(scope: Construct, id: string, props: PipelineConsoleProps) {
    super(scope, id);
    if (!existsSync(path.join(props.assetsDir, 'index.html')))
      throw new SettingsError(
        `The console's built files are missing: ${props.assetsDir} has no index.html. Run npm run console:build first.`,
      );
    const stack = Stack.of(this);
    this.api = new PipelineHttpApi(this, 'Api', {
      settings: props.settings,
      logsKey: props.logsKey,
      variant: {
        nameSuffix: 'console',
        description: 'Offer eligibility pipeline: the console routes (Cognito JWT-authorised)',
        accessLogFormat: CONSOLE_ACCESS_LOG_FORMAT,
      },
    });
    this.users = new ConsoleUsers(this, 'Users', {
      domainPrefix:
        props.settings.console?.domainPrefix ?? `offer-console-${props.environmentName}-${stack.account}`,
    });
    const domain = this.users.domain.baseUrl();
    this.site = new ConsoleSite(this, 'Site', {
      api: this.api.api,
      cognitoOrigins: [domain, `https://cognito-idp.${stack.region}.${stack.urlSuffix}`],
      logRetentionDays: props.settings.logRetentionDays,
    });
    this.client = this.users.addConsoleClient(this.site.url);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.users.userPool, {
      userPoolClients: [this.client],
    });
    for (const fn of props.functions.values())
      for (const route of fn.def.events)
        if (route.kind === 'http' && isConsoleRoute(route))
          this.api.addRoute(fn.def.name, fn.function, route, authorizer);

    this.config = {
      mode: 'cognito',
      region: stack.region,
      userPoolId: this.users.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      domain,
      redirectUri: this.site.url,
    };
    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.site.bucket,
      sources: [s3deploy.Source.asset(props.assetsDir), s3deploy.Source.jsonData('config.json', this.config)],
      distribution: this.site.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'DeployLogs', {
        retention: props.settings.logRetentionDays,
        encryptionKey: props.logsKey,
      }),
    });
    acknowledgeDeploymentHandler(deployment, this.site);
  }
}

/**
 * The findings on aws-cdk-lib's own BucketDeployment handler (a singleton function at the stack root whose
 * role and policy the construct writes): each acknowledged by its exact id, so any other is still reported.
 */
function acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment, site: ConsoleSite): void {
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  const role = deployment.handlerRole.node;
  const policy = role.tryFindChild('DefaultPolicy');
  if (handler === undefined || policy === undefined)
    throw new Error('aws-cdk-lib BucketDeployment changed: its handler or its default policy is not found');
  acknowledge(handler, 'AwsSolutions-L1', REASONS.bucketDeploymentRuntime);
  acknowledge(
    deployment.handlerRole,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    REASONS.bucketDeploymentRole,
  );
  const bucketId = stack.resolve((site.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
  for (const finding of [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::<${bucketId}.Arn>/*`,
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    'Resource::*',
  ])
    acknowledge(policy, `AwsSolutions-IAM5[${finding}]`, REASONS.bucketDeploymentRole);
}
