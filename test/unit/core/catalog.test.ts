import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCatalogDir, loadCatalogFromDir } from '#config/catalog-folder.js';
import { type CatalogInput, CatalogInvalidError, CREDIT_WARNING } from '#core/catalog/catalog.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { SEED_CATALOG_INPUT, seedCatalog } from '#core/catalog/seed.js';
import type { EVENT_TYPES } from '#core/payment-event.js';

/** A deep copy of the seed input, to break in one place per test. */
function seedCopy(): {
  catalog: unknown;
  offers: { offers: Record<string, unknown>[] };
  regions: unknown;
  products: { products: Record<string, unknown> };
  triggers: Array<{ file: string; content: Record<string, unknown> }>;
} {
  return JSON.parse(JSON.stringify(SEED_CATALOG_INPUT));
}

function trigger(input: ReturnType<typeof seedCopy>, id: string): Record<string, unknown> {
  const found = input.triggers.find((t) => t.content.id === id);
  if (found === undefined) throw new Error(`no trigger ${id}`);
  return found.content;
}

function errorsOf(input: CatalogInput): readonly string[] {
  const result = parseCatalog(input);
  if (result.ok) throw new Error('expected the catalog to be invalid');
  return result.errors;
}

const CARD_ABROAD = 'catalog/triggers/card-abroad-worldwide-cover.json: ';

describe('the seed catalog', () => {
  const catalog = seedCatalog();

  it('ships exactly the triggers and offers of contracts.md', () => {
    expect(catalog.triggers.map((t) => [t.id, t.offerId])).toEqual([
      ['card-abroad-worldwide-cover', 'worldwide-travel-cover'],
      ['child-benefit-child-account', 'child-savings-account'],
      ['high-balance-savings', 'savings-account'],
      ['large-purchase-credit-card', 'credit-card'],
      ['student-finance-student-account', 'student-account'],
      ['ticket-travel-insurance', 'travel-insurance'],
    ]);
    expect([...catalog.offers.keys()].sort()).toEqual([
      'child-savings-account',
      'credit-card',
      'savings-account',
      'student-account',
      'travel-insurance',
      'worldwide-travel-cover',
    ]);
  });

  it('carries the credit warning on the credit offer, in disclosures and text', () => {
    const credit = catalog.offers.get('credit-card');
    expect(credit?.category).toBe('credit');
    expect(credit?.disclosures).toContain(CREDIT_WARNING);
    expect(credit?.text).toContain(CREDIT_WARNING);
  });

  it('states purpose, legal basis and compatibility for every trigger, and no approval', () => {
    for (const t of catalog.triggers) {
      expect(t.purpose).toMatch(/transaction-offers/);
      expect(t.legalBasis).toMatch(/6\(1\)\(a\)/);
      expect(Object.keys(t.compatibility).sort()).toEqual([
        'consequences',
        'howObtained',
        'linkToOriginalPurpose',
        'safeguards',
        'sensitivity',
      ]);
      // Approval is the lifecycle's record (issue 12), never a field of the trigger.
      expect(t).not.toHaveProperty('approvedBy');
      expect(t).not.toHaveProperty('approvedAt');
    }
  });

  it('ships the seven product codes of contracts.md as data, each described', () => {
    expect([...catalog.products.keys()].sort()).toEqual([
      'child-savings-account',
      'credit-card',
      'current-account',
      'savings-account',
      'student-account',
      'travel-insurance-europe',
      'travel-insurance-worldwide',
    ]);
    for (const [code, product] of catalog.products) {
      expect(product.code).toBe(code);
      expect(product.description.length).toBeGreaterThan(0);
    }
  });

  it('defines the European cover area as EU27 + EEA + CH + GB + the microstates', () => {
    const area = catalog.regions.get('european-cover-area');
    expect(area?.size).toBe(36);
    for (const code of ['NL', 'DE', 'BG', 'CY', 'IS', 'LI', 'NO', 'CH', 'GB', 'AD', 'MC', 'SM', 'VA']) {
      expect(area?.has(code), code).toBe(true);
    }
    for (const code of ['US', 'TR', 'RS', 'UA', 'XK', 'MA']) expect(area?.has(code), code).toBe(false);
  });

  it('indexes triggers by event type, sorted by id', () => {
    const ids = (type: (typeof EVENT_TYPES)[number]) =>
      catalog.triggersByEventType.get(type)?.map((t) => t.id);
    expect(ids('card_payment')).toEqual([
      'card-abroad-worldwide-cover',
      'high-balance-savings',
      'large-purchase-credit-card',
      'ticket-travel-insurance',
    ]);
    expect(ids('atm_withdrawal')).toEqual(['card-abroad-worldwide-cover', 'high-balance-savings']);
    expect(ids('transfer_in')).toEqual([
      'child-benefit-child-account',
      'high-balance-savings',
      'student-finance-student-account',
    ]);
    expect(ids('transfer_out')).toEqual(['high-balance-savings']);
    expect(ids('direct_debit')).toEqual(['high-balance-savings']);
  });

  it('every seed trigger ships in catalog/triggers (product teams add files; the seed ids stay)', () => {
    const files = readdirSync(join(defaultCatalogDir(), 'triggers')).filter((name) => name.endsWith('.json'));
    expect(files.map((name) => `catalog/triggers/${name}`)).toEqual(
      expect.arrayContaining(SEED_CATALOG_INPUT.triggers.map((t) => t.file)),
    );
  });

  it('the live folder carries the seed catalog unchanged (contracts.md: seed ids are public)', () => {
    const loaded = loadCatalogFromDir(defaultCatalogDir());
    const triggerShape = (t: (typeof catalog.triggers)[number]) => {
      const { matches: _matches, ...rest } = t;
      return rest;
    };
    expect(loaded.triggers.map(triggerShape)).toEqual(
      expect.arrayContaining(catalog.triggers.map(triggerShape)),
    );
    for (const [id, offer] of catalog.offers) expect(loaded.offers.get(id)).toEqual(offer);
    expect([...(loaded.regions.get('european-cover-area') ?? [])].sort()).toEqual(
      [...(catalog.regions.get('european-cover-area') ?? [])].sort(),
    );
  });
});

describe('catalog validation errors name the file and the field, and say what was expected and found', () => {
  it('an unknown field path', () => {
    const input = seedCopy();
    const condition = trigger(input, 'card-abroad-worldwide-cover').condition as {
      all: Array<Record<string, unknown>>;
    };
    condition.all[0] = { field: 'merchant.land', notInRegion: 'european-cover-area' };
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /^catalog\/triggers\/card-abroad-worldwide-cover\.json: condition\.all\[0\]\.field: expected the field "notInRegion" compares: one of "type", "amount\.minor", .*, got "merchant\.land"$/,
      ),
    ]);
  });

  it('an unknown offer', () => {
    const input = seedCopy();
    trigger(input, 'card-abroad-worldwide-cover').offerId = 'moon-cover';
    expect(errorsOf(input)).toEqual([
      `${CARD_ABROAD}offerId: expected an offer id defined in catalog/offers.json ("worldwide-travel-cover", ` +
        '"child-savings-account", "travel-insurance", "student-account", "savings-account", "credit-card"), got "moon-cover"',
    ]);
  });

  it('an unknown region', () => {
    const input = seedCopy();
    const condition = trigger(input, 'card-abroad-worldwide-cover').condition as {
      all: Array<Record<string, unknown>>;
    };
    condition.all[0] = { field: 'merchant.country', notInRegion: 'schengen' };
    expect(errorsOf(input)).toEqual([
      `${CARD_ABROAD}condition.all[0].notInRegion: expected a region defined in regions.json ("european-cover-area"), got "schengen"`,
    ]);
  });

  it('an unknown product code, in holds and in the offer', () => {
    const input = seedCopy();
    const condition = trigger(input, 'card-abroad-worldwide-cover').condition as {
      all: Array<Record<string, unknown>>;
    };
    condition.all[2] = { holdsNone: ['travel-insurance-worldwide', 'space-insurance'] };
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /^.*card-abroad-worldwide-cover\.json: condition\.all\[2\]\.holdsNone\[1\]: expected a product code defined in products\.json \("child-savings-account", "credit-card", "current-account", .*\), got "space-insurance"$/,
      ),
    ]);

    const offers = seedCopy();
    (offers.offers.offers[0] as Record<string, unknown>).productCode = 'space-insurance';
    expect(errorsOf(offers)).toEqual([
      expect.stringMatching(
        /^catalog\/offers\.json: offers\[0\]\.productCode: expected a product code defined in products\.json \("child-savings-account", .*\), got "space-insurance"$/,
      ),
    ]);
  });

  it('duplicate trigger ids', () => {
    const input = seedCopy();
    const copy = {
      file: 'catalog/triggers/card-abroad-worldwide-cover.json',
      content: trigger(input, 'card-abroad-worldwide-cover'),
    };
    input.triggers.push(copy);
    expect(errorsOf(input)).toEqual([
      `${CARD_ABROAD}id: expected a trigger id not used by another trigger, got "card-abroad-worldwide-cover", already defined in catalog/triggers/card-abroad-worldwide-cover.json`,
    ]);
  });

  it('a trigger whose id does not match its file name', () => {
    const input = seedCopy();
    const first = input.triggers[0];
    if (first) first.file = 'catalog/triggers/renamed.json';
    expect(errorsOf(input)).toEqual([
      'catalog/triggers/renamed.json: id: expected the file\'s name without .json (or the file to be called "card-abroad-worldwide-cover.json"), got "card-abroad-worldwide-cover"',
    ]);
  });

  it('a credit offer without the mandatory warning', () => {
    const input = seedCopy();
    const credit = input.offers.offers.find((o) => o.offerId === 'credit-card');
    if (credit) credit.disclosures = ['Let op: geld lenen kost geld'];
    expect(errorsOf(input)).toEqual([
      'catalog/offers.json: offers[5].disclosures: a credit offer must include exactly "Let op! Geld lenen kost geld"',
    ]);
  });

  it('a missing compatibility answer and a misspelt key', () => {
    const input = seedCopy();
    const t = trigger(input, 'card-abroad-worldwide-cover');
    const compatibility = t.compatibility as Record<string, unknown>;
    delete compatibility.safeguards;
    t.conditon = t.condition;
    expect(errorsOf(input)).toEqual([
      `${CARD_ABROAD}compatibility.safeguards: required, a non-empty text of at most 2000 characters; missing`,
      `${CARD_ABROAD}conditon: expected one of the fields "id", "version", "description", "eventTypes", "purpose", ` +
        '"legalBasis", "compatibility", "dpiaReference", "offerId", "textMatchJustification", "priority", ' +
        '"explanation", "condition", ' +
        'got an unknown field (did you mean "condition"?)',
    ]);
  });

  it('operators that do not fit the field, and values of the wrong type', () => {
    const input = seedCopy();
    trigger(input, 'large-purchase-credit-card').condition = {
      all: [
        { field: 'merchant.country', gte: 'NL' },
        { field: 'amount.minor', equals: '100000' },
        { field: 'amount.currency', in: ['EUR', 'EURO'] },
        { field: 'merchant.mcc', between: ['3350', '3000'] },
        { field: 'merchant.mcc', equals: 4511 },
        { field: 'amount.minor', containsIgnoreCase: '1' },
        { field: 'merchant.name', inRegion: 'european-cover-area' },
      ],
    };
    const prefix = 'catalog/triggers/large-purchase-credit-card.json: condition.all';
    expect(errorsOf(input)).toEqual([
      `${prefix}[0].gte: operator "gte" needs an ordered field ("amount.minor", "merchant.mcc", "balanceAfter.minor"); "merchant.country" is not one`,
      `${prefix}[1].equals: expected an integer (minor units, e.g. cents) for field "amount.minor", got "100000"`,
      `${prefix}[2].in[1]: expected an ISO 4217 currency code in upper case (e.g. "EUR") for field "amount.currency", got "EURO"`,
      `${prefix}[3].between: expected [lowest, highest] with the lowest value first, got ["3350","3000"]`,
      `${prefix}[4].equals: expected a merchant category code as a 4-digit string (e.g. "4511") for field "merchant.mcc", got 4511`,
      expect.stringMatching(/^.*\[5\]\.containsIgnoreCase: operator "containsIgnoreCase" needs a text field/),
      expect.stringMatching(
        /^.*\[6\]\.inRegion: operator "inRegion" needs a country field \("merchant\.country"\)/,
      ),
    ]);
  });

  it('malformed condition nodes', () => {
    const input = seedCopy();
    trigger(input, 'high-balance-savings').condition = {
      all: [
        { field: 'amount.minor', gte: 1, lte: 5 },
        { holds: 'credit-card', field: 'type' },
        {},
        'amount > 5',
        { any: [] },
        { field: 'amount.minor', gt: 5 },
        { equals: 'EUR' },
      ],
    };
    const prefix = 'catalog/triggers/high-balance-savings.json: condition.all';
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(prefix)}\\[0\\]: expected exactly one operator .*, got "gte", "lte"$`),
      ),
      `${prefix}[1].field: not allowed with "holds"`,
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(prefix)}\\[2\\]: expected exactly one operator .*, got none$`),
      ),
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(prefix)}\\[3\\]: expected a condition object .*, got "amount > 5"$`),
      ),
      `${prefix}[4].any: expected a non-empty list of conditions, got an empty list`,
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(prefix)}\\[5\\]\\.gt: expected one of the fields "field", .*, got an unknown field \\(did you mean "gte"\\?\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(prefix)}\\[6\\]\\.field: required, the field "equals" compares: one of .*; missing$`,
        ),
      ),
    ]);
  });

  it('conditions nested too deep', () => {
    const input = seedCopy();
    let condition: unknown = { holds: 'credit-card' };
    for (let i = 0; i < 40; i++) condition = { not: condition };
    trigger(input, 'high-balance-savings').condition = condition;
    expect(errorsOf(input)).toEqual([
      expect.stringMatching(
        /condition(\.not){33}: expected conditions nested at most 32 levels deep, got deeper$/,
      ),
    ]);
  });

  it('bad event types and version', () => {
    const input = seedCopy();
    const t = trigger(input, 'ticket-travel-insurance');
    t.eventTypes = ['card_payment', 'card_payment', 'cash'];
    t.version = 0;
    const errors = errorsOf(input);
    expect(errors).toEqual([
      'catalog/triggers/ticket-travel-insurance.json: version: expected a whole number from 1 up, bumped on every change, got 0',
      expect.stringMatching(
        /^catalog\/triggers\/ticket-travel-insurance\.json: eventTypes\[2\]: expected one of "card_payment", .*, got "cash"$/,
      ),
      'catalog/triggers/ticket-travel-insurance.json: eventTypes[1]: expected each event type once, got "card_payment" a second time',
    ]);

    const dup = seedCopy();
    trigger(dup, 'ticket-travel-insurance').eventTypes = ['card_payment', 'card_payment'];
    expect(errorsOf(dup)).toEqual([
      'catalog/triggers/ticket-travel-insurance.json: eventTypes[1]: expected each event type once, got "card_payment" a second time',
    ]);
  });

  it('a trigger that is not even an object, and broken catalog, region and offer files', () => {
    const input = seedCopy();
    input.triggers.push({
      file: 'catalog/triggers/oops.json',
      content: [] as unknown as Record<string, unknown>,
    });
    input.catalog = { version: '' };
    input.regions = { regions: { 'european-cover-area': { description: 'x', countries: ['NL', 'UK'] } } };
    input.offers.offers.push({ offerId: 'Bad Id' });
    const errors = errorsOf(input);
    expect(errors).toContainEqual(
      'catalog/catalog.json: version: expected a version such as "2026-11-21.1" (letters, digits, ".", "+", "-"; at most 64), got ""',
    );
    expect(errors).toContainEqual(
      'catalog/regions.json: regions.european-cover-area.countries[1]: expected an ISO 3166-1 alpha-2 country code in upper case (e.g. "NL"), got "UK"',
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^catalog\/offers\.json: offers\[6\]\.offerId: expected a kebab-case offer id .*, got "Bad Id"$/,
      ),
    );
    expect(errors).toContainEqual(
      'catalog/triggers/oops.json: (file): expected a trigger object {"id", "version", "description", "eventTypes", ..., "condition"}, got an empty list',
    );
    // A broken regions.json is reported once, not again by every trigger that uses a region.
    expect(errors.filter((e) => e.includes('region defined'))).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('loadCatalogFromDir', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function writeSeedTo(root: string, mutate: (files: Map<string, string>) => void = () => {}): string {
    const folder = join(root, 'catalog');
    mkdirSync(join(folder, 'triggers'), { recursive: true });
    const files = new Map<string, string>([
      ['catalog.json', JSON.stringify(SEED_CATALOG_INPUT.catalog)],
      ['offers.json', JSON.stringify(SEED_CATALOG_INPUT.offers)],
      ['regions.json', JSON.stringify(SEED_CATALOG_INPUT.regions)],
      ['products.json', JSON.stringify(SEED_CATALOG_INPUT.products)],
      ...SEED_CATALOG_INPUT.triggers.map(
        (t) => [t.file.replace('catalog/', ''), JSON.stringify(t.content)] as [string, string],
      ),
    ]);
    mutate(files);
    for (const [name, text] of files) writeFileSync(join(folder, name), text);
    return folder;
  }

  it('loads a valid folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    expect(loadCatalogFromDir(writeSeedTo(dir)).triggers).toHaveLength(6);
  });

  it('throws CatalogInvalidError listing every problem, JSON syntax included', () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    const folder = writeSeedTo(dir, (files) => {
      files.set('triggers/ticket-travel-insurance.json', '{ "id": ');
      files.set('offers.json', JSON.stringify({ offers: [] }));
    });
    let caught: unknown;
    try {
      loadCatalogFromDir(folder);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CatalogInvalidError);
    const errors = (caught as CatalogInvalidError).errors;
    // The syntax error does not hide the other files' problems: every trigger names an offer that
    // offers.json (valid JSON, no offers) lacks; the broken file is reported at its line and column.
    expect(errors).toEqual([
      ...['card-abroad-worldwide-cover', 'child-benefit-child-account', 'high-balance-savings']
        .concat(['large-purchase-credit-card', 'student-finance-student-account'])
        .map((id) =>
          expect.stringMatching(
            new RegExp(
              `^catalog/triggers/${id}\\.json:1:\\d+: offerId: expected an offer id defined in catalog/offers\\.json \\(it defines none\\), got "`,
            ),
          ),
        ),
      'catalog/triggers/ticket-travel-insurance.json:1:9: id: expected a value (a text in "double quotes", a number, true, false, null, {...} or [...]), got the end of the file',
    ]);
    expect((caught as CatalogInvalidError).problems.at(-1)).toEqual({
      file: 'catalog/triggers/ticket-travel-insurance.json',
      line: 1,
      column: 9,
      field: 'id',
      path: ['id'],
      expected: 'a value (a text in "double quotes", a number, true, false, null, {...} or [...])',
      found: 'the end of the file',
    });
  });

  it('reports trigger errors after a successful read, with the folder-relative file name', () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    const folder = writeSeedTo(dir, (files) => files.set('offers.json', JSON.stringify({ offers: [] })));
    expect(() => loadCatalogFromDir(folder)).toThrow(
      /catalog\/triggers\/card-abroad-worldwide-cover\.json:1:\d+: offerId: expected an offer id defined in catalog\/offers\.json/,
    );
  });

  it('names a folder without triggers', () => {
    const root = mkdtempSync(join(tmpdir(), 'catalog-'));
    dir = root;
    expect(() => loadCatalogFromDir(join(root, 'missing'))).toThrow(
      /missing\/triggers: \(file\): expected a file or folder that can be read, got ENOENT/,
    );
    expect(() => loadCatalogFromDir(join(root, 'missing'))).toThrow(CatalogInvalidError);
  });
});
