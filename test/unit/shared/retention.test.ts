import { describe, expect, it } from 'vitest';
import { auditItem } from '#adapters/dynamodb/decision-writer.js';
import { OFFER_EVENT_RETENTION_DAYS } from '#adapters/dynamodb/offer-events-store.js';
import { MAX_COOLDOWN_DAYS, MAX_VALIDITY_DAYS } from '#core/catalog/schemas.js';
import { seedCatalog } from '#core/catalog/seed.js';
import { DEFAULT_STALE_EVENT_HORIZON_DAYS } from '#core/clock-guard.js';
import { OUTCOMES } from '#core/decision.js';
import { app } from '#infra/definitions.js';
import { ACCESS_LOG_RETENTION_DAYS } from '#privacy/access-log.js';
import {
  DAY_SECONDS,
  DEFAULT_HOT_AUDIT_DAYS,
  hotTtlFor,
  RETENTION,
  RETENTION_DAYS,
  RETENTION_TABLE,
  type RetentionKind,
  ttlEpoch,
  ttlFor,
  WITHOUT_TTL,
} from '#shared/retention.js';

const kinds = Object.keys(RETENTION) as RetentionKind[];
const untimed = Object.keys(WITHOUT_TTL) as Array<keyof typeof WITHOUT_TTL>;

describe('the retention config', () => {
  it('maps at least one record kind to every table that has a TTL attribute', () => {
    const mapped = new Set(Object.values(RETENTION_TABLE));
    const withTtl = app.tables.filter((t) => t.ttlAttribute !== undefined).map((t) => t.name);
    expect(withTtl.length).toBeGreaterThan(0);
    for (const table of withTtl) expect(mapped, `no record kind for table "${table}"`).toContain(table);
  });

  it('maps each kind with a period to an existing table whose TTL attribute is `ttl`', () => {
    for (const kind of kinds) {
      const table = app.tables.find((t) => t.name === RETENTION_TABLE[kind]);
      expect(table, `${kind}: table ${RETENTION_TABLE[kind]}`).toBeDefined();
      expect(table?.ttlAttribute, `${kind}: TTL attribute of ${RETENTION_TABLE[kind]}`).toBe('ttl');
    }
  });

  it('covers every table that holds customer data, with a period or as current state without TTL', () => {
    const covered = new Set<string>([
      ...Object.values(RETENTION_TABLE),
      ...untimed.map((kind) => WITHOUT_TTL[kind].table),
    ]);
    for (const table of app.tables.filter((t) => t.holdsCustomerData)) {
      expect(covered, `table "${table.name}" has no retention rule`).toContain(table.name);
    }
    for (const kind of untimed) {
      const table = app.tables.find((t) => t.name === WITHOUT_TTL[kind].table);
      expect(table?.ttlAttribute, `${kind} is declared without TTL`).toBeUndefined();
    }
  });

  it.each(kinds)('%s: a positive whole number of days, derived into RETENTION_DAYS', (kind) => {
    expect(Number.isInteger(RETENTION[kind].days)).toBe(true);
    expect(RETENTION[kind].days).toBeGreaterThan(0);
    expect(RETENTION_DAYS[kind]).toBe(RETENTION[kind].days);
  });

  it.each(kinds)('%s: justified (purpose, legal basis, proportionality, start, erasure)', (kind) => {
    const rule = RETENTION[kind];
    for (const text of [rule.purpose, rule.legalBasis, rule.proportionality, rule.onErasure.why]) {
      expect(text.trim().length).toBeGreaterThan(10);
    }
    expect(rule.from.trim()).not.toBe('');
  });

  it.each(untimed)('%s (no TTL): justified, and deleted on erasure', (kind) => {
    const rule = WITHOUT_TTL[kind];
    for (const text of [
      rule.purpose,
      rule.legalBasis,
      rule.proportionality,
      rule.until,
      rule.onErasure.why,
    ]) {
      expect(text.trim().length).toBeGreaterThan(10);
    }
    expect(rule.onErasure.action).toBe('delete');
  });

  it('has a decision kind for every outcome, each in the audit table, as the decision writer stamps it', () => {
    const kindOf = {
      emitted: 'decisionEmitted',
      suppressed: 'decisionSuppressed',
      no_trigger: 'decisionNoTrigger',
      rejected: 'decisionRejected',
    } as const satisfies Record<(typeof OUTCOMES)[number], RetentionKind>;
    for (const outcome of OUTCOMES) {
      const kind = kindOf[outcome];
      expect(RETENTION_TABLE[kind]).toBe('audit');
      const decidedAt = '2026-07-03T18:22:05.000Z';
      const decision = {
        decisionId: 'd_0123456789abcdef0123456789abcdef',
        outcome,
        reasons: [],
        decidedAt,
        policyVersion: 'p1',
      };
      // The hot table keeps it the shorter of its period and HOT_AUDIT_DAYS; the archive the full period.
      for (const hotDays of [DEFAULT_HOT_AUDIT_DAYS, 3650]) {
        const days = Math.min(RETENTION_DAYS[kind], hotDays);
        expect(auditItem(decision, undefined, hotDays).ttl).toBe(
          Date.parse(decidedAt) / 1000 + days * DAY_SECONDS,
        );
      }
    }
  });

  it('crypto-shreds every audit kind (archive), pseudonymises the consent history, deletes the operational state', () => {
    for (const kind of [
      'decisionEmitted',
      'decisionSuppressed',
      'offerWithdrawal',
      'decisionNoTrigger',
      'decisionRejected',
    ] as const) {
      expect(RETENTION[kind].onErasure.action, kind).toBe('crypto-shred');
      expect(RETENTION[kind].onErasure.why, kind).toContain('hot copies');
      expect(RETENTION[kind].onErasure.why, kind).toContain('key is destroyed');
    }
    expect(RETENTION.consentHistory.onErasure.action).toBe('pseudonymise');
    expect(RETENTION.consentHistory.onErasure.why).toContain('crypto-shredded');
    for (const kind of ['offer', 'offerEvent', 'contactPolicy'] as const) {
      expect(RETENTION[kind].onErasure.action).toBe('delete');
    }
  });

  it('the writers outside the pipeline use the configured periods', () => {
    expect(OFFER_EVENT_RETENTION_DAYS).toBe(RETENTION_DAYS.offerEvent);
    expect(ACCESS_LOG_RETENTION_DAYS).toBe(RETENTION_DAYS.accessLog);
  });

  it('no catalog offer is valid longer than the offer period, nor cools down longer than contact state lives', () => {
    const offers = [...seedCatalog().offers.values()];
    expect(offers.length).toBeGreaterThan(0);
    for (const offer of offers) {
      expect(offer.validityDays, offer.offerId).toBeLessThanOrEqual(RETENTION_DAYS.offer);
      expect(offer.cooldownDays, offer.offerId).toBeLessThanOrEqual(RETENTION_DAYS.contactPolicy);
    }
  });

  it('periods are proportional to one another: derived records never outlive what they prove', () => {
    // Operational state lives shorter than the audit that proves it; consent proof outlives the decisions.
    expect(RETENTION_DAYS.offer).toBeLessThan(RETENTION_DAYS.decisionEmitted);
    expect(RETENTION_DAYS.decisionNoTrigger).toBeLessThan(RETENTION_DAYS.decisionSuppressed);
    expect(RETENTION_DAYS.consentHistory).toBeGreaterThanOrEqual(RETENTION_DAYS.decisionEmitted);
    expect(RETENTION_DAYS.offerWithdrawal).toBe(RETENTION_DAYS.decisionEmitted);
    expect(RETENTION_DAYS.accessLog).toBeLessThanOrEqual(RETENTION_DAYS.consentHistory);
  });
});

describe('hotTtlFor: the hot window of the audit table (issue 15)', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const epoch = Date.parse('2026-01-01T00:00:00Z') / 1000;

  it("is the shorter of the kind's period and the hot days", () => {
    expect(hotTtlFor('decisionEmitted', from, DEFAULT_HOT_AUDIT_DAYS)).toBe(epoch + 35 * DAY_SECONDS);
    expect(hotTtlFor('decisionNoTrigger', from, 200)).toBe(epoch + 90 * DAY_SECONDS);
    expect(hotTtlFor('offerWithdrawal', from, 31)).toBe(epoch + 31 * DAY_SECONDS);
  });

  it("outlives the stale horizon by default: the hot item is the event's claim", () => {
    expect(DEFAULT_HOT_AUDIT_DAYS).toBeGreaterThanOrEqual(DEFAULT_STALE_EVENT_HORIZON_DAYS + 1);
  });
});

describe('ttlEpoch', () => {
  it('is whole epoch seconds, `days` after the instant', () => {
    const from = new Date('2026-07-03T18:22:05.999Z');
    expect(ttlEpoch(from, 1)).toBe(Math.floor(from.getTime() / 1000) + 86_400);
    expect(ttlEpoch(from, 0)).toBe(1_783_102_925);
    expect(Number.isInteger(ttlEpoch(from, 730))).toBe(true);
  });

  it('ttlFor uses the configured period of the kind', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    expect(ttlFor('consentHistory', from)).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000 + 1_825 * 86_400);
    expect(ttlFor('decisionNoTrigger', from)).toBe(ttlEpoch(from, RETENTION_DAYS.decisionNoTrigger));
  });
});

describe('the catalog stays within the retention periods', () => {
  it('offer validity and cooldowns cannot outlive the records that hold them', () => {
    expect(MAX_VALIDITY_DAYS).toBe(RETENTION_DAYS.offer);
    expect(MAX_COOLDOWN_DAYS).toBe(RETENTION_DAYS.contactPolicy);
  });
});
