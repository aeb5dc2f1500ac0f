import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  type GetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ConsentReader, OfferReader, StoredOffer } from '#api/ports.js';
import { type ConsentState, LastWithdrawnAtSchema } from '#core/consent-change.js';
import { ConsentRecordSchema } from '#core/customer.js';
import { CustomerStateUnavailableError, InfrastructureError } from '#shared/errors.js';
import { queryPages } from './paginate.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

/**
 * Reads for the banner API: a customer's offers (offers table, pk customerId, sk offerInstanceId) and their
 * current consent records with the instants their offers were last ended (customers table, the CONSENTS
 * item). Only the attributes the API needs are read (ProjectionExpression), and every read is strongly
 * consistent: a withdrawal or a click that was just written must count.
 */

/** Offer store faults (throttling, network): the API answers 503. */
export class OfferStoreUnavailableError extends InfrastructureError {
  override readonly name = 'OfferStoreUnavailableError';
}

const StoredOfferSchema = z.object({
  customerId: z.string(),
  offerInstanceId: z.string(),
  offerId: z.string(),
  text: z.string(),
  disclosures: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  status: z.string(),
  // Issue 13, absent on offers emitted before: served without them. A present but broken explanation or
  // priority makes the row unreadable (never served: no offer rather than a wrong text).
  priority: z.number().int().optional(),
  explanation: z.strictObject({ nl: z.string(), en: z.string() }).optional(),
});

/** `text` and `status` are DynamoDB reserved words: every attribute goes through a name placeholder. */
const OFFER_ATTRIBUTES = [
  'customerId',
  'offerInstanceId',
  'offerId',
  'text',
  'disclosures',
  'createdAt',
  'expiresAt',
  'status',
  'priority',
  'explanation',
];
const OFFER_PROJECTION = {
  ProjectionExpression: OFFER_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(OFFER_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
};
const STATUS_PLACEHOLDER = `#a${OFFER_ATTRIBUTES.indexOf('status')}`;

/** Pages of one customer's offers: a customer has a handful (frequency caps); this only bounds the loop. */
const MAX_PAGES = 20;

export class DynamoOfferReader implements OfferReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'offers'>,
  ) {}

  async activeOffers(customerId: string): Promise<{ offers: StoredOffer[]; skipped: number }> {
    const offers: StoredOffer[] = [];
    let skipped = 0;
    const input = {
      TableName: this.tables.offers,
      KeyConditionExpression: '#a0 = :customerId',
      FilterExpression: `${STATUS_PLACEHOLDER} = :active`,
      ...OFFER_PROJECTION,
      ExpressionAttributeValues: { ':customerId': customerId, ':active': 'active' },
      ConsistentRead: true,
    };
    for await (const output of queryPages((page) => this.query(page), input, { maxPages: MAX_PAGES })) {
      for (const item of output.Items ?? []) {
        const parsed = StoredOfferSchema.safeParse(item);
        if (parsed.success) offers.push(parsed.data);
        else skipped++;
      }
    }
    return { offers, skipped };
  }

  async findOffer(customerId: string, offerInstanceId: string): Promise<StoredOffer | undefined> {
    const output = await this.get({
      TableName: this.tables.offers,
      Key: { customerId, offerInstanceId },
      ...OFFER_PROJECTION,
      ConsistentRead: true,
    });
    if (output.Item === undefined) return undefined;
    const parsed = StoredOfferSchema.safeParse(output.Item);
    // A row that does not validate is not an offer the API can act on.
    return parsed.success ? parsed.data : undefined;
  }

  private async query(input: QueryCommandInput): Promise<QueryCommandOutput> {
    try {
      return await this.client.send(new QueryCommand(input));
    } catch (error) {
      throw new OfferStoreUnavailableError('Reading offers failed', { cause: error });
    }
  }

  private async get(input: GetCommandInput): Promise<GetCommandOutput> {
    try {
      return await this.client.send(new GetCommand(input));
    } catch (error) {
      throw new OfferStoreUnavailableError('Reading an offer failed', { cause: error });
    }
  }
}

const StoredConsentsSchema = z.object({
  records: z.array(ConsentRecordSchema).default([]),
  lastWithdrawnAt: LastWithdrawnAtSchema.default({}),
});

export class DynamoConsentReader implements ConsentReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'customers'>,
  ) {}

  async consentState(customerId: string): Promise<ConsentState> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await this.client.send(
        new GetCommand({
          TableName: this.tables.customers,
          Key: { customerId, sk: CUSTOMER_SK.consents },
          ProjectionExpression: '#records, #withdrawn',
          ExpressionAttributeNames: { '#records': 'records', '#withdrawn': 'lastWithdrawnAt' },
          ConsistentRead: true,
        }),
      );
      item = output.Item;
    } catch (error) {
      throw new CustomerStateUnavailableError('Reading consents failed', { cause: error });
    }
    // No CONSENTS item: an unknown customer, or one never asked. Either way: no consent.
    if (item === undefined) return { records: [], lastWithdrawnAt: {} };
    const parsed = StoredConsentsSchema.safeParse(item);
    if (!parsed.success) {
      // Never decide on consent we cannot read correctly (fail closed: the API answers 503, shows nothing).
      throw new CustomerStateUnavailableError('Stored consent records do not validate');
    }
    return parsed.data;
  }
}
