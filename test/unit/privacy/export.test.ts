import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '#privacy/access-log.js';
import {
  csvField,
  csvHeader,
  EXPORT_COLUMNS,
  exportSuppressed,
  jsonlLine,
  toCsv,
  toJsonl,
} from '#privacy/export.js';
import { PrivacyQueries, type SuppressedRecord } from '#privacy/queries.js';
import { ReaderBackedArchive } from '#test/support/archived-privacy.js';
import { parseCsv } from '#test/support/csv.js';
import {
  InMemoryAccessLog,
  InMemoryPrivacyReader,
  suppressedDecision,
} from '#test/support/in-memory-privacy.js';

/** A CSV row back into a record (reasons split on `;`, the version a number, empty fields absent). */
function fromRow(row: readonly string[]): SuppressedRecord {
  const record: Record<string, unknown> = {};
  EXPORT_COLUMNS.forEach((column, i) => {
    const value = row[i] ?? '';
    if (column === 'reasons') record.reasons = value === '' ? [] : value.split(';');
    else if (value === '') return;
    else if (column === 'triggerVersion') record.triggerVersion = Number(value);
    else record[column] = value;
  });
  return record as unknown as SuppressedRecord;
}

const tricky = [
  'plain',
  'with,comma',
  'with "quotes"',
  'line\nbreak',
  'cr\rlf\r\n',
  '',
  ' spaced ',
  '=1+2',
  'ünïcødé ✓',
];

const recordArb = fc.record(
  {
    decisionId: fc.stringMatching(/^d_[0-9a-f]{32}$/),
    decidedAt: fc.constant('2026-07-03T18:22:05.123Z'),
    eventId: fc.oneof(fc.constantFrom(...tricky), fc.string({ minLength: 1 })),
    customerId: fc.oneof(fc.constantFrom(...tricky.filter((t) => t !== '')), fc.string({ minLength: 1 })),
    triggerId: fc.constantFrom('card-abroad-worldwide-cover', 'large-purchase-credit-card'),
    triggerVersion: fc.integer({ min: 1, max: 99 }),
    offerId: fc.constantFrom('credit-card', 'worldwide-travel-cover'),
    reasons: fc.subarray(['customer_excluded', 'no_consent', 'unsuitable'] as const, { minLength: 1 }),
    consentRegime: fc.constantFrom('opt-in', 'opt-out'),
    policyVersion: fc.constant('policy=1;regime=opt-in;cap=2/7d'),
    occurredAt: fc.constant('2026-07-03T14:22:05-04:00'),
  },
  { requiredKeys: ['decisionId', 'decidedAt', 'reasons', 'policyVersion'] },
);

describe('CSV export (RFC 4180)', () => {
  it('quotes exactly the fields that need it and doubles quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('with,comma')).toBe('"with,comma"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
    expect(csvField(' spaced ')).toBe(' spaced ');
  });

  it('has a fixed header, CRLF line ends, reasons joined with ; and empty fields for absent values', () => {
    const sensitive: SuppressedRecord = {
      decisionId: `d_${'0'.repeat(32)}`,
      decidedAt: '2026-07-03T18:22:05.000Z',
      eventId: 'evt-1',
      customerId: 'c-1',
      reasons: ['sensitive_category'],
      policyVersion: 'p;1',
    };
    const multi: SuppressedRecord = {
      decisionId: `d_${'1'.repeat(32)}`,
      decidedAt: '2026-07-03T18:22:05.000Z',
      eventId: 'evt-2',
      customerId: 'c,2',
      triggerId: 'large-purchase-credit-card',
      triggerVersion: 1,
      offerId: 'credit-card',
      reasons: ['customer_excluded', 'unsuitable'],
      consentRegime: 'opt-in',
      policyVersion: 'p;1',
      occurredAt: '2026-07-03T14:22:05-04:00',
    };
    expect(toCsv([sensitive, multi])).toBe(
      'decidedAt,decisionId,eventId,customerId,triggerId,triggerVersion,offerId,reasons,consentRegime,policyVersion,occurredAt,unlinkable,decidedHour,paidHour\r\n' +
        `2026-07-03T18:22:05.000Z,d_${'0'.repeat(32)},evt-1,c-1,,,,sensitive_category,,p;1,,,,\r\n` +
        `2026-07-03T18:22:05.000Z,d_${'1'.repeat(32)},evt-2,"c,2",large-purchase-credit-card,1,credit-card,customer_excluded;unsuitable,opt-in,p;1,2026-07-03T14:22:05-04:00,,,\r\n`,
    );
    // A record of an erased customer: no ids, no customer, its hours only.
    expect(
      toCsv(
        [
          {
            unlinkable: true,
            decidedHour: '2026-07-03T18',
            triggerId: 't',
            reasons: ['no_consent'],
            policyVersion: 'p',
          },
        ],
        { header: false },
      ),
    ).toBe(',,,,t,,,no_consent,,p,,true,2026-07-03T18,\r\n');
    expect(csvHeader()).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(toCsv([], { header: false })).toBe('');
  });

  it('round-trips any records through an independent RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        const rows = parseCsv(toCsv(records));
        expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
        for (const row of rows) expect(row).toHaveLength(EXPORT_COLUMNS.length);
        expect(rows.slice(1).map(fromRow)).toEqual(
          records.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ''))),
        );
      }),
    );
  });
});

describe('JSONL export', () => {
  it('one object per line, keys in the column order, round-trips', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        const text = toJsonl(records);
        const lines = text.split('\n');
        expect(lines.at(-1)).toBe('');
        const parsed = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(parsed).toEqual(records);
        for (const object of parsed) {
          const keys = Object.keys(object);
          expect(keys).toEqual(EXPORT_COLUMNS.filter((c) => keys.includes(c)));
        }
      }),
    );
    expect(jsonlLine({ reasons: ['no_consent'], policyVersion: 'p', decidedAt: 'x', decisionId: 'd' })).toBe(
      '{"decidedAt":"x","decisionId":"d","reasons":["no_consent"],"policyVersion":"p"}\n',
    );
  });
});

describe('exportSuppressed', () => {
  it('writes every page once, the CSV header once, each page a logged query', async () => {
    const reader = new InMemoryPrivacyReader();
    for (let i = 0; i < 23; i++) {
      reader.addDecision(
        suppressedDecision({
          eventId: `e-${i}`,
          decidedAt: `2026-07-0${1 + (i % 3)}T10:00:00.000Z`,
          triggerId: 'alpha',
          reasons: ['no_consent'],
          customerId: i % 2 ? 'c,"odd"' : 'c-even',
        }),
      );
    }
    const log = new InMemoryAccessLog();
    const queries = new PrivacyQueries({
      reader,
      archive: new ReaderBackedArchive(reader),
      accessLog: log,
      triggerIds: ['alpha'],
      now: () => new Date(),
    });
    const caller: Caller = { who: 'local:test', via: 'cli' };
    const chunks: string[] = [];
    const result = await exportSuppressed(queries, caller, { limit: 5 }, 'csv', (chunk) => {
      chunks.push(chunk);
    });
    const rows = parseCsv(chunks.join(''));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.slice(1).map((r) => r[1])).size).toBe(23);
    expect(result).toMatchObject({ records: 23, pages: 5 });
    expect(result.counts?.total).toBe(23);
    expect(log.entries).toHaveLength(5);
    expect(log.entries.map((e) => e.parameters.format)).toEqual(Array(5).fill('csv'));

    const jsonl: string[] = [];
    await exportSuppressed(queries, caller, { limit: 50 }, 'jsonl', (chunk) => {
      jsonl.push(chunk);
    });
    const objects = jsonl
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customerId: string });
    expect(objects).toHaveLength(23);
    expect(objects.filter((o) => o.customerId === 'c,"odd"')).toHaveLength(11);
  });
});
