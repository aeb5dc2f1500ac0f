import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { ContactState } from '#core/contact-policy.js';
import { CustomerStateSchema } from '#core/customer.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import type { CustomerSnapshot, CustomerStateReader } from '#shared/ports.js';
import { DynamoContactPolicyStore } from './contact-policy-store.js';
import { backoff, chunk, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { CUSTOMER_SK, type TableNames } from './tables.js';

type Item = Record<string, NativeAttributeValue>;
type Key = Record<string, NativeAttributeValue>;

/** BatchGetItem takes at most 100 keys; each customer needs three (profile, consents, contact state). */
const MAX_KEYS = 100;

/**
 * Reads customer state for a whole batch with BatchGetItem, retrying unprocessed keys with backoff. Fails
 * closed: keys still unprocessed after the retries, a failed call or a stored item that does not validate
 * all throw CustomerStateUnavailableError, so nothing is decided on a partial or corrupt read.
 */
export class DynamoCustomerStateReader implements CustomerStateReader {
  private readonly contacts: DynamoContactPolicyStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: Pick<TableNames, 'customers' | 'contactPolicy'>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.contacts = new DynamoContactPolicyStore(client, tables.contactPolicy);
  }

  async loadMany(customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerSnapshot>> {
    const unique = [...new Set(customerIds)];
    const keys: Array<{ table: string; key: Key }> = unique.flatMap((customerId) => [
      { table: this.tables.customers, key: { customerId, sk: CUSTOMER_SK.profile } },
      { table: this.tables.customers, key: { customerId, sk: CUSTOMER_SK.consents } },
      { table: this.contacts.tableName, key: this.contacts.key(customerId) },
    ]);
    const items: Array<{ table: string; item: Item }> = [];
    for (const part of chunk(keys, MAX_KEYS)) items.push(...(await this.fetch(part)));
    return this.assemble(unique, items);
  }

  private async fetch(
    keys: Array<{ table: string; key: Key }>,
  ): Promise<Array<{ table: string; item: Item }>> {
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> = {};
    for (const { table, key } of keys) {
      const entry = request[table] ?? { Keys: [], ConsistentRead: true };
      entry.Keys.push(key);
      request[table] = entry;
    }
    const found: Array<{ table: string; item: Item }> = [];
    for (let attempt = 0; ; attempt++) {
      let response: BatchGetCommandOutput;
      try {
        response = await this.client.send(new BatchGetCommand({ RequestItems: request }));
      } catch (error) {
        throw new CustomerStateUnavailableError('Reading customer state failed', { cause: error });
      }
      for (const [table, tableItems] of Object.entries(response.Responses ?? {})) {
        for (const item of tableItems) found.push({ table, item });
      }
      const unprocessed = Object.entries(response.UnprocessedKeys ?? {}).filter(
        ([, entry]) => (entry.Keys?.length ?? 0) > 0,
      );
      if (unprocessed.length === 0) return found;
      if (attempt + 1 >= this.retry.attempts) {
        throw new CustomerStateUnavailableError(
          `Customer state still had unprocessed keys after ${this.retry.attempts} attempts`,
        );
      }
      request = Object.fromEntries(
        unprocessed.map(([table, entry]) => [table, { Keys: entry.Keys ?? [], ConsistentRead: true }]),
      );
      await backoff(attempt, this.retry);
    }
  }

  private assemble(
    customerIds: readonly string[],
    items: ReadonlyArray<{ table: string; item: Item }>,
  ): Map<string, CustomerSnapshot> {
    const profiles = new Map<string, Item>();
    const consents = new Map<string, Item>();
    const contacts = new Map<string, Item>();
    for (const { table, item } of items) {
      const customerId = String(item.customerId);
      if (table === this.contacts.tableName) contacts.set(customerId, item);
      else if (item.sk === CUSTOMER_SK.profile) profiles.set(customerId, item);
      else if (item.sk === CUSTOMER_SK.consents) consents.set(customerId, item);
    }
    const snapshots = new Map<string, CustomerSnapshot>();
    for (const customerId of customerIds) {
      const profile = profiles.get(customerId);
      const consentItem = consents.get(customerId);
      const customer =
        profile === undefined && consentItem === undefined
          ? undefined
          : this.parseCustomer(customerId, profile, consentItem);
      snapshots.set(customerId, {
        customer,
        contact: this.parseContact(customerId, contacts.get(customerId)),
        consentsRevision: this.parseRevision(consentItem),
      });
    }
    return snapshots;
  }

  private parseCustomer(customerId: string, profile: Item | undefined, consentItem: Item | undefined) {
    const parsed = CustomerStateSchema.safeParse({
      customerId,
      ...(profile?.birthDate === undefined ? {} : { birthDate: profile.birthDate }),
      holdings: profile?.holdings ?? [],
      flags: profile?.flags ?? [],
      consents: consentItem?.records ?? [],
    });
    if (!parsed.success) {
      // Never decide on state we cannot read correctly; the message is retried and then dead-lettered.
      throw new CustomerStateUnavailableError(
        `Stored customer state does not validate: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    return parsed.data;
  }

  /** The consents item's revision (consent-store.ts): 0 when there is no item or it was never revised. */
  private parseRevision(consentItem: Item | undefined): number {
    const revision = consentItem?.revision;
    if (revision === undefined) return 0;
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) {
      throw new CustomerStateUnavailableError('Stored consents revision does not validate');
    }
    return revision;
  }

  private parseContact(customerId: string, item: Item | undefined): ContactState {
    const parsed = this.contacts.parse(customerId, item);
    if (!parsed.valid) throw new CustomerStateUnavailableError(parsed.problem);
    return parsed.stored.state;
  }
}
