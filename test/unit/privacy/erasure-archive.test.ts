import { describe, expect, it } from 'vitest';
import { hotCopiesOf, searchedDays, TTL_DELETION_MARGIN_DAYS } from '#privacy/erasure-archive.js';

describe('the archive half of an erasure', () => {
  it('searches the days hot copies can still exist: the hot window, the TTL deletion margin, and tomorrow', () => {
    const now = new Date('2026-07-10T23:30:00.000Z');
    expect(TTL_DELETION_MARGIN_DAYS).toBe(7);
    expect(searchedDays(now, 35)).toEqual({ fromDay: '2026-05-29', toDay: '2026-07-11' });
    expect(searchedDays(now, 1)).toEqual({ fromDay: '2026-07-02', toDay: '2026-07-11' });
  });

  it('deletes each hot item once, led by its most telling kind, counting every record it holds', () => {
    const until = '2028-07-10T08:00:00.000Z';
    expect(
      hotCopiesOf([
        { hotKey: 'ev_1', kind: 'decisionSuppressed', archivedUntil: until },
        { hotKey: 'ev_1', kind: 'decisionEmitted', archivedUntil: until },
        { hotKey: 'w_1', kind: 'offerWithdrawal', archivedUntil: until },
        { hotKey: 'ev_1', kind: 'decisionSuppressed', archivedUntil: until },
      ]),
    ).toEqual([
      {
        id: 'ev_1',
        kind: 'decisionEmitted',
        records: ['decisionSuppressed', 'decisionEmitted', 'decisionSuppressed'],
      },
      { id: 'w_1', kind: 'offerWithdrawal', records: ['offerWithdrawal'] },
    ]);
  });
});
