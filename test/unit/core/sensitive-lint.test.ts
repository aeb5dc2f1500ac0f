import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogInput } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { lintCondition } from '#core/catalog/sensitive-lint.js';
import { buildSensitiveRules } from '#core/sensitive.js';
import { SENSITIVE_MCCS } from '#data/sensitive-mcc.js';

const lint = (condition: unknown) => lintCondition(condition).errors;

describe('the sensitive lint: merchant category codes', () => {
  it('refuses a single sensitive code, naming path, value and category', () => {
    expect(lint({ field: 'merchant.mcc', equals: '7273' })).toEqual([
      'condition: "7273" targets sex-life (art. 9)',
    ]);
    expect(lint({ field: 'merchant.mcc', equals: '9222' })).toEqual([
      'condition: "9222" targets criminal-justice (art. 10)',
    ]);
    expect(lint({ field: 'merchant.mcc', equals: '5411' })).toEqual([]);
  });

  it('refuses every sensitive code in a list, in and notIn alike, by its index', () => {
    expect(lint({ field: 'merchant.mcc', in: ['5411', '8062', '4511', '8011'] })).toEqual([
      'condition.in[1]: "8062" targets health (art. 9)',
      'condition.in[3]: "8011" targets health (art. 9)',
    ]);
    expect(lint({ field: 'merchant.mcc', notIn: ['7995'] })).toEqual([
      'condition.notIn[0]: "7995" targets gambling (duty of care)',
    ]);
  });

  it('refuses a range that overlaps a sensitive code, whatever its bounds', () => {
    const [error] = lint({ field: 'merchant.mcc', between: ['8600', '8699'] });
    expect(error).toContain('condition: the range "8600"–"8699" includes sensitive MCCs "8641"');
    expect(error).toContain('"8651" (Political Organizations)');
    expect(error).toContain('"8661" (Religious Organizations)');
    expect(error).toMatch(/targets .*politics \(art\. 9\).*religion \(art\. 9\)/);
    expect(lint({ field: 'merchant.mcc', gte: '9200' })).toHaveLength(1);
    expect(lint({ field: 'merchant.mcc', lte: '4200' })).toHaveLength(1); // 4119 ambulances
    // The airline range and everything above the last sensitive code are clean.
    expect(lint({ field: 'merchant.mcc', between: ['3000', '3350'] })).toEqual([]);
    expect(lint({ field: 'merchant.mcc', gte: '9300' })).toEqual([]);
    expect(lint({ field: 'merchant.mcc', lte: '4000' })).toEqual([]);
  });

  it('agrees with the MCC list for every range (property)', () => {
    const codes = SENSITIVE_MCCS.map((entry) => entry.mcc);
    const mcc = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));
    fc.assert(
      fc.property(mcc, mcc, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const overlaps = codes.some((code) => code >= lo && code <= hi);
        expect(lint({ field: 'merchant.mcc', between: [lo, hi] }).length).toBe(overlaps ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('knows a bank’s own extra codes', () => {
    const rules = buildSensitiveRules({ extraMccs: ['5921'] });
    expect(lintCondition({ field: 'merchant.mcc', equals: '5921' }, 'condition', rules).errors).toEqual([
      'condition: "5921" targets a sensitive category (the bank’s own list)',
    ]);
  });
});

describe('the sensitive lint: names and references', () => {
  it('refuses texts the screen classifies as sensitive, with every text operator and field', () => {
    expect(lint({ field: 'counterparty.name', containsIgnoreCase: 'HIV Vereniging' })).toEqual([
      'condition: "HIV Vereniging" targets health (art. 9)',
    ]);
    expect(lint({ field: 'counterparty.name', equalsIgnoreCase: 'Hervormde Gemeente' })).toEqual([
      'condition: "Hervormde Gemeente" targets religion (art. 9)',
    ]);
    expect(lint({ field: 'counterparty.reference', containsIgnoreCase: 'kerkbalans' })).toEqual([
      'condition: "kerkbalans" targets religion (art. 9)',
    ]);
    expect(lint({ field: 'merchant.name', equals: 'Holland Casino' })).toEqual([
      'condition: "Holland Casino" targets gambling (duty of care)',
    ]);
    expect(lint({ field: 'merchant.name', in: ['Albert Heijn', 'Apotheek De Linde'] })).toEqual([
      'condition.in[1]: "Apotheek De Linde" targets health (art. 9)',
    ]);
    expect(lint({ field: 'counterparty.name', notIn: ['FNV'] })).toEqual([
      'condition.notIn[0]: "FNV" targets trade-union (art. 9)',
    ]);
  });

  it('refuses words that name a category, even where the run-time screen would not', () => {
    expect(lint({ field: 'counterparty.reference', containsIgnoreCase: 'gezondheid' })).toEqual([
      'condition: "gezondheid" targets health (art. 9)',
    ]);
    expect(lint({ field: 'merchant.name', containsIgnoreCase: 'religion' })).toHaveLength(1);
    expect(lint({ field: 'counterparty.name', containsIgnoreCase: 'Gewerkschaft' })).toHaveLength(1);
  });

  it('lets innocuous texts through: a municipality’s tax, the seed triggers’ payers, a street', () => {
    for (const text of [
      'Gemeente Amsterdam',
      'belastingen',
      'Sociale Verzekeringsbank',
      'SVB',
      'DUO',
      'kinderbijslag',
      'Kerkstraat',
    ]) {
      expect(lint({ field: 'counterparty.name', containsIgnoreCase: text }), text).toEqual([]);
    }
  });

  it('does not read fields that are not names or references', () => {
    expect(lint({ field: 'merchant.city', equalsIgnoreCase: 'Casino' })).toEqual([]);
    expect(lintCondition({ field: 'merchant.city', equalsIgnoreCase: 'Casino' }).freeText).toEqual([]);
  });
});

describe('the sensitive lint: every nesting form', () => {
  const hiv = { field: 'counterparty.name', containsIgnoreCase: 'HIV Vereniging' };
  it('walks all, any and not at any depth and names the exact path', () => {
    expect(lint({ all: [{ holds: 'current-account' }, hiv] })).toEqual([
      'condition.all[1]: "HIV Vereniging" targets health (art. 9)',
    ]);
    expect(lint({ all: [{ any: [{ field: 'amount.minor', gte: 1 }, hiv] }] })).toEqual([
      'condition.all[0].any[1]: "HIV Vereniging" targets health (art. 9)',
    ]);
    expect(lint({ not: hiv })).toEqual(['condition.not: "HIV Vereniging" targets health (art. 9)']);
    expect(lint({ any: [{ not: { all: [{ field: 'merchant.mcc', in: ['8651'] }] } }] })).toEqual([
      'condition.any[0].not.all[0].in[0]: "8651" targets politics (art. 9)',
    ]);
  });

  it('finds a sensitive leaf however it is wrapped, and nothing in a clean tree (property)', () => {
    type Wrap = (node: unknown) => unknown;
    const clean = { field: 'amount.minor', gte: 100 };
    const wrap: fc.Arbitrary<Wrap> = fc.oneof(
      fc.nat(3).map(
        (at): Wrap =>
          (node) => ({ all: [...Array(at).fill(clean), node] }),
      ),
      fc.nat(3).map(
        (at): Wrap =>
          (node) => ({ any: [...Array(at).fill(clean), node] }),
      ),
      fc.constant<Wrap>((node) => ({ not: node })),
    );
    const leaf = fc.constantFrom(
      { field: 'merchant.mcc', equals: '8661' },
      { field: 'merchant.mcc', between: ['7990', '8000'] },
      { field: 'counterparty.reference', containsIgnoreCase: 'Contributie FNV' },
      { field: 'merchant.name', equalsIgnoreCase: 'Bet365' },
    );
    fc.assert(
      fc.property(fc.array(wrap, { maxLength: 6 }), leaf, (wraps, sensitive) => {
        const tree = wraps.reduce<unknown>((node, w) => w(node), sensitive);
        expect(lint(tree)).toHaveLength(1);
        expect(lint(wraps.reduce<unknown>((node, w) => w(node), clean))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the sensitive lint: special-category fields', () => {
  it('refuses a field that is itself a special-category attribute', () => {
    expect(lint({ field: 'customer.religion', equals: 'x' })).toEqual([
      'condition.field: "customer.religion" is a special-category attribute; a trigger may not read it (religion, art. 9)',
    ]);
    expect(lint({ all: [{ field: 'health.diagnosis', equals: 'x' }] })[0]).toContain('(health, art. 9)');
    expect(lint({ field: 'customer.ethnicOrigin', equals: 'x' })[0]).toContain('ethnic-origin');
  });

  it('leaves the event fields alone ("counterparty" is no party)', () => {
    for (const field of ['counterparty.iban', 'merchant.country', 'amount.minor', 'type']) {
      expect(lint({ field, equals: 'x' }), field).toEqual([]);
    }
  });
});

describe('parseCatalog enforces the lint and the free-text justification', () => {
  function withTrigger(condition: unknown, extra: Record<string, unknown> = {}): CatalogInput {
    const input = JSON.parse(JSON.stringify(SEED_CATALOG_INPUT)) as {
      triggers: Array<{ file: string; content: Record<string, unknown> }>;
    };
    const base = input.triggers[0]?.content ?? {};
    input.triggers.push({
      file: 'triggers/x.json',
      content: { ...base, id: 'x', version: 1, offerId: 'savings-account', condition, ...extra },
    });
    return input as unknown as CatalogInput;
  }

  it('refuses a trigger aimed at a sensitive text, in the issue’s format', () => {
    const result = parseCatalog(
      withTrigger(
        {
          all: [
            {
              any: [
                { holds: 'current-account' },
                { field: 'counterparty.name', containsIgnoreCase: 'HIV Vereniging' },
              ],
            },
          ],
        },
        { textMatchJustification: 'A justification does not make a sensitive target acceptable.' },
      ),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        'triggers/x.json: condition.all[0].any[1]: "HIV Vereniging" targets health (art. 9)',
      ]);
    }
  });

  it('needs a textMatchJustification for any free-text condition, and loads an innocuous one with it', () => {
    const tax = {
      all: [
        { field: 'counterparty.name', containsIgnoreCase: 'Gemeente Amsterdam' },
        { field: 'counterparty.reference', containsIgnoreCase: 'belasting' },
      ],
    };
    const without = parseCatalog(withTrigger(tax));
    expect(without.ok).toBe(false);
    if (!without.ok) {
      expect(without.errors).toEqual([
        'triggers/x.json: textMatchJustification: required, a reason, because condition.all[0], ' +
          'condition.all[1] match a name or reference (free text): say why the text is needed and what it ' +
          'cannot reveal; missing',
      ]);
    }
    const justified = parseCatalog(
      withTrigger(tax, { textMatchJustification: 'Municipal tax payments identify home owners.' }),
    );
    expect(justified.ok).toBe(true);
    if (justified.ok) {
      expect(justified.catalog.triggers.find((t) => t.id === 'x')?.textMatchJustification).toBe(
        'Municipal tax payments identify home owners.',
      );
    }
  });

  it('lints with a bank’s extended screen when given one', () => {
    const input = withTrigger({ field: 'merchant.mcc', equals: '5921' });
    expect(parseCatalog(input).ok).toBe(true);
    expect(parseCatalog(input, { sensitive: buildSensitiveRules({ extraMccs: ['5921'] }) }).ok).toBe(false);
  });
});
