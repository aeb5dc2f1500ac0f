import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerStateSchema } from '#core/customer.js';
import type { CustomerUpdate } from '#core/customer-update.js';
import { InfrastructureError } from '#shared/errors.js';
import type { ProfileStore } from '#shared/ports.js';
import { isConditionFailure } from './conditional.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

/** The customers table's PROFILE item, updated field by field, ordered by the update's instant. */
export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'customers'>,
  ) {}

  async apply(update: CustomerUpdate) {
    const fields: Record<string, unknown> = { updatedAtMs: Date.parse(update.at) };
    if (update.birthDate !== undefined) fields.birthDate = update.birthDate;
    if (update.holdings !== undefined) fields.holdings = update.holdings;
    if (update.flags !== undefined) fields.flags = update.flags;
    const names = Object.keys(fields);
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tables.customers,
          Key: { customerId: update.customerId, sk: CUSTOMER_SK.profile },
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          // An update older than the stored one changes nothing (out-of-order delivery).
          ConditionExpression: 'attribute_not_exists(updatedAtMs) OR updatedAtMs <= :v0', // :v0 is updatedAtMs, the first field
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name]])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      const profile = CustomerStateSchema.pick({ holdings: true, flags: true }).safeParse({
        holdings: result.Attributes?.holdings ?? [],
        flags: result.Attributes?.flags ?? [],
      });
      if (!profile.success) throw new InfrastructureError('Stored profile does not validate');
      return { outcome: 'applied' as const, profile: profile.data };
    } catch (error) {
      if (isConditionFailure(error)) return { outcome: 'stale' as const };
      throw error;
    }
  }
}
