import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/** Liveness probe for operators and the banner service: answers without touching customer data. */
export const handler = async (): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' },
  body: JSON.stringify({ status: 'ok' }),
});
