import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PipelineHarness } from './pipeline.js';

/**
 * The banner service's routes through the local HTTP gateway, and reads of what a feedback may change (the
 * offer row, its events, the customer's contact-policy item): shared by the banner integration tests.
 */

export interface BannerAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: unknown;
}

export function bannerClient(pipeline: PipelineHarness) {
  async function call(path: string, init: RequestInit = {}): Promise<BannerAnswer> {
    const response = await fetch(`${pipeline.runtime.endpoints.http}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  return {
    call,
    offersOf: (customerId: string) => call(`/customers/${encodeURIComponent(customerId)}/offers`),
    postEvent: (
      customerId: string,
      offerInstanceId: string,
      body: unknown,
      headers: Record<string, string> = { 'content-type': 'application/json' },
    ) =>
      call(`/customers/${customerId}/offers/${offerInstanceId}/events`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    offerRow: async (customerId: string, offerInstanceId: string) =>
      (
        await pipeline.documents.send(
          new GetCommand({ TableName: pipeline.tables.offers, Key: { customerId, offerInstanceId } }),
        )
      ).Item,
    offerEvents: async (offerInstanceId: string) =>
      (
        await pipeline.documents.send(
          new QueryCommand({
            TableName: 'offer-events',
            KeyConditionExpression: 'offerInstanceId = :o',
            ExpressionAttributeValues: { ':o': offerInstanceId },
          }),
        )
      ).Items ?? [],
    contactPolicy: async (customerId: string) =>
      (
        await pipeline.documents.send(
          new GetCommand({ TableName: pipeline.tables.contactPolicy, Key: { customerId } }),
        )
      ).Item,
  };
}
