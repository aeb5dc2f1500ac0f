import { describe, expect, it } from 'vitest';
import { describeAccess, formatNothing, readPage } from '#local/audit/access-log.js';
import { LocalRuntimeError } from '#local/errors.js';
import { type AccessLogQueries, AccessLogReadError } from '#privacy/access-log.query.js';

const failingWith = (error: Error) =>
  ({
    read: async () => {
      throw error;
    },
  }) as unknown as AccessLogQueries;
const ME = { who: 'local:me', via: 'cli' as const };

describe('audit access-log (CLI)', () => {
  it('names what was read: the command or route and its filters', () => {
    expect(
      describeAccess({
        accessId: 'a',
        at: 'x',
        who: 'w',
        via: 'cli',
        query: 'access-log',
        parameters: { customerId: 'c 1', limit: 50, continued: false },
      }),
    ).toBe('access-log customerId="c 1" limit=50 continued=false');
    expect(
      describeAccess({ accessId: 'a', at: 'x', who: 'w', via: 'http', query: 'history', parameters: {} }),
    ).toBe('history');
  });

  it('an empty answer is said in words, naming whom or what it was about, never an empty table', () => {
    const filters = 'actor any, customer c-9, from x, to y';
    expect(formatNothing({ customerId: 'c-9' }, filters)).toBe(
      `Nobody read the data of customer c-9 in this period: the audit access log has no entry (${filters}). This read is recorded.\n`,
    );
    const byActor = formatNothing({ actor: 'nosuch' }, 'actor nosuch');
    expect(byActor).toMatch(/^'nosuch' read nothing in this period/);
    expect(byActor).toContain('an actor is local:<OS user> for this command');
    expect(formatNothing({}, 'f')).toMatch(/^Nobody read anything in this period/);
  });

  it('a folder whose access log predates its indexes gets advice, not a stack trace', async () => {
    const missing = new AccessLogReadError('The audit access log could not be read', {
      cause: new Error('The table does not have the specified index: byCustomer'),
    });
    const refusal = readPage(failingWith(missing), ME, { customerId: 'c-1' });
    await expect(refusal).rejects.toThrow(LocalRuntimeError);
    await expect(refusal).rejects.toThrow(/predates its byActor and byCustomer indexes.*new --data-dir/s);
    const other = new AccessLogReadError('The audit access log could not be read', {
      cause: new Error('timeout'),
    });
    await expect(readPage(failingWith(other), ME, {})).rejects.toBe(other);
  });
});
