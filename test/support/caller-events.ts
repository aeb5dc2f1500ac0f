import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_GATEWAY_API_ID } from '#privacy/access-log.js';
import { apiEvent } from './http-api.js';

/**
 * API Gateway HTTP API events (payload 2.0) as each kind of caller arrives, shaped like the real ones: the
 * IAM API (SigV4, `authorizer.iam`), the console API (Cognito access token verified by the JWT authorizer,
 * `authorizer.jwt.claims`, array claims flattened to one string as HTTP APIs do) and the local gateway.
 */

export const AWS_API_ID = 'a1b2c3d4e5';
export const POOL_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI';

type Headers = Readonly<Record<string, string>>;

const base = (routeKey: string, headers: Headers, apiId: string): APIGatewayProxyEventV2 => {
  const event = apiEvent({ routeKey, headers: { ...headers } });
  return { ...event, requestContext: { ...event.requestContext, apiId } };
};

/** A SigV4-signed call through the IAM API. */
export function iamEvent(routeKey: string, userArn: string, headers: Headers = {}): APIGatewayProxyEventV2 {
  const event = base(routeKey, headers, AWS_API_ID);
  return Object.assign(event, {
    requestContext: {
      ...event.requestContext,
      authorizer: {
        iam: {
          accessKey: 'ASIAEXAMPLE',
          accountId: '123456789012',
          callerId: 'AROAEXAMPLE:session',
          cognitoIdentity: null,
          principalOrgId: null,
          userArn,
          userId: 'AROAEXAMPLE:session',
        },
      },
    },
  });
}

/** The claims of a Cognito access token; `groups` as API Gateway hands an array claim over: `[a b]`. */
export function accessTokenClaims(username: string, groups: readonly string[]): Record<string, unknown> {
  return {
    sub: '3f2a9c1e-0000-4000-8000-000000000001',
    ...(groups.length === 0 ? {} : { 'cognito:groups': `[${groups.join(' ')}]` }),
    iss: POOL_ISSUER,
    client_id: '5example0client0id00000000',
    origin_jti: 'b1c2d3e4-0000-4000-8000-000000000002',
    event_id: 'c1d2e3f4-0000-4000-8000-000000000003',
    token_use: 'access',
    scope: 'openid',
    auth_time: '1783670400',
    exp: '1783674000',
    iat: '1783670400',
    jti: 'd1e2f3a4-0000-4000-8000-000000000004',
    username,
  };
}

/** A call through the console API with a verified token whose claims are `claims`. */
export function jwtEvent(
  routeKey: string,
  claims: Record<string, unknown>,
  headers: Headers = {},
): APIGatewayProxyEventV2 {
  const event = base(routeKey, headers, AWS_API_ID);
  return Object.assign(event, {
    requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: ['openid'] } } },
  });
}

/** A call through the local gateway of `npm start` (no IAM, no sign-in). */
export function localEvent(routeKey: string, headers: Headers = {}): APIGatewayProxyEventV2 {
  return base(routeKey, headers, LOCAL_GATEWAY_API_ID);
}
