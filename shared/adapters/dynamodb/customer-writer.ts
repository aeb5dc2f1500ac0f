import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerState } from '../../core/customer.js';
import { InfrastructureError } from '../../errors.js';
import { batchPutAll } from './batch-write.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

/** The customers-table items of one customer: profile and current consents. */
export function customerItems(customer: CustomerState) {
  return [
    {
      customerId: customer.customerId,
      sk: CUSTOMER_SK.profile,
      ...(customer.birthDate === undefined ? {} : { birthDate: customer.birthDate }),
      holdings: customer.holdings,
      flags: customer.flags,
    },
    { customerId: customer.customerId, sk: CUSTOMER_SK.consents, records: customer.consents },
  ];
}

/**
 * Loads customer state (fixtures, the demo population) into the customers table; throws if any item
 * could not be written, so a load is never silently partial.
 */
export async function writeCustomers(
  client: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'customers'>,
  customers: readonly CustomerState[],
): Promise<void> {
  const leftOver = await batchPutAll(client, tables.customers, customers.flatMap(customerItems));
  if (leftOver.length > 0) {
    throw new InfrastructureError(
      `${leftOver.length} customer items could not be written; the load is incomplete`,
    );
  }
}
