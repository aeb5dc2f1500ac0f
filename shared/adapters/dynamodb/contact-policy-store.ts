import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  type ContactState,
  ContactStateSchema,
  emptyContactState,
  withDismissal,
} from '#core/contact-policy.js';
import { instantMs } from '#core/time.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import type { Item } from './batch-write.js';
import type { TransactItem } from './conditional.js';

/**
 * The contact-policy item (table contact-policy, key customerId): the only code that knows its key and
 * attributes, parses it, versions it and sets its TTL. Two writers change it, each in its own transaction:
 * evaluate-payments puts the whole state when a decision emitted an offer (`commitPut`), the banner API
 * updates the cooldowns when a customer dismisses an offer (`dismissalUpdate`). Both are conditional on
 * the version read and bump it (optimistic concurrency), so neither overwrites what the other wrote.
 *
 * Operations used: GetItem (read, strongly consistent); PutItem, UpdateItem (inside TransactWriteItems).
 */

/** A stored item as the store reads it: the core's state, plus its TTL (epoch seconds) when it has one. */
const StoredItemSchema = ContactStateSchema.omit({ customerId: true }).extend({
  // Items written before these attributes were always set.
  emissions: ContactStateSchema.shape.emissions.default([]),
  cooldownUntil: ContactStateSchema.shape.cooldownUntil.default({}),
  ttl: z.number().optional(),
});

export interface StoredContact {
  readonly state: ContactState;
  /** The item's TTL in epoch seconds, undefined when there is no item (or it has none). */
  readonly ttl?: number;
}

/** A stored item that validates (no item: the empty state, version 0), or the fields that do not. */
export type ParsedContact =
  | { readonly valid: true; readonly stored: StoredContact }
  | { readonly valid: false; readonly problem: string };

export class DynamoContactPolicyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  key(customerId: string): Item {
    return { customerId };
  }

  /**
   * A stored item as contact state. Real instants only: a corrupt timestamp would silently stop counting
   * towards caps (fail open), so the caller must refuse a state that does not validate (fail closed).
   */
  parse(customerId: string, item: Record<string, unknown> | undefined): ParsedContact {
    if (item === undefined) return { valid: true, stored: { state: emptyContactState(customerId) } };
    const parsed = StoredItemSchema.safeParse(item);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(item)').join(', ');
      return { valid: false, problem: `Stored contact-policy state does not validate: ${fields}` };
    }
    const { ttl, ...rest } = parsed.data;
    const state: ContactState = { customerId, ...rest };
    return { valid: true, stored: ttl === undefined ? { state } : { state, ttl } };
  }

  /** The customer's item, strongly consistent. SDK errors are the caller's to translate. */
  async read(customerId: string): Promise<ParsedContact> {
    const response = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(customerId), ConsistentRead: true }),
    );
    return this.parse(customerId, response.Item);
  }

  /**
   * Puts `state` as the version after `readVersion`, only if the item is still at that version. Kept as
   * long as its newest emission (on either time line) or its furthest cooldown still matters.
   */
  commitPut(state: ContactState, readVersion: number): TransactItem {
    const latestMs = Math.max(
      0,
      ...state.emissions.map((e) => Math.max(instantMs(e.at), instantMs(e.decidedAt ?? e.at))),
      ...Object.values(state.cooldownUntil).map((until) => instantMs(until)),
    );
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.key(state.customerId),
          version: readVersion + 1,
          emissions: state.emissions,
          cooldownUntil: state.cooldownUntil,
          ttl: ttlEpoch(latestMs > 0 ? new Date(latestMs) : new Date(), RETENTION_DAYS.contactPolicy),
        },
        ...versionCondition(readVersion),
      },
    };
  }

  /**
   * cooldownUntil[offerId] = the later of the stored instant and `until` (withDismissal), the version
   * bumped, so that a concurrent evaluate-payments commit (conditional on the version it read) re-reads and
   * sees the cooldown; emissions are kept (an empty list on a new item). The item lives at least as long as
   * the cooldown and a year from `now` (RETENTION_DAYS.contactPolicy), never shorter than it did.
   */
  dismissalUpdate(
    stored: StoredContact,
    dismissal: { readonly offerId: string; readonly until: string },
    now: Date,
  ): TransactItem {
    const { state } = stored;
    const cooldowns = withDismissal(state.cooldownUntil, dismissal.offerId, dismissal.until);
    const until = cooldowns[dismissal.offerId] ?? dismissal.until;
    const ttl = Math.max(
      stored.ttl ?? 0,
      ttlEpoch(now, RETENTION_DAYS.contactPolicy),
      Math.ceil(instantMs(until) / 1000),
    );
    const condition = versionCondition(state.version);
    return {
      Update: {
        TableName: this.tableName,
        Key: this.key(state.customerId),
        UpdateExpression:
          'SET #version = :next, #cooldownUntil = :cooldowns, #emissions = if_not_exists(#emissions, :none), #ttl = :ttl',
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: {
          ...condition.ExpressionAttributeNames,
          '#cooldownUntil': 'cooldownUntil',
          '#emissions': 'emissions',
          '#ttl': 'ttl',
        },
        ExpressionAttributeValues: {
          ...condition.ExpressionAttributeValues,
          ':next': state.version + 1,
          ':cooldowns': cooldowns,
          ':none': [],
          ':ttl': ttl,
        },
      },
    };
  }
}

/**
 * The optimistic-concurrency condition: the item is still at the version read. Version 0 is what a read
 * gives when there is no item, so it also holds when there is none.
 */
function versionCondition(readVersion: number) {
  return {
    ConditionExpression:
      readVersion === 0 ? 'attribute_not_exists(customerId) OR #version = :read' : '#version = :read',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':read': readVersion },
  };
}
