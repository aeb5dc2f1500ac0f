import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DismissalsReader } from '#api/ports.js';
import { type ContactState, ContactStateSchema, emptyContactState } from '#core/contact-policy.js';
import { instantMs } from '#core/time.js';
import { CustomerStateUnavailableError } from '#shared/errors.js';
import { RETENTION_DAYS, ttlEpoch } from '#shared/retention.js';
import type { Item } from './batch-write.js';
import type { TransactItem } from './conditional.js';

/**
 * The contact-policy item (table contact-policy, key customerId): the only code that knows its key and
 * attributes, parses it, versions it and sets its TTL. Two writers change it, each in its own transaction:
 * evaluate-payments puts the whole state when a decision emitted an offer (`commitPut`), the banner API
 * updates it when a customer clicks or dismisses an offer (`feedbackUpdate`: the ended emission, the
 * dismissal, the cooldown). Both are conditional on the version read and bump it (optimistic concurrency),
 * so neither overwrites what the other wrote; both write every attribute of the state, so neither drops
 * one. The banner API's offers route reads the dismissals alone (`dismissals`, the dismissal pause).
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

export class DynamoContactPolicyStore implements DismissalsReader {
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
   * Puts `state` as the version after `readVersion`, only if the item is still at that version: every
   * attribute of the state (emissions, cooldowns, dismissals and whatever the state gains later), so that
   * nothing the state holds is ever dropped. Kept as long as what it remembers still matters (retentionTtl).
   */
  commitPut(state: ContactState, readVersion: number): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...definedAttributes(state),
          ...this.key(state.customerId),
          version: readVersion + 1,
          ttl: retentionTtl(state),
        },
        ...versionCondition(readVersion),
      },
    };
  }

  /**
   * The banner API's feedback (shared/core/offer-feedback.ts, feedbackEffect): every attribute of `next`
   * set, the version read bumped, conditional on it (so a concurrent evaluate-payments commit, conditional
   * on the version it read, re-reads and sees the cooldown, the dismissal and the ended emission; and this
   * update fails if evaluate-payments wrote first). A customer without an item gets one in the shape
   * evaluate-payments reads. The TTL is the later of the item's and retentionTtl of the new state and `now`
   * (the recording of the feedback): never shortened.
   */
  feedbackUpdate(stored: StoredContact, next: ContactState, now: Date): TransactItem {
    const condition = versionCondition(stored.state.version);
    const attributes = Object.entries({
      ...definedAttributes(next),
      ttl: Math.max(stored.ttl ?? 0, retentionTtl(next, now)),
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: this.key(stored.state.customerId),
        UpdateExpression: `SET #version = :next, ${attributes.map((_, i) => `#s${i} = :s${i}`).join(', ')}`,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeNames: {
          ...condition.ExpressionAttributeNames,
          ...Object.fromEntries(attributes.map(([name], i) => [`#s${i}`, name])),
        },
        ExpressionAttributeValues: {
          ...condition.ExpressionAttributeValues,
          ':next': stored.state.version + 1,
          ...Object.fromEntries(attributes.map(([, value], i) => [`:s${i}`, value])),
        },
      },
    };
  }

  /**
   * The customer's dismissals (UTC ISO), for the banner API's dismissal pause: only that attribute is read,
   * strongly consistent (a dismissal just recorded counts). No item: none. A stored list that does not
   * validate, or a read that fails, throws CustomerStateUnavailableError: the API answers 503 and shows
   * nothing (fail closed).
   */
  async dismissals(customerId: string): Promise<readonly string[]> {
    let item: Record<string, unknown> | undefined;
    try {
      const output = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: this.key(customerId),
          ProjectionExpression: '#dismissals',
          ExpressionAttributeNames: { '#dismissals': 'dismissals' },
          ConsistentRead: true,
        }),
      );
      item = output.Item;
    } catch (error) {
      throw new CustomerStateUnavailableError('Reading the contact-policy state failed', { cause: error });
    }
    const parsed = StoredItemSchema.shape.dismissals.safeParse(item?.dismissals);
    if (!parsed.success) {
      throw new CustomerStateUnavailableError('Stored dismissals do not validate');
    }
    return parsed.data ?? [];
  }
}

/** The state's attributes but its customer id and version (the key and the lock), without undefined ones. */
function definedAttributes(state: Partial<ContactState>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state).filter(
      ([name, value]) => value !== undefined && name !== 'customerId' && name !== 'version',
    ),
  );
}

/**
 * The TTL (epoch seconds) of an item holding `state`: RETENTION_DAYS.contactPolicy after the latest instant
 * it remembers (an emission on either time line or its end, a cooldown, a dismissal) or after `recorded`,
 * whichever is later; with nothing remembered and no `recorded`, from the clock now.
 */
export function retentionTtl(state: ContactState, recorded?: Date): number {
  const latestMs = Math.max(
    recorded?.getTime() ?? 0,
    ...state.emissions.map((e) =>
      Math.max(
        instantMs(e.at),
        instantMs(e.decidedAt ?? e.at),
        e.endedAt === undefined ? 0 : instantMs(e.endedAt),
      ),
    ),
    ...Object.values(state.cooldownUntil).map((until) => instantMs(until)),
    ...(state.dismissals ?? []).map((at) => instantMs(at)),
  );
  return ttlEpoch(latestMs > 0 ? new Date(latestMs) : new Date(), RETENTION_DAYS.contactPolicy);
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
