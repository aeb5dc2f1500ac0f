import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTextMatcher, normaliseText } from '#core/text-matcher.js';

/** The specification the automaton must meet, written the slow and obvious way. */
function reference(terms: readonly string[], text: string): boolean {
  const padded = ` ${normaliseText(text)} `;
  return terms.some((term) => padded.includes(term));
}

describe('normaliseText', () => {
  it('lower-cases, folds diacritics and collapses everything else into single spaces', () => {
    expect(normaliseText("  Holland-Casino's  ")).toBe('holland casino s');
    expect(normaliseText('Diëtist Café Nº5')).toBe('dietist cafe no5');
    expect(normaliseText('Straße 1')).toBe('strasse 1');
    expect(normaliseText('Øresund Łódź Œuvre Æble')).toBe('oresund lodz oeuvre aeble');
  });
});

describe('buildTextMatcher', () => {
  const matcher = buildTextMatcher(['apotheek', ' cda ', ' rouw', 'kerk ']);

  it('finds stems anywhere', () => {
    expect(matcher.test('Ziekenhuisapotheek')).toBe(true);
    expect(matcher.test('APOTHEEK')).toBe(true);
  });

  it('anchors spaces to word boundaries and text edges', () => {
    expect(matcher.test('CDA')).toBe(true);
    expect(matcher.test('Lid CDA-afdeling')).toBe(true);
    expect(matcher.test('cdaa')).toBe(false);
    expect(matcher.test('Rouwcentrum')).toBe(true);
    expect(matcher.test('Vrouwenmode')).toBe(false);
    expect(matcher.test('Oude Kerk')).toBe(true);
    expect(matcher.test('Kerkrade')).toBe(false);
  });

  it('folds text outside ASCII before matching', () => {
    expect(buildTextMatcher(['dietist']).test('Diëtistenpraktijk')).toBe(true);
    expect(buildTextMatcher([' cafe ']).test('Le Café')).toBe(true);
  });

  it('refuses empty terms', () => {
    expect(() => buildTextMatcher(['  '])).toThrow(RangeError);
  });

  it('agrees with the obvious implementation on arbitrary terms and texts', () => {
    const letter = fc.constantFrom('a', 'b', 'c', '1');
    const word = fc.string({ unit: letter, minLength: 1, maxLength: 3 });
    const term = fc
      .tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.boolean(), fc.boolean())
      .map(([words, lead, trail]) => `${lead ? ' ' : ''}${words.join(' ')}${trail ? ' ' : ''}`);
    const text = fc.string({
      unit: fc.constantFrom('a', 'B', 'c', '1', ' ', '-', '.', 'á', 'ç', 'ß'),
      maxLength: 14,
    });
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), text, (terms, sample) => {
        expect(buildTextMatcher(terms).test(sample)).toBe(reference(terms, sample));
      }),
      { numRuns: 2_000 },
    );
  });
});
