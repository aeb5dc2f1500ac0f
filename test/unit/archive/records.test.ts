import { describe, expect, it } from 'vitest';
import { newKeyMaterial, pseudonymiser } from '#archive/pseudonym.js';
import {
  ArchiveRecordError,
  type ArchiveSourceRecord,
  CATALOG_TRANSITION_RETENTION_DAYS,
  ERASURE_PSEUDONYM_PREFIX,
  rowDraftsOf,
} from '#archive/records.js';
import { openContent, reasonsColumn } from '#archive/rows.js';
import type { Decision } from '#core/decision.js';
import { pseudonymFor } from '#privacy/erasure.js';
import { RETENTION_DAYS } from '#shared/retention.js';

const at = new Date('2026-11-30T14:22:06.000Z');
const insert = (table: string, newImage: Record<string, unknown>, seq = '100'): ArchiveSourceRecord => ({
  table,
  eventName: 'INSERT',
  sequenceNumber: seq,
  approximateCreation: at,
  newImage,
});
const keyed = pseudonymiser({ customerId: 'c-1', material: newKeyMaterial() });

const decision = (over: Partial<Decision> = {}): Decision => ({
  decisionId: 'd_0123456789abcdef0123456789abcdef',
  eventId: 'evt-1',
  customerId: 'c-1',
  outcome: 'suppressed',
  triggerId: 'card-abroad-worldwide-cover',
  triggerVersion: 3,
  offerId: 'worldwide-travel-cover',
  reasons: ['no_consent'],
  decidedAt: '2026-11-30T23:59:59.000Z',
  policyVersion: 'catalog-7',
  ...over,
});

describe('rowDraftsOf: audit', () => {
  it('makes one decisions row per decision of an event item, with the event item as hot key', () => {
    const second = decision({
      decisionId: 'd_ffffffffffffffffffffffffffffffff',
      outcome: 'emitted',
      reasons: [],
    });
    const drafts = rowDraftsOf(
      insert('audit', {
        decisionId: 'd_event',
        kind: 'event',
        contentHash: 'h',
        eventId: 'evt-1',
        customerId: 'c-1',
        decidedAt: '2026-11-30T23:59:59.000Z',
        decisions: [decision(), second],
        ttl: 1,
      }),
    );
    expect(drafts.map((d) => [d.dataset, d.customerId, d.day, d.retentionDays])).toEqual([
      ['decisions', 'c-1', '2026-11-30', RETENTION_DAYS.decisionSuppressed],
      ['decisions', 'c-1', '2026-11-30', RETENTION_DAYS.decisionEmitted],
    ]);
    const row = drafts[0]?.build(keyed, at);
    expect(row).toMatchObject({
      outcome: 'suppressed',
      reasons: reasonsColumn(['no_consent']),
      customer_ref: keyed.customerRef,
      record_id: keyed.ref(decision().decisionId),
      record_hour: '2026-11-30T23',
    });
    const content = row?.content;
    if (!(content instanceof Uint8Array)) throw new Error('no content');
    expect(openContent({ content, customer_ref: keyed.customerRef }, keyed)).toEqual({
      hotKey: 'd_event',
      record: decision(),
    });
  });

  it('archives a no-trigger decision item with its own retention, and withdrawals', () => {
    const [noTrigger] = rowDraftsOf(
      insert('audit', {
        ...decision({ outcome: 'no_trigger', reasons: [] }),
        triggerId: undefined,
        contentHash: 'h',
        ttl: 5,
      }),
    );
    expect(noTrigger?.retentionDays).toBe(RETENTION_DAYS.decisionNoTrigger);
    const [withdrawal] = rowDraftsOf(
      insert('audit', {
        decisionId: `w_${'a'.repeat(32)}`,
        kind: 'offer_withdrawal',
        customerId: 'c-1',
        offerInstanceId: 'o-1',
        offerId: 'worldwide-travel-cover',
        triggerId: 'card-abroad-worldwide-cover',
        triggerVersion: 3,
        withdrawalReason: 'consent_withdrawn',
        decidedAt: '2026-12-01T00:00:00.000Z',
        ttl: 9,
      }),
    );
    expect(withdrawal).toMatchObject({
      dataset: 'withdrawals',
      customerId: 'c-1',
      day: '2026-12-01',
      retentionDays: RETENTION_DAYS.offerWithdrawal,
    });
    expect(withdrawal?.build(keyed, at)).toMatchObject({ withdrawal_reason: 'consent_withdrawn' });
  });

  it('makes nothing of legacy claims, MODIFY and REMOVE', () => {
    expect(rowDraftsOf(insert('audit', { decisionId: 'd_x', kind: 'event_claim' }))).toEqual([]);
    const image = { ...decision(), contentHash: 'h' };
    expect(rowDraftsOf({ ...insert('audit', image), eventName: 'MODIFY' })).toEqual([]);
    expect(
      rowDraftsOf({ table: 'audit', eventName: 'REMOVE', sequenceNumber: '1', approximateCreation: at }),
    ).toEqual([]);
  });

  it('fails on an item that does not parse, naming the sequence number and never the content', () => {
    const bad = () => rowDraftsOf(insert('audit', { decisionId: 'd_x', customerId: 'c-secret' }, '777'));
    expect(bad).toThrow(ArchiveRecordError);
    expect(bad).toThrow(/777/);
    expect(bad).not.toThrow(/c-secret/);
    expect(() => rowDraftsOf(insert('offers', {}))).toThrow(ArchiveRecordError);
    expect(() => rowDraftsOf({ ...insert('audit', {}), newImage: undefined })).toThrow(/NEW_IMAGE/);
  });
});

describe('rowDraftsOf: the other tables', () => {
  const consent = {
    customerId: 'c-1',
    recordId: '2026-11-30T10:00:00.000Z#transaction-offers#abc',
    purpose: 'transaction-offers',
    status: 'withdrawn',
    at: '2026-11-30T09:59:00.000Z',
    receivedAt: '2026-11-30T10:00:00.000Z',
    applied: true,
    ttl: 1,
  };

  it('seals consent changes under the customer key', () => {
    const [draft] = rowDraftsOf(insert('consent-history', consent));
    expect(draft).toMatchObject({
      dataset: 'consent_changes',
      customerId: 'c-1',
      retentionDays: RETENTION_DAYS.consentHistory,
    });
    const row = draft?.build(keyed, at);
    expect(row).toMatchObject({ purpose: 'transaction-offers', status: 'withdrawn', applied: true });
    expect(row?.record_id).toBe(keyed.ref(consent.recordId));
    expect(() => draft?.build(undefined, at)).toThrow(ArchiveRecordError);
  });

  it("does not archive an erasure's move of a consent entry to its pseudonym again", () => {
    expect(pseudonymFor('e-1').startsWith(ERASURE_PSEUDONYM_PREFIX)).toBe(true);
    expect(rowDraftsOf(insert('consent-history', { ...consent, customerId: pseudonymFor('e-1') }))).toEqual(
      [],
    );
  });

  it('archives catalog transitions in clear, never heads or versions', () => {
    const transition = {
      pk: 'trigger#ticket-travel-insurance',
      sk: 'T#0000000002',
      kind: 'trigger',
      id: 'ticket-travel-insurance',
      version: 1,
      seq: 2,
      action: 'approve',
      from: 'in_review',
      to: 'approved',
      by: 'officer',
      role: 'privacy-officer',
      at: '2026-11-30T10:00:00.000Z',
      contentHash: 'x',
    };
    const [draft] = rowDraftsOf(insert('catalog', transition));
    expect(draft).toMatchObject({ customerId: undefined, retentionDays: CATALOG_TRANSITION_RETENTION_DAYS });
    expect(draft?.build(undefined, at)).toMatchObject({
      record_id: 'trigger#ticket-travel-insurance#T#0000000002',
      customer_ref: null,
      item_id: 'trigger#ticket-travel-insurance',
      transition: 'approve',
    });
    expect(rowDraftsOf(insert('catalog', { ...transition, sk: 'HEAD' }))).toEqual([]);
    expect(rowDraftsOf(insert('catalog', { ...transition, sk: 'V#0000000001' }))).toEqual([]);
  });

  it('archives erasures in clear and refuses one that names a customer', () => {
    const entry = {
      erasureId: 'er-1',
      at: '2026-11-30T10:00:00.000Z',
      requestedBy: 'po',
      report: {},
      ttl: 1,
    };
    const [draft] = rowDraftsOf(insert('erasure-log', entry));
    expect(draft?.build(undefined, at)).toMatchObject({ record_id: 'er-1', customer_ref: null });
    expect(() => rowDraftsOf(insert('erasure-log', { ...entry, customerId: 'c-1' }))).toThrow(
      ArchiveRecordError,
    );
  });

  it('seals an access-log entry that names a customer, and keeps the others in clear', () => {
    const entry = {
      day: '2026-11-30',
      accessId: '2026-11-30T10:00:00.000Z#u',
      at: '2026-11-30T10:00:00.000Z',
      who: 'po',
      via: 'http',
      query: 'suppressed',
      parameters: { reason: 'no_consent' },
      ttl: 1,
    };
    const [clear] = rowDraftsOf(insert('audit-access-log', entry));
    expect(clear?.customerId).toBeUndefined();
    expect(clear?.build(undefined, at)).toMatchObject({ record_id: entry.accessId, query: 'suppressed' });
    const [named] = rowDraftsOf(
      insert('audit-access-log', {
        ...entry,
        query: 'history',
        parameters: { customerId: 'c-1' },
        customerId: 'c-1',
      }),
    );
    expect(named?.customerId).toBe('c-1');
    expect(named?.build(keyed, at)).toMatchObject({ customer_ref: keyed.customerRef, query: 'history' });
  });
});
