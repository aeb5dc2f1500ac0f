import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WithdrawalReason } from '#core/customer-update.js';
import { sha256Hex } from '#core/hash.js';
import type { OfferWithdrawer, OpenOfferRecord } from '#shared/ports.js';
import { DEFAULT_HOT_AUDIT_DAYS, hotTtlFor } from '#shared/retention.js';
import { transactConditionally } from './conditional.js';
import { queryPages, sendQueryWith } from './paginate.js';
import type { TableNames } from './tables.js';

/** Audit key of an offer's withdrawal: one per offer instance, so a repeat cannot add a second record. */
export function withdrawalRecordId(offerInstanceId: string): string {
  return `w_${sha256Hex(`withdrawal/v1|${offerInstanceId}`).slice(0, 32)}`;
}

/** Reads open offers and withdraws them, each with an audit record of the withdrawal, atomically. */
export class DynamoOfferWithdrawer implements OfferWithdrawer {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'offers' | 'audit'>,
    /** HOT_AUDIT_DAYS: the withdrawal's audit item is hot for this long; the archive keeps its retention. */
    private readonly hotDays: number = DEFAULT_HOT_AUDIT_DAYS,
  ) {}

  async openOffers(customerId: string): Promise<OpenOfferRecord[]> {
    const offers: OpenOfferRecord[] = [];
    const input = {
      TableName: this.tables.offers,
      KeyConditionExpression: 'customerId = :c',
      FilterExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':c': customerId, ':active': 'active' },
      ConsistentRead: true,
    };
    for await (const page of queryPages(sendQueryWith(this.client), input)) {
      for (const item of page.Items ?? []) {
        offers.push({
          customerId,
          offerInstanceId: String(item.offerInstanceId),
          offerId: String(item.offerId),
          productCode: String(item.productCode),
          category: item.category as OpenOfferRecord['category'],
          triggerId: String(item.triggerId),
          triggerVersion: Number(item.triggerVersion),
        });
      }
    }
    return offers;
  }

  async withdraw(
    offer: OpenOfferRecord,
    reason: WithdrawalReason,
    now: Date,
  ): Promise<'withdrawn' | 'already'> {
    const at = now.toISOString();
    const failed = await transactConditionally(this.client, [
      {
        Update: {
          TableName: this.tables.offers,
          Key: { customerId: offer.customerId, offerInstanceId: offer.offerInstanceId },
          UpdateExpression: 'SET #status = :withdrawn, withdrawnAt = :at, withdrawalReason = :reason',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':withdrawn': 'withdrawn',
            ':active': 'active',
            ':at': at,
            ':reason': reason,
          },
        },
      },
      {
        Put: {
          TableName: this.tables.audit,
          // A record kind of its own beside the decisions; carries nothing about any payment.
          Item: {
            decisionId: withdrawalRecordId(offer.offerInstanceId),
            kind: 'offer_withdrawal',
            customerId: offer.customerId,
            offerInstanceId: offer.offerInstanceId,
            offerId: offer.offerId,
            triggerId: offer.triggerId,
            triggerVersion: offer.triggerVersion,
            withdrawalReason: reason,
            decidedAt: at,
            ttl: hotTtlFor('offerWithdrawal', now, this.hotDays),
          },
          ConditionExpression: 'attribute_not_exists(decisionId)',
        },
      },
    ]);
    return failed.length > 0 ? 'already' : 'withdrawn';
  }
}
