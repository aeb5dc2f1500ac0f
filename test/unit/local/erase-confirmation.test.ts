import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmErasure, formatErasure, NO_CONFIRMATION } from '#local/audit/erase.js';
import { LocalRuntimeError } from '#local/errors.js';
import type { ErasurePreview } from '#privacy/erasure.js';

/** A terminal (or not) whose user types `typed` (undefined: closes the input without typing). */
function terminal(isTTY: boolean, typed?: string) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  setImmediate(() => {
    if (typed === undefined) input.end();
    else input.write(`${typed}\n`);
  });
  return { io: { input, output }, shown: () => shown };
}

describe('audit erase: the confirmation before an irreversible erasure', () => {
  it('--yes needs no terminal and no typing', async () => {
    const t = terminal(false);
    await expect(confirmErasure('c-1', { yes: true }, t.io)).resolves.toBeUndefined();
    expect(t.shown()).toBe('');
  });

  it('without a terminal and without --yes: refused, saying what to do', async () => {
    const t = terminal(false, 'c-1');
    const refusal = confirmErasure('c-1', {}, t.io);
    await expect(refusal).rejects.toThrow(LocalRuntimeError);
    await expect(refusal).rejects.toThrow(NO_CONFIRMATION);
    expect(NO_CONFIRMATION).toMatch(/--yes.*--dry-run.*Nothing was read or changed/s);
  });

  it('on a terminal, typing the customer id exactly confirms', async () => {
    const t = terminal(true, 'c 1/ü');
    await expect(confirmErasure('c 1/ü', {}, t.io)).resolves.toBeUndefined();
    expect(t.shown()).toContain('Type the customer id');
    expect(t.shown()).toContain('"c 1/ü"');
  });

  it.each([
    ['another id', 'c-2'],
    ['the id with a trailing space', 'c-1 '],
    ['a yes', 'y'],
    ['nothing', ''],
  ])('on a terminal, typing %s cancels', async (_what, typed) => {
    const t = terminal(true, typed);
    await expect(confirmErasure('c-1', {}, t.io)).rejects.toThrow(
      /Not confirmed.*nothing was read or changed/,
    );
  });

  it('on a terminal, closing the input (Ctrl-D) cancels', async () => {
    const t = terminal(true);
    await expect(confirmErasure('c-1', {}, t.io)).rejects.toThrow(/Not confirmed/);
  });
});

describe('audit erase --dry-run: the preview report', () => {
  const preview: ErasurePreview = {
    dryRun: true,
    at: '2026-07-10T08:00:00.000Z',
    requestedBy: 'local:officer',
    removed: [
      { kind: 'offer', count: 2, how: 'deleted' },
      { kind: 'decisionEmitted', count: 1, how: 'deleted' },
    ],
    kept: [
      {
        kind: 'decisionEmitted',
        count: 1,
        until: '2028-07-09T08:00:00.000Z',
        why: 'accountability',
        linkedToCustomer: false,
      },
    ],
    keptUntil: '2028-07-09T08:00:00.000Z',
    notSearched: [],
    archive: {
      key: 'present',
      searched: { fromDay: '2026-05-29', toDay: '2026-07-11' },
      kinds: [],
      notYetArchived: { hotCopiesExpireBy: '2026-08-14T08:00:00.000Z', why: 'lag' },
      summary: ["The customer's archive key would be destroyed."],
    },
    pseudonymises: true,
  };

  it('is titled as a preview that changed nothing, in the shape of the report', () => {
    const text = formatErasure(preview);
    expect(text.split('\n')[0]).toMatch(/^PREVIEW \(dry run\).*NOTHING WAS CHANGED/);
    expect(text).toContain('Would be removed');
    expect(text).toMatch(/offer\s+deleted\s+2/);
    expect(text).toContain('Would be kept');
    expect(text).toMatch(/decisionEmitted\s+1\s+2028-07-09T08:00:00.000Z\s+no/);
    expect(text).toContain(
      "Archive (what the erasure would do)\n  The customer's archive key would be destroyed.",
    );
    expect(text).toContain('new random pseudonym');
    expect(text).not.toMatch(/^Erasure /m);
  });
});
