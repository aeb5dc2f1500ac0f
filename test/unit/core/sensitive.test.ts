import { describe, expect, it } from 'vitest';
import {
  buildSensitiveRules,
  DEFAULT_SENSITIVE_RULES,
  SENSITIVE_RULES_VERSION,
  SensitiveRulesConfigError,
  screenSensitive,
} from '#core/sensitive.js';
import { MUST_NOT_MATCH_EXAMPLES, SENSITIVE_COUNTERPARTY_RULES } from '#data/sensitive-counterparties.js';
import { SENSITIVE_MCCS } from '#data/sensitive-mcc.js';
import { event, groceries } from '#test/support/decide.js';

const card = (mcc: string, name = 'Some Merchant') =>
  event({
    type: 'card_payment',
    amount: { minor: 1_000, currency: 'EUR' },
    merchant: { name, mcc, country: 'NL' },
  });
const transfer = (name: string, reference?: string) =>
  event({
    type: 'transfer_out',
    amount: { minor: 1_000, currency: 'EUR' },
    counterparty: reference === undefined ? { name } : { name, reference },
  });

describe('the sensitive MCC list', () => {
  it('covers the categories the domain brief names', () => {
    const codes = new Set(SENSITIVE_MCCS.map((entry) => entry.mcc));
    const required = {
      pharmacies: ['5912', '5122'],
      doctors: ['8011', '8021', '8031', '8041', '8042', '8043', '8049', '8050', '8062', '8071', '8099'],
      religion: ['8661'],
      politics: ['8651'],
      membership: ['8641', '8699'],
      dating: ['7273'],
      massage: ['7297'],
      counselling: ['7277'],
      gambling: ['7995', '7800', '7801', '7802'],
      courtsFinesBail: ['9211', '9222', '9223'],
    };
    for (const list of Object.values(required))
      for (const mcc of list) expect(codes.has(mcc), mcc).toBe(true);
  });

  it('is well formed: unique 4-digit codes, each with a description and justification', () => {
    const codes = SENSITIVE_MCCS.map((entry) => entry.mcc);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of SENSITIVE_MCCS) {
      expect(entry.mcc).toMatch(/^\d{4}$/);
      expect(entry.description.length).toBeGreaterThan(3);
      expect(entry.justification.length).toBeGreaterThan(10);
    }
  });

  it('screens every listed code and passes ordinary ones', () => {
    for (const { mcc } of SENSITIVE_MCCS)
      expect(screenSensitive(card(mcc), DEFAULT_SENSITIVE_RULES), mcc).toBe(true);
    for (const mcc of ['5411', '5732', '4511', '3008', '6011', '5812']) {
      expect(screenSensitive(card(mcc), DEFAULT_SENSITIVE_RULES), mcc).toBe(false);
    }
  });
});

describe('the counterparty rules', () => {
  it('catch every example they document, as transfer names and as references', () => {
    for (const rule of SENSITIVE_COUNTERPARTY_RULES) {
      expect(rule.examples.length, rule.id).toBeGreaterThan(0);
      for (const example of rule.examples) {
        expect(screenSensitive(transfer(example), DEFAULT_SENSITIVE_RULES), `${rule.id}: ${example}`).toBe(
          true,
        );
        const readsReferences = (rule.fields ?? ['name', 'reference']).includes('reference');
        if (readsReferences) {
          expect(
            screenSensitive(transfer('Jan de Vries', example), DEFAULT_SENSITIVE_RULES),
            `${rule.id} ref: ${example}`,
          ).toBe(true);
        }
      }
    }
  });

  it('leave everyday names and the seed triggers’ payers alone', () => {
    for (const text of MUST_NOT_MATCH_EXAMPLES) {
      expect(screenSensitive(transfer(text, text), DEFAULT_SENSITIVE_RULES), text).toBe(false);
      expect(screenSensitive(card('5411', text), DEFAULT_SENSITIVE_RULES), text).toBe(false);
    }
  });

  it('also read card merchants’ names, for care providers filed under a generic code', () => {
    expect(screenSensitive(card('5411', 'Apotheek De Linde'), DEFAULT_SENSITIVE_RULES)).toBe(true);
    expect(screenSensitive(card('6011', 'Holland Casino ATM'), DEFAULT_SENSITIVE_RULES)).toBe(true);
    expect(screenSensitive(groceries(), DEFAULT_SENSITIVE_RULES)).toBe(false);
  });

  it('match whole words for acronyms, ignoring case, punctuation and diacritics', () => {
    const sensitive = (name: string) => screenSensitive(transfer(name), DEFAULT_SENSITIVE_RULES);
    expect(sensitive('sp')).toBe(true);
    expect(sensitive('Sportclub')).toBe(false);
    expect(sensitive('GROENLINKS-PVDA')).toBe(true);
    expect(sensitive('Diëtistenpraktijk')).toBe(true);
    expect(sensitive('Fysiothérapie Zuid')).toBe(true);
    expect(sensitive('Pinksterkerk')).toBe(true);
    expect(sensitive('Kerkrade Bakkerij')).toBe(false);
  });

  it('have unique ids and a justification each', () => {
    const ids = SENSITIVE_COUNTERPARTY_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of SENSITIVE_COUNTERPARTY_RULES) expect(rule.justification.length).toBeGreaterThan(10);
  });

  it('screen references of incoming transfers too', () => {
    expect(screenSensitive(transfer('J. Jansen', 'terugbetaling tandarts'), DEFAULT_SENSITIVE_RULES)).toBe(
      true,
    );
    expect(screenSensitive(transfer('J. Jansen', 'etentje zaterdag'), DEFAULT_SENSITIVE_RULES)).toBe(false);
  });
});

describe('buildSensitiveRules', () => {
  it('returns the default when nothing is customised', () => {
    expect(buildSensitiveRules()).toBe(DEFAULT_SENSITIVE_RULES);
    expect(DEFAULT_SENSITIVE_RULES.version).toBe(SENSITIVE_RULES_VERSION);
  });

  it('adds codes and rules, and says so in the version', () => {
    const rules = buildSensitiveRules({
      extraMccs: ['5921'],
      extraCounterpartyRules: [
        {
          id: 'bank-own',
          category: 'health',
          words: ['kliniek x'],
          justification: 'Own list.',
          examples: ['Kliniek X'],
        },
      ],
    });
    expect(rules.version).toBe(`${SENSITIVE_RULES_VERSION}+custom.${rules.version.slice(-8)}`);
    expect(rules.version).toMatch(/\+custom\.[0-9a-f]{8}$/);
    expect(screenSensitive(card('5921'), rules)).toBe(true);
    expect(screenSensitive(card('5411', 'KLINIEK-X'), rules)).toBe(true);
    expect(screenSensitive(card('5912'), rules)).toBe(true);
  });

  it('fingerprints different customisations differently', () => {
    const a = buildSensitiveRules({ extraMccs: ['5921'] });
    const b = buildSensitiveRules({ extraMccs: ['5993'] });
    expect(a.version).not.toBe(b.version);
    expect(buildSensitiveRules({ extraMccs: ['5921'] }).version).toBe(a.version);
  });

  it('supports regular-expression rules for what terms cannot say', () => {
    const rules = buildSensitiveRules({
      extraCounterpartyRules: [
        {
          id: 'case-number',
          category: 'legal',
          pattern: 'zaak \\d{4} \\d+',
          justification: 'Court case numbers.',
          examples: [],
        },
      ],
    });
    expect(screenSensitive(transfer('Jansen', 'Zaaknr: zaak 2026/1234'), rules)).toBe(true);
    expect(screenSensitive(transfer('Jansen', 'zaak nummer'), rules)).toBe(false);
  });

  it('refuses to shrink the screen without the loudly named flag', () => {
    expect(() => buildSensitiveRules({ removeMccs: ['7995'] })).toThrow(SensitiveRulesConfigError);
    expect(() =>
      buildSensitiveRules({ removeMccs: ['7995'], iUnderstandThisShrinksTheSensitiveScreen: false }),
    ).toThrow(/iUnderstandThisShrinksTheSensitiveScreen/);
    expect(() => buildSensitiveRules({ removeCounterpartyRuleIds: ['gambling'] })).toThrow(
      SensitiveRulesConfigError,
    );
  });

  it('shrinks with the flag, and marks the version SHRUNK', () => {
    const rules = buildSensitiveRules({
      removeMccs: ['7995'],
      removeCounterpartyRuleIds: ['gambling'],
      iUnderstandThisShrinksTheSensitiveScreen: true,
    });
    expect(rules.version.startsWith(`${SENSITIVE_RULES_VERSION}-SHRUNK.`)).toBe(true);
    expect(rules.version).toMatch(/-SHRUNK\.[0-9a-f]{8}$/);
    expect(screenSensitive(card('7995', 'Holland Casino'), rules)).toBe(false);
    expect(screenSensitive(card('5912'), rules)).toBe(true);
  });

  it('rejects malformed configuration', () => {
    expect(() => buildSensitiveRules({ extraMccs: ['59'] })).toThrow(SensitiveRulesConfigError);
    expect(() =>
      buildSensitiveRules({
        removeCounterpartyRuleIds: ['nope'],
        iUnderstandThisShrinksTheSensitiveScreen: true,
      }),
    ).toThrow(/nope/);
    const rule = { id: 'x', category: 'health' as const, justification: 'x', examples: [] };
    expect(() => buildSensitiveRules({ extraCounterpartyRules: [rule] })).toThrow(/matches nothing/);
    expect(() => buildSensitiveRules({ extraCounterpartyRules: [{ ...rule, stems: ['--'] }] })).toThrow(
      /empty term/,
    );
    expect(() => buildSensitiveRules({ extraCounterpartyRules: [{ ...rule, pattern: '(' }] })).toThrow(
      /invalid pattern/,
    );
    expect(() =>
      buildSensitiveRules({ extraCounterpartyRules: [{ ...rule, id: 'gambling', stems: ['x'] }] }),
    ).toThrow(/duplicate/);
  });
});
