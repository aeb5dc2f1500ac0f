import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerState } from '#core/customer.js';
import { InfrastructureError } from '#shared/errors.js';
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
 * Writes customer state as it is into the customers table, consents included but without evidence: for
 * tests and benchmarks that set up a state. Fixtures and the demo load through `loadCustomers`. Throws if
 * any item could not be written, so a write is never silently partial.
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

/**
 * Writes the customers' profiles (not their consents: those are loaded as evidence through the consent
 * store, `shared/app/load-consents.ts`). Throws if any item could not be written.
 */
export async function writeProfiles(
  client: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'customers'>,
  customers: readonly Omit<CustomerState, 'consents'>[],
): Promise<void> {
  const profiles = customers.flatMap((customer) => {
    const [profile] = customerItems({ ...customer, consents: [] });
    return profile === undefined ? [] : [profile];
  });
  const leftOver = await batchPutAll(client, tables.customers, profiles);
  if (leftOver.length > 0) {
    throw new InfrastructureError(
      `${leftOver.length} customer items could not be written; the load is incomplete`,
    );
  }
}
