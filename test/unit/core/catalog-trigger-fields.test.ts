import { describe, expect, it } from 'vitest';
import { type CatalogInput, triggerPriority } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { seedWithTrigger } from '#test/support/catalog-content.js';

/**
 * Trigger fields of issue 12: approvals are no longer written in a trigger (the lifecycle records them),
 * and the later-issue fields priority and dpiaReference are optional and validated. The explanation, required
 * since issue 13, has its own tests (catalog-explanation.test.ts).
 */

const FILE = 'catalog/triggers/ticket-travel-insurance.json';

const withTicket = (change: (trigger: Record<string, unknown>) => void): CatalogInput =>
  seedWithTrigger(FILE, change);

function errorsOf(input: CatalogInput): readonly string[] {
  const result = parseCatalog(input);
  if (result.ok) throw new Error('expected the catalog to be invalid');
  return result.errors;
}

function ticketOf(input: CatalogInput) {
  const result = parseCatalog(input);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const ticket = result.catalog.triggers.find((t) => t.id === 'ticket-travel-insurance');
  if (ticket === undefined) throw new Error('no ticket trigger');
  return ticket;
}

describe('approvals written in a trigger', () => {
  it('are refused, each with one sentence that says where approval lives, whatever their value', () => {
    for (const [approvedBy, approvedAt] of [
      [
        'Privacy Officer (seed catalog; record the approving officer of your bank before go-live)',
        '2026-11-21',
      ],
      ['', 'yesterday'],
      [42, null],
    ]) {
      const input = withTicket((t) => {
        t.approvedBy = approvedBy;
        t.approvedAt = approvedAt;
      });
      expect(errorsOf(input)).toEqual([
        `${FILE}: approvedBy: approvals are recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field`,
        `${FILE}: approvedAt: the approval time is recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field`,
      ]);
    }
  });

  it('are refused alongside the trigger’s other problems, not instead of them', () => {
    const errors = errorsOf(
      withTicket((t) => {
        t.approvedBy = 'Privacy Officer';
        t.version = 0;
      }),
    );
    expect(errors).toEqual([
      `${FILE}: approvedBy: approvals are recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field`,
      `${FILE}: version: expected a whole number from 1 up, bumped on every change, got 0`,
    ]);
  });

  it('appear in no seed trigger', () => {
    for (const t of SEED_CATALOG_INPUT.triggers) {
      expect(t.content, t.file).not.toHaveProperty('approvedBy');
      expect(t.content, t.file).not.toHaveProperty('approvedAt');
    }
  });
});

describe('trigger sources that are not files', () => {
  it('a governed version ("trigger:<id>@<version>") needs no file name, and problems name its label', () => {
    const governed = (content: Record<string, unknown>) => ({
      ...SEED_CATALOG_INPUT,
      triggers: SEED_CATALOG_INPUT.triggers.map((t) =>
        t.file === FILE ? { file: 'trigger:ticket-travel-insurance@3', content } : t,
      ),
    });
    const ticket = structuredClone(
      SEED_CATALOG_INPUT.triggers.find((t) => t.file === FILE)?.content,
    ) as Record<string, unknown>;
    expect(parseCatalog(governed(ticket)).ok).toBe(true);
    expect(errorsOf(governed({ ...ticket, approvedBy: 'Privacy Officer' }))).toEqual([
      'trigger:ticket-travel-insurance@3: approvedBy: approvals are recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field',
    ]);
  });
});

describe('priority', () => {
  it('is optional and reads as 0 when absent', () => {
    const ticket = ticketOf(withTicket((t) => delete t.priority));
    expect(ticket.priority).toBeUndefined();
    expect(triggerPriority(ticket)).toBe(0);
  });

  it('is a whole number from -1000 to 1000', () => {
    for (const priority of [-1000, -1, 0, 7, 1000]) {
      expect(triggerPriority(ticketOf(withTicket((t) => Object.assign(t, { priority }))))).toBe(priority);
    }
    for (const [priority, found] of [
      [1001, '1001'],
      [-1001, '-1001'],
      [1.5, '1.5'],
      ['high', '"high"'],
    ] as const) {
      expect(errorsOf(withTicket((t) => Object.assign(t, { priority })))).toEqual([
        `${FILE}: priority: expected a whole number from -1000 to 1000 (default 0; the highest wins), got ${found}`,
      ]);
    }
  });
});

describe('dpiaReference', () => {
  it('is optional prose', () => {
    expect(ticketOf(SEED_CATALOG_INPUT).dpiaReference).toBeUndefined();
    expect(
      ticketOf(withTicket((t) => Object.assign(t, { dpiaReference: 'DPIA-2026-014' }))).dpiaReference,
    ).toBe('DPIA-2026-014');
    expect(errorsOf(withTicket((t) => Object.assign(t, { dpiaReference: ' ' })))).toEqual([
      `${FILE}: dpiaReference: expected a non-empty text of at most 2000 characters, got " "`,
    ]);
  });
});
