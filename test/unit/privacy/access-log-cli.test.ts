import { describe, expect, it } from 'vitest';
import { describeAccess, readPage } from '../../../infra/local/audit/access-log.js';
import { LocalRuntimeError } from '../../../infra/local/errors.js';
import { type AccessLogQueries, AccessLogReadError } from '../../../shared/privacy/access-log.query.js';

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
