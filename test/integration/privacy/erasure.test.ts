import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '#api/problem.js';
import type { Decision } from '#core/decision.js';
import { LOCAL_GATEWAY_CALLER } from '#privacy/access-log.js';
import { type ErasureReport, pseudonymousRecordId } from '#privacy/erasure.js';
import { atmAbroad, groceries } from '#test/integration/support/events.js';
import { customer, nextEventId, PipelineHarness } from '#test/integration/support/pipeline.js';
import { eventually } from '#test/integration/support/wait.js';

const EUROPE_COVER = { holdings: ['current-account' as const, 'travel-insurance-europe' as const] };
const ERASED = 'erase-me-7c1f';
const BYSTANDER = 'stays-4d2e';

const pharmacy = (customerId: string) => ({
  ...groceries(customerId),
  eventId: nextEventId('erase-pharmacy'),
  merchant: { name: 'Apotheek', mcc: '5912', country: 'NL', city: 'Utrecht' },
});
/** Valid ids, invalid MCC: rejected, and the decision still names the customer. */
const malformed = (customerId: string) => ({
  ...groceries(customerId),
  eventId: nextEventId('erase-bad'),
  merchant: { name: 'Somewhere', mcc: '54', country: 'NL' },
});

describe('erasure of a customer through the privacy API', () => {
  let pipeline: PipelineHarness;
  const decisions: Record<string, Decision> = {};
  let offerInstanceId = '';
  let bystanderOffer = '';
  let first: ErasureReport;
  /** The consent-history entry as stored before the erasure. */
  let evidenceBefore: Record<string, unknown> = {};

  const docs = () => pipeline.documents;
  const query = async (TableName: string, key: string, value: string, IndexName?: string) =>
    (
      await docs().send(
        new QueryCommand({
          TableName,
          ...(IndexName === undefined ? {} : { IndexName }),
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
        }),
      )
    ).Items ?? [];
  const get = async (TableName: string, Key: Record<string, string>) =>
    (await docs().send(new GetCommand({ TableName, Key }))).Item;

  async function erase(customerId: string) {
    const response = await fetch(
      `${pipeline.runtime.endpoints.http}/privacy/customers/${encodeURIComponent(customerId)}/erasure`,
      { method: 'POST' },
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.json(),
    };
  }

  const one = async (event: { eventId: string }, outcome: Decision['outcome']) => {
    const found = await pipeline.decide(event);
    expect(found.map((d) => d.outcome)).toEqual([outcome]);
    return found[0] as Decision;
  };

  beforeAll(async () => {
    pipeline = await PipelineHarness.start();
    await pipeline.loadCustomers([customer(ERASED, EUROPE_COVER), customer(BYSTANDER, EUROPE_COVER)]);

    decisions.emitted = await one(atmAbroad(ERASED, '2026-07-03T14:22:05-04:00'), 'emitted');
    offerInstanceId = String(decisions.emitted.offerInstanceId);
    // The same offer again within its cooldown: suppressed by the contact policy.
    decisions.capped = await one(atmAbroad(ERASED, '2026-07-05T09:00:00-04:00'), 'suppressed');
    decisions.sensitive = await one(pharmacy(ERASED), 'suppressed');
    decisions.noTrigger = await one(groceries(ERASED), 'no_trigger');
    decisions.rejected = await one(malformed(ERASED), 'rejected');
    bystanderOffer = String(
      (await one(atmAbroad(BYSTANDER, '2026-07-03T15:00:00-04:00'), 'emitted')).offerInstanceId,
    );

    // The banner service reports the offer as shown.
    const shown = await fetch(
      `${pipeline.runtime.endpoints.http}/customers/${ERASED}/offers/${offerInstanceId}/events`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventId: 'banner-ev-1', type: 'shown' }),
      },
    );
    expect(shown.status).toBeLessThan(300);

    // The customer withdraws consent: the offer is withdrawn (an audit record), the change is evidence.
    await pipeline.sendTo('consent-changes', {
      customerId: ERASED,
      purpose: 'transaction-offers',
      status: 'withdrawn',
      at: '2026-07-08T09:00:00Z',
      source: 'app-privacy-settings',
      noticeVersion: '2026-01',
    });
    await eventually(async () => {
      const [offer] = await pipeline.offersOf(ERASED);
      return offer?.status === 'withdrawn' ? true : undefined;
    });
    await pipeline.runtime.idle(20_000);

    // Everything the test expects to be there before the erasure.
    expect((await query('customers', 'customerId', ERASED)).map((i) => i.sk).sort()).toEqual([
      'CONSENTS',
      'PROFILE',
    ]);
    expect(await get('contact-policy', { customerId: ERASED })).toBeDefined();
    expect(await query('offer-events', 'offerInstanceId', offerInstanceId)).toHaveLength(1);
    const evidence = await query('consent-history', 'customerId', ERASED);
    expect(evidence).toHaveLength(1);
    evidenceBefore = evidence[0] ?? {};
    expect(await query('audit', 'customerId', ERASED, 'byCustomer')).toHaveLength(6);

    const answered = await erase(ERASED);
    expect(answered.status).toBe(200);
    expect(answered.type).toBe('application/json');
    first = answered.body as ErasureReport;
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('deletes the profile, current consents, contact-policy state, offers and offer events', async () => {
    expect(await query('customers', 'customerId', ERASED)).toEqual([]);
    expect(await get('contact-policy', { customerId: ERASED })).toBeUndefined();
    expect(await query('offers', 'customerId', ERASED)).toEqual([]);
    expect(await query('offer-events', 'offerInstanceId', offerInstanceId)).toEqual([]);
  });

  it('deletes the no-trigger and rejected decisions, and keeps the others without the customer id', async () => {
    expect(await get('audit', { decisionId: decisions.noTrigger?.decisionId ?? '' })).toBeUndefined();
    expect(await get('audit', { decisionId: decisions.rejected?.decisionId ?? '' })).toBeUndefined();
    expect(await query('audit', 'customerId', ERASED, 'byCustomer')).toEqual([]);

    const pseudonym = `erased:${first.erasureId}`;
    expect(first.pseudonym).toBe(pseudonym);
    const kept = await query('audit', 'customerId', pseudonym, 'byCustomer');
    expect(kept.map((r) => r.kind ?? r.outcome).sort()).toEqual([
      'emitted',
      'offer_withdrawal',
      'suppressed',
      'suppressed',
    ]);
    // Still explainable: outcome, reasons, trigger and gates as decided; only the link to the person is gone.
    const emitted = await get('audit', { decisionId: decisions.emitted?.decisionId ?? '' });
    expect(emitted).toMatchObject({
      ...decisions.emitted,
      customerId: pseudonym,
    });
    const capped = await get('audit', { decisionId: decisions.capped?.decisionId ?? '' });
    expect(capped).toMatchObject({ reasons: ['frequency_capped'], customerId: pseudonym });
    expect(JSON.stringify(kept)).not.toContain(ERASED);
  });

  it('keeps the consent history as proof of consent, under the pseudonym and a new record id', async () => {
    expect(await query('consent-history', 'customerId', ERASED)).toEqual([]);
    const pseudonym = `erased:${first.erasureId}`;
    const history = await query('consent-history', 'customerId', pseudonym);
    const { customerId: _, recordId: oldId, ...evidence } = evidenceBefore;
    expect(history).toEqual([
      {
        ...evidence,
        customerId: pseudonym,
        recordId: pseudonymousRecordId(String(oldId), pseudonym),
      },
    ]);
    expect(history[0]?.recordId).not.toBe(oldId);
    expect(history[0]).toMatchObject({ status: 'withdrawn' });
  });

  it('records each change to the audit and the consent history in the erasure log, by kind and count', async () => {
    const change = async (key: string) => get('erasure-log', { erasureId: `${first.erasureId}#${key}` });
    expect(await change('audit#deleted#0')).toMatchObject({
      entry: 'change',
      erasure: first.erasureId,
      table: 'audit',
      how: 'deleted',
      counts: { decisionNoTrigger: 1, decisionRejected: 1 },
    });
    expect(await change('audit#pseudonymised#0')).toMatchObject({
      counts: { decisionEmitted: 1, decisionSuppressed: 2, offerWithdrawal: 1 },
    });
    const consent = await change('consent-history#pseudonymised#0');
    expect(consent).toMatchObject({ table: 'consent-history', counts: { consentHistory: 1 } });
    expect(consent?.ttl).toBe(Math.floor(Date.parse(first.at) / 1000) + 1_825 * 86_400);
    const text = JSON.stringify([
      await change('audit#deleted#0'),
      await change('audit#pseudonymised#0'),
      consent,
    ]);
    expect(text).not.toContain(ERASED);
    expect(text).not.toContain(String(evidenceBefore.recordId));
    expect(text).not.toContain(decisions.noTrigger?.decisionId ?? 'never');
  });

  it('reports what it removed and how, and what it kept, until when and why', async () => {
    const removed = Object.fromEntries(first.removed.map((r) => [r.kind, `${r.count} ${r.how}`]));
    expect(removed).toEqual({
      customerProfile: '1 deleted',
      currentConsents: '1 deleted',
      contactPolicy: '1 deleted',
      offer: '1 deleted',
      offerEvent: '1 deleted',
      decisionNoTrigger: '1 deleted',
      decisionRejected: '1 deleted',
      decisionEmitted: '1 pseudonymised',
      decisionSuppressed: '2 pseudonymised',
      offerWithdrawal: '1 pseudonymised',
      consentHistory: '1 pseudonymised',
    });
    const [history] = await query('consent-history', 'customerId', `erased:${first.erasureId}`);
    const withdrawal = (await query('audit', 'customerId', `erased:${first.erasureId}`, 'byCustomer')).find(
      (r) => r.kind === 'offer_withdrawal',
    );
    const iso = (ttl: unknown) => new Date(Number(ttl) * 1000).toISOString();
    expect(first.kept).toEqual([
      expect.objectContaining({ kind: 'decisionEmitted', count: 1, linkedToCustomer: false }),
      expect.objectContaining({ kind: 'decisionSuppressed', count: 2, linkedToCustomer: false }),
      expect.objectContaining({ kind: 'offerWithdrawal', count: 1, until: iso(withdrawal?.ttl) }),
      expect.objectContaining({
        kind: 'consentHistory',
        count: 1,
        until: iso(history?.ttl),
        linkedToCustomer: false,
      }),
    ]);
    expect(first.keptUntil).toBe(iso(history?.ttl));
    // Through the local gateway: the caller every privacy read through it is logged with.
    expect(first.requestedBy).toBe(LOCAL_GATEWAY_CALLER);
  });

  it('leaves a record in the erasure log, without the customer id', async () => {
    const entry = await get('erasure-log', { erasureId: first.erasureId });
    expect(entry).toMatchObject({
      erasureId: first.erasureId,
      at: first.at,
      requestedBy: LOCAL_GATEWAY_CALLER,
      report: first,
    });
    expect(entry?.ttl).toBe(Math.floor(Date.parse(first.at) / 1000) + 1_825 * 86_400);
    expect(JSON.stringify(entry)).not.toContain(ERASED);
  });

  it('leaves every other customer as it was', async () => {
    expect(await query('customers', 'customerId', BYSTANDER)).toHaveLength(2);
    expect(await get('contact-policy', { customerId: BYSTANDER })).toBeDefined();
    expect((await query('offers', 'customerId', BYSTANDER)).map((o) => o.offerInstanceId)).toEqual([
      bystanderOffer,
    ]);
    expect(await query('audit', 'customerId', BYSTANDER, 'byCustomer')).toHaveLength(1);
  });

  it('a second erasure finds nothing left to remove, nothing linked to keep, and is logged', async () => {
    const auditBefore = await query('audit', 'customerId', `erased:${first.erasureId}`, 'byCustomer');
    const again = await erase(ERASED);
    expect(again.status).toBe(200);
    const report = again.body as ErasureReport;
    expect(report.erasureId).not.toBe(first.erasureId);
    expect(report.removed.filter((r) => r.count > 0)).toEqual([]);
    expect(report.kept).toEqual([]);
    expect(await query('audit', 'customerId', `erased:${first.erasureId}`, 'byCustomer')).toEqual(
      auditBefore,
    );
    expect(await get('erasure-log', { erasureId: report.erasureId })).toMatchObject({ report });
    expect(await get('erasure-log', { erasureId: first.erasureId })).toMatchObject({ report: first });
  });

  it('the runtime reported no handler errors (the offers stream saw the deletes too)', async () => {
    await pipeline.runtime.idle(20_000);
    expect(pipeline.errors).toEqual([]);
  });

  it('answers a bad customer id with a problem naming the field, and erases nothing', async () => {
    const answered = await erase('x'.repeat(65));
    expect(answered.status).toBe(400);
    expect(answered.type).toBe('application/problem+json');
    expect(ProblemSchema.parse(answered.body).errors).toEqual([
      expect.objectContaining({ field: 'customerId', in: 'path' }),
    ]);
  });
});
