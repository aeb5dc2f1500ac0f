import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '#core/governance/content-hash.js';
import type { JsonObject } from '#core/governance/model.js';

/** Rebuilds a JSON value with every object's keys in a shuffled order (at every depth). */
function permuted(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => permuted(v, order));
  if (value !== null && typeof value === 'object') {
    const entries = value as Record<string, unknown>;
    return Object.fromEntries(order(Object.keys(entries)).map((k) => [k, permuted(entries[k], order)]));
  }
  return value;
}

const jsonObject = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>;

describe('contentHash', () => {
  it('is the same for any order of keys, at any depth', () => {
    fc.assert(
      fc.property(jsonObject, fc.integer(), (content, seed) => {
        const shuffle = (keys: string[]) => {
          const out = [...keys];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j] as string, out[i] as string];
          }
          return out;
        };
        const reordered = permuted(content, shuffle) as JsonObject;
        expect(contentHash(reordered)).toBe(contentHash(content));
        expect(contentHash(permuted(content, (k) => [...k].reverse()) as JsonObject)).toBe(
          contentHash(content),
        );
      }),
    );
  });

  it('changes when any value changes, is added or is removed', () => {
    fc.assert(
      fc.property(jsonObject, fc.string(), fc.jsonValue(), (content, key, value) => {
        fc.pre(canonicalJson(content[key]) !== canonicalJson(value));
        expect(contentHash({ ...content, [key]: value })).not.toBe(contentHash(content));
      }),
    );
    fc.assert(
      fc.property(jsonObject, (content) => {
        const keys = Object.keys(content);
        fc.pre(keys.length > 0);
        const { [keys[0] as string]: _dropped, ...rest } = content;
        expect(contentHash(rest)).not.toBe(contentHash(content));
      }),
    );
  });

  it('tells apart values JSON would confuse: a nested change, a string "1" and a number 1, list order', () => {
    expect(contentHash({ a: { b: [1, 2] } })).not.toBe(contentHash({ a: { b: [2, 1] } }));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
    expect(contentHash({ a: { b: 1 } })).not.toBe(contentHash({ a: { b: 1, c: null } }));
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
