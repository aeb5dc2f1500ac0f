import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '#api/http.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { InfrastructureError } from '#shared/errors.js';
import { captureOutput, lambdaContext, withEnv } from '#test/support/lambda.js';

const CUSTOMER = 'c-priv-4711';

function event(): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /customers/{customerId}/offers',
    rawPath: `/customers/${CUSTOMER}/offers`,
    rawQueryString: '',
    headers: {},
    pathParameters: { customerId: CUSTOMER },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example',
      domainPrefix: 'example',
      http: {
        method: 'GET',
        path: `/customers/${CUSTOMER}/offers`,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 't',
      },
      requestId: 'r-1',
      routeKey: 'GET /customers/{customerId}/offers',
      stage: '$default',
      time: '10/Jul/2026:08:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const deps = () => ({
  logger: new Logger({ serviceName: 'test' }),
  metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
});

/** Every HTTP function (banner and privacy APIs) goes through apiHandler; these pin its privacy and fault behaviour. */
describe('apiHandler', () => {
  it('never logs the event or the path, even with POWERTOOLS_LOGGER_LOG_EVENT and DEBUG on', async () => {
    await withEnv(
      { POWERTOOLS_DEV: undefined, POWERTOOLS_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOGGER_LOG_EVENT: 'true' },
      async () => {
        const handler = apiHandler('fallback', deps(), async () => {
          throw new InfrastructureError(`table busy for ${CUSTOMER}`);
        });
        const { result, output } = await captureOutput(() =>
          handler(event(), lambdaContext('banner-offers')),
        );
        expect(result).toMatchObject({ statusCode: 503, headers: { 'retry-after': '1' } });
        expect(output).toContain('GET /customers/{customerId}/offers');
        expect(output).not.toContain(CUSTOMER);
      },
    );
  });

  it('answers a store fault with 503 and its own detail, anything else with 500', async () => {
    const unavailable = apiHandler(
      'r',
      deps(),
      async () => {
        throw new InfrastructureError('down');
      },
      { unavailableDetail: 'Erase again: it is idempotent.' },
    );
    const failing = apiHandler('r', deps(), async () => {
      throw new TypeError('bug');
    });
    const ok = apiHandler('r', deps(), async () => jsonResponse(200, { fine: true }));
    const first = await unavailable(event(), lambdaContext());
    expect(first.statusCode).toBe(503);
    expect(JSON.parse(String(first.body)).detail).toBe('Erase again: it is idempotent.');
    expect((await failing(event(), lambdaContext())).statusCode).toBe(500);
    expect((await ok(event(), lambdaContext())).statusCode).toBe(200);
  });

  it('every answer carries nosniff, and every error answer is problem+json', async () => {
    const answers = await Promise.all(
      [
        async () => {
          throw new InfrastructureError('down');
        },
        async () => {
          throw new TypeError('bug');
        },
        async () => jsonResponse(200, { fine: true }),
      ].map((handle) => apiHandler('r', deps(), handle)(event(), lambdaContext())),
    );
    for (const answer of answers) {
      expect(answer.headers?.['x-content-type-options']).toBe('nosniff');
      if ((answer.statusCode ?? 200) >= 400) {
        expect(answer.headers?.['content-type']).toBe('application/problem+json');
      }
    }
  });
});
