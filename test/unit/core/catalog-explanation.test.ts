import { describe, expect, it } from 'vitest';
import type { CatalogInput } from '#core/catalog/catalog.js';
import { namedByCondition } from '#core/catalog/explanation-lint.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { seedWithTrigger } from '#test/support/catalog-content.js';

/**
 * "Why am I seeing this?" (issue 13, domain rule 8): every trigger version carries one short sentence per
 * language, and the gate every catalog passes (files, lint, submit, go-live, snapshots) refuses one that
 * could reveal the payment, naming the field and what was expected.
 */

const FILE = 'catalog/triggers/ticket-travel-insurance.json';
const fine = {
  nl: 'Je betaalde een reisbureau, en je hebt nog geen reisverzekering.',
  en: 'You paid a travel agency, and you have no travel insurance yet.',
};

const withTrigger = seedWithTrigger;

function errorsOf(input: CatalogInput): readonly string[] {
  const result = parseCatalog(input);
  return result.ok ? [] : result.errors;
}

/** The problems of the ticket trigger with this explanation text in one language (the other fine). */
function problemsOf(text: string, language: 'nl' | 'en' = 'nl', file = FILE): readonly string[] {
  return errorsOf(withTrigger(file, (t) => Object.assign(t, { explanation: { ...fine, [language]: text } })));
}

describe('explanation: required, one short sentence per language', () => {
  it('every seed trigger has one that passes the gate, and the seed parses', () => {
    const result = parseCatalog(SEED_CATALOG_INPUT);
    expect(result.ok && result.catalog.triggers.every((t) => t.explanation.nl !== t.explanation.en)).toBe(
      true,
    );
  });

  it('is required: a trigger without one is refused, naming the field', () => {
    expect(errorsOf(withTrigger(FILE, (t) => delete t.explanation))).toEqual([
      `${FILE}: explanation: required, an object {"nl": "...", "en": "..."}: why the offer appears, in Dutch and in English; missing`,
    ]);
    expect(errorsOf(withTrigger(FILE, (t) => Object.assign(t, { explanation: { nl: fine.nl } })))).toEqual([
      `${FILE}: explanation.en: required, one short customer-facing sentence of 10 to 200 characters; missing`,
    ]);
  });

  it('is 10 to 200 characters in each language, and has no other languages', () => {
    expect(problemsOf('x'.repeat(201), 'en')).toEqual([
      expect.stringMatching(
        /^catalog\/triggers\/ticket-travel-insurance\.json: explanation\.en: expected one short customer-facing sentence of 10 to 200 characters, got "x{20}/,
      ),
    ]);
    expect(problemsOf('Reis.')).toEqual([
      `${FILE}: explanation.nl: expected one short customer-facing sentence of 10 to 200 characters, got "Reis."`,
    ]);
    expect(
      errorsOf(
        withTrigger(FILE, (t) => Object.assign(t, { explanation: { ...fine, de: 'Weil Sie reisen.' } })),
      ),
    ).toEqual([
      expect.stringMatching(/explanation\.de: expected one of the fields "nl", "en", got an unknown field/),
    ]);
  });

  it('may not name a sensitive counterparty or category, in either language', () => {
    expect(
      errorsOf(
        withTrigger(FILE, (t) =>
          Object.assign(t, {
            explanation: { nl: 'Omdat u bij de apotheek betaalde.', en: 'Because of your religion.' },
          }),
        ),
      ),
    ).toEqual([
      `${FILE}: explanation.nl: expected a sentence that names no sensitive category or counterparty; it names health, got "Omdat u bij de apotheek betaalde."`,
      `${FILE}: explanation.en: expected a sentence that names no sensitive category or counterparty; it names religion, got "Because of your religion."`,
    ]);
  });
});

describe('explanation: never reveals the payment', () => {
  const reveals = (text: string, language: 'nl' | 'en', what: RegExp, file = FILE) => {
    const problems = problemsOf(text, language, file);
    expect(problems, text).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${file.replaceAll('.', '\\.')}: explanation\\.${language}: expected a sentence that reveals nothing of the payment: ${what.source}.*, got ${JSON.stringify(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
        ),
      ),
    );
  };

  it('no digits or number words: an amount, a date, an account', () => {
    reveals('Omdat je € 1.000 uitgaf bij een reisbureau.', 'nl', /no digits or numbers/);
    reveals('Because you spent 1,250 on a ticket.', 'en', /no digits or numbers/);
    reveals('Omdat je op 3 juli een ticket kocht.', 'nl', /no digits or numbers/);
    reveals('Omdat je meer dan duizend uitgaf.', 'nl', /no digits or numbers/);
    reveals('Because you spent over a thousand on travel.', 'en', /no digits or numbers/);
    reveals('Omdat je iets kocht voor ١٢٣ dinar.', 'nl', /no digits or numbers/);
  });

  it('no day or month: it dates the payment', () => {
    reveals('Omdat je op zaterdag een ticket kocht.', 'nl', /no day or month/);
    reveals('Omdat je in juli een reis boekte.', 'nl', /no day or month/);
    reveals('Because you booked a trip on a friday.', 'en', /no day or month/);
  });

  it('no currency sign, code or name', () => {
    reveals('Omdat je € uitgaf aan een ticket.', 'nl', /no currency/);
    reveals('Because you paid in EUR for a ticket.', 'en', /no currency/);
    reveals('Because you paid in USD abroad today.', 'en', /no currency/);
    reveals('Omdat je in euro betaalde voor een ticket.', 'nl', /no currency/);
    reveals('Because you paid with pounds for a ticket.', 'en', /no currency/);
    reveals('Because you paid £ for a flight ticket.', 'en', /no currency/);
    reveals('Because you paid in eur for a flight ticket.', 'en', /no currency/);
  });

  it('no placeholder or markup: the text is shown as written', () => {
    for (const text of [
      'Omdat je bij {merchant} betaalde.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the probe
      'Omdat je ${amount} uitgaf aan reizen.',
      'Omdat je bij {{merchant}} betaalde.',
      'Because you paid %s for travel.',
      'Because you paid at <merchant> today.',
      'Because you paid at [merchant] today.',
    ]) {
      reveals(text, text.startsWith('Omdat') ? 'nl' : 'en', /no placeholder or markup/);
    }
  });

  it('no place: a country in either language, a city, a region the condition requires', () => {
    reveals('Omdat je in Frankrijk een ticket kocht.', 'nl', /no place \(it names "Frankrijk"\)/);
    reveals('Omdat je in frankrijk een ticket kocht.', 'nl', /no place/);
    reveals('Because you bought a ticket in the united states.', 'en', /no place/);
    reveals('Because you paid in Thailand for your ticket.', 'en', /no place/);
    reveals('Omdat je in parijs een ticket kocht.', 'nl', /no place/);
    reveals('Because you bought a ticket in New York.', 'en', /no place/);
    reveals(
      'Je betaalde of pinde in de Verenigde Staten.',
      'nl',
      /no place/,
      'catalog/triggers/card-abroad-worldwide-cover.json',
    );
  });

  it('no proper name: a place or merchant the lists do not know', () => {
    reveals(
      'Omdat je in Zanzibar een ticket kocht.',
      'nl',
      /no proper name other than Europe's \(it names "Zanzibar"\)/,
    );
    reveals('Because you paid KLM for a ticket.', 'en', /no proper name/);
    reveals('Omdat je bij Sunweb boekte en geen verzekering hebt.', 'nl', /no proper name/);
  });

  it('no name or reference the condition matches, in any letter case', () => {
    const childBenefit = 'catalog/triggers/child-benefit-child-account.json';
    reveals(
      'Omdat je geld kreeg van de sociale verzekeringsbank.',
      'nl',
      /no name or reference the condition matches \(it names "Sociale Verzekeringsbank"\)/,
      childBenefit,
    );
    reveals(
      'Omdat je kinderbijslag ontvangt voor je kind.',
      'nl',
      /no name or reference the condition matches/,
      childBenefit,
    );
    reveals(
      'Because you receive money from the svb.',
      'en',
      /no name or reference the condition matches/,
      childBenefit,
    );
  });

  it('what the condition requires of the place, through any depth of all/any/not', () => {
    const named = namedByCondition({
      all: [
        {
          any: [
            { field: 'merchant.country', in: ['US', 'CA'] },
            { field: 'merchant.country', inRegion: 'benelux' },
          ],
        },
        { not: { field: 'merchant.country', notIn: ['JP'] } },
        { not: { field: 'merchant.country', in: ['NL'] } },
        { field: 'merchant.country', notInRegion: 'european-cover-area' },
        { field: 'merchant.city', equalsIgnoreCase: 'Harderwijk' },
      ],
    });
    expect([...named.countries].sort()).toEqual(['CA', 'JP', 'US']);
    expect([...named.regions]).toEqual(['benelux']);
    expect([...named.texts]).toEqual(['Harderwijk']);
  });

  it('says why, not where: Europe as the cover area, and sentences that start with a capital, pass', () => {
    for (const text of [
      'Je betaalde of pinde buiten Europa, en je reisverzekering dekt alleen Europa.',
      'Je hebt nog geen reisverzekering. Je betaalde een reisbureau.',
    ]) {
      expect(problemsOf(text, 'nl', 'catalog/triggers/card-abroad-worldwide-cover.json'), text).toEqual([]);
    }
    expect(problemsOf('You paid outside Europe, and your insurance covers Europe only.', 'en')).toEqual([]);
  });
});
