/**
 * The HTTP API (API Gateway v2) for every `http` event source of the definitions: IAM (SigV4)
 * authorization on every route, JSON access logs that record the route template rather than the path
 * (paths carry customer ids), and stage-wide throttling.
 */
import { Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../definitions.js';
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
}

export class PipelineHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  private readonly integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: PipelineHttpApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-http`,
      description: 'Offer eligibility pipeline: operator and banner-service endpoints (IAM-authorised)',
      // Every route requires a SigV4 signature from an IAM principal allowed execute-api:Invoke.
      defaultAuthorizer: new HttpIamAuthorizer(),
      // The default stage is created below, with access logging and throttling.
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.settings.logRetentionDays });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      throttle: props.settings.apiThrottle,
    });
  }

  /** The base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  get url(): string {
    return this.stage.url;
  }

  addRoute(owner: string, fn: lambda.IFunction, route: HttpRoute): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${pascalCase(owner)}Integration`, fn);
      this.integrations.set(fn, integration);
    }
    this.api.addRoutes({ path: route.path, methods: [METHODS[route.method]], integration });
  }
}
