import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerIdFromParam,
  customerPath,
  decisionPath,
  decisionPathFor,
  rememberedCustomerOf,
} from '../src/pages/audit/paths.js';

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

describe('decision links remember their customer in page memory only (issue 15: archived decisions need it)', () => {
  it('links to the same path as decisionPath, never with the customer id in it', () => {
    const path = decisionPathFor('d_00aa', 'klant/é 42');
    expect(path).toBe(decisionPath('d_00aa'));
    expect(path).not.toContain('klant');
    expect(rememberedCustomerOf('d_00aa')).toBe('klant/é 42');
  });

  it('knows no customer for a decision no page linked with one', () => {
    decisionPathFor('d_00bb', undefined);
    expect(rememberedCustomerOf('d_00bb')).toBeUndefined();
    expect(rememberedCustomerOf('d_never-linked')).toBeUndefined();
  });
});
