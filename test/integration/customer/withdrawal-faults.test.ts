import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { offerItem } from '#adapters/dynamodb/decision-writer.js';
import { DynamoOfferWithdrawer, withdrawalRecordId } from '#adapters/dynamodb/offer-withdrawer.js';
import { applyConsentChangeMessage } from '#app/apply-consent-change.js';
import { decisionIdFor, offerInstanceIdFor } from '#core/decision.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { app } from '#infra/definitions.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/dynamodb-local.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#local/local-aws.js';
import { freePort } from '#local/ports.js';
import { provisionTables } from '#local/provision.js';

/**
 * A consent withdrawal under DynamoDB faults (DynamoDB Local): the real client, wrapped by SDK middleware
 * so that its Nth call fails — before the request leaves or after DynamoDB applied it (the answer lost) —
 * for every N over the withdrawal's call sequence (load, save, open offers, one transaction per offer). The
 * failed message is retried as SQS would redeliver it. Afterwards: the withdrawal is the current consent,
 * one applied history entry, 0 offers active, each withdrawn offer with its audit record.
 */

const OFFERS_PER_CUSTOMER = 3;
/** Get consents, save (transaction), query open offers, one transaction per offer. */
const CALLS_PER_CLEAN_RUN = 3 + OFFERS_PER_CUSTOMER;
const NOW = new Date();
const tables = {
  customers: 'customers',
  consentHistory: 'consent-history',
  offers: 'offers',
  audit: 'audit',
};

type Mode = 'request-lost' | 'answer-lost';

class InjectedFault extends Error {
  override readonly name = 'InternalServerError';
}

function faultyClient(endpoint: string, failAt: number, mode: Mode): DynamoDBClient {
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint,
    maxAttempts: 1,
  });
  let calls = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      const index = calls;
      if (index === failAt && mode === 'request-lost') throw new InjectedFault('injected before the call');
      const output = await next(args);
      if (index === failAt && mode === 'answer-lost') throw new InjectedFault('injected after the call');
      return output;
    },
    { step: 'initialize', name: 'failNthCall' },
  );
  return client;
}

describe('a consent withdrawal under DynamoDB faults (DynamoDB Local)', () => {
  let ddb: DynamoDbLocal;
  let admin: DynamoDBClient;

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ port: await freePort() });
    admin = new DynamoDBClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: ddb.endpoint,
    });
    await provisionTables(admin, app);
  });

  afterAll(async () => {
    admin?.destroy();
    await ddb?.stop();
  });

  const cases: Array<[Mode, number]> = [];
  for (const mode of ['request-lost', 'answer-lost'] as const) {
    for (let n = 1; n <= CALLS_PER_CLEAN_RUN + 1; n++) cases.push([mode, n]);
  }

  it.each(cases)('%s at call #%i: no offer stays active, every withdrawal audited', async (mode, n) => {
    const docs = documentClient(admin);
    const customerId = `fault-${mode}-${n}`;
    await docs.send(
      new PutCommand({
        TableName: tables.customers,
        Item: {
          customerId,
          sk: 'CONSENTS',
          records: [
            {
              purpose: 'transaction-offers',
              status: 'granted',
              at: '2026-01-10T10:00:00Z',
              source: 'app',
              noticeVersion: '2026-01',
            },
          ],
          revision: 1,
        },
      }),
    );
    const offerIds: string[] = [];
    for (let i = 0; i < OFFERS_PER_CUSTOMER; i++) {
      const decisionId = decisionIdFor(`${customerId}-evt-${i}`, 'card-abroad-worldwide-cover', 1);
      const offerInstanceId = offerInstanceIdFor(decisionId);
      offerIds.push(offerInstanceId);
      await docs.send(
        new PutCommand({
          TableName: tables.offers,
          Item: offerItem({
            offerInstanceId,
            customerId,
            offerId: 'worldwide-travel-cover',
            productCode: 'travel-insurance-worldwide',
            category: 'insurance',
            text: 'Op reis buiten Europa?',
            disclosures: [],
            triggerId: 'card-abroad-worldwide-cover',
            triggerVersion: 1,
            decisionId,
            createdAt: new Date(NOW.getTime() - 60_000).toISOString(),
            expiresAt: new Date(NOW.getTime() + 30 * 86_400_000).toISOString(),
          }),
        }),
      );
    }

    const client = documentClient(faultyClient(ddb.endpoint, n, mode));
    const deps = {
      consents: new DynamoConsentStore(client, tables),
      offers: new DynamoOfferWithdrawer(client, tables),
      regime: 'opt-in' as const,
      clockGuard: { maxFutureSkewSeconds: 300 },
      now: () => new Date(),
    };
    const change = {
      customerId,
      purpose: 'transaction-offers' as const,
      status: 'withdrawn' as const,
      at: new Date(NOW.getTime() - 1_000).toISOString(),
      source: 'app',
      noticeVersion: '2026-01',
    };
    let failures = 0;
    for (let delivery = 0; ; delivery++) {
      expect(delivery).toBeLessThan(3);
      try {
        await applyConsentChangeMessage(change, deps);
        break;
      } catch (error) {
        expect((error as Error).name).toBe('InternalServerError');
        failures++;
      }
    }
    expect(failures).toBe(n <= CALLS_PER_CLEAN_RUN ? 1 : 0);

    const consents = (
      await docs.send(new GetCommand({ TableName: tables.customers, Key: { customerId, sk: 'CONSENTS' } }))
    ).Item;
    expect(consents?.records).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
    expect(consents?.lastWithdrawnAt?.['transaction-offers']).toBeDefined();
    const history = await docs.send(
      new QueryCommand({
        TableName: tables.consentHistory,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      }),
    );
    expect(history.Items?.map((i) => i.applied)).toEqual([true]);
    const offers = await docs.send(
      new QueryCommand({
        TableName: tables.offers,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      }),
    );
    expect(offers.Items?.map((o) => o.status)).toEqual(Array(OFFERS_PER_CUSTOMER).fill('withdrawn'));
    for (const offerInstanceId of offerIds) {
      const audit = (
        await docs.send(
          new GetCommand({
            TableName: tables.audit,
            Key: { decisionId: withdrawalRecordId(offerInstanceId) },
          }),
        )
      ).Item;
      expect(audit).toMatchObject({
        kind: 'offer_withdrawal',
        offerInstanceId,
        withdrawalReason: 'consent_withdrawn',
      });
    }
  });
});
