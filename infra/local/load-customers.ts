import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ConsentTables, DynamoConsentStore } from '#adapters/dynamodb/consent-store.js';
import { writeProfiles } from '#adapters/dynamodb/customer-writer.js';
import { DynamoOfferWithdrawer } from '#adapters/dynamodb/offer-withdrawer.js';
import type { TableNames } from '#adapters/dynamodb/tables.js';
import type { FixtureCustomer } from '#app/customer-fixtures.js';
import { type LoadOptions, type LoadReport, loadConsents } from '#app/load-consents.js';
import { withdrawWhatConsentsNoLongerAllow } from '#app/withdraw.js';
import { SETTINGS } from '#config/settings.js';

export type LoadTables = ConsentTables & Pick<TableNames, 'offers' | 'audit'>;

/**
 * Loads customers (fixtures, the demo population): the profiles as they are, each consent as evidence
 * applied by the consent-change rules (`loadConsents`), and then, as on the consent-change path, the open
 * offers a loaded withdrawal or objection no longer allows are withdrawn, audited and retracted on
 * `offer-suggestions` (a reload after the pipeline emitted them), under the regime the pipeline runs with
 * (CONSENT_REGIME, opt-in by default). Withdrawals win however they arrive.
 */
export async function loadCustomers(
  client: DynamoDBDocumentClient,
  tables: LoadTables,
  customers: readonly FixtureCustomer[],
  options: LoadOptions,
): Promise<LoadReport> {
  await writeProfiles(client, tables, customers);
  const consents = new DynamoConsentStore(client, tables);
  const report = await loadConsents(consents, customers, options);
  const restricted = customers.filter((c) => c.consents.some((r) => r.status !== 'granted'));
  if (restricted.length > 0) {
    const regime = SETTINGS.CONSENT_REGIME.parse(process.env.CONSENT_REGIME);
    const offers = new DynamoOfferWithdrawer(client, tables);
    for (const customer of restricted) {
      const { records } = await consents.load(customer.customerId);
      await withdrawWhatConsentsNoLongerAllow(offers, customer.customerId, records, regime, options.now);
    }
  }
  return { customers: customers.length, ...report };
}
