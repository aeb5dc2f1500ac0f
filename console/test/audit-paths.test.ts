import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerIdFromParam, customerPath, decisionPath } from '../src/pages/audit/paths.js';

/**
 * What the hash router does between a link and a page's parameter: the location is `decodeURI`d when it
 * holds a `%` (wouter-preact's relativePath), then matched segment by segment (`[^/]+`).
 */
function routed(path: string): string | undefined {
  const location = path.includes('%') ? decodeURI(path) : path;
  const match = /^\/customers\/([^/]+)$/.exec(location);
  return match?.[1];
}

describe('customer links: any customer id reaches the customer page unchanged', () => {
  it('keeps plain ids readable, so #/customers/c-123 can be typed by hand', () => {
    expect(customerPath('c-123')).toBe('/customers/c-123');
    expect(customerIdFromParam('c-123')).toBe('c-123');
    expect(decisionPath('d_0123')).toBe('/decisions/d_0123');
  });

  it('round-trips ids with slashes, percent signs, spaces, # and ? and non-ASCII', () => {
    for (const id of ['a/b', '%41', '100%', 'a b', 'x#y?z=1', 'klant-é-ü', '%2F', '..', '💳']) {
      const param = routed(customerPath(id));
      expect(param).toBeDefined();
      expect(customerIdFromParam(param ?? '')).toBe(id);
    }
  });

  it('round-trips every well-formed id of 1 to 64 characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }), (id) => {
        const param = routed(customerPath(id));
        expect(param).toBeDefined();
        expect(customerIdFromParam(param ?? '')).toBe(id);
      }),
    );
  });
});
