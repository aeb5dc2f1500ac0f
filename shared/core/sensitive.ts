import {
  type CounterpartyRule,
  type CounterpartyText,
  SENSITIVE_COUNTERPARTY_RULES,
} from '../data/sensitive-counterparties.js';
import { SENSITIVE_MCCS, SENSITIVE_RULES_VERSION } from '../data/sensitive-mcc.js';
import { sha256Hex } from './hash.js';
import type { PaymentEvent } from './payment-event.js';
import { buildTextMatcher, normaliseText, type TextMatcher } from './text-matcher.js';

/**
 * The sensitive screen: the first thing that looks at an event, before triggers, consent or any
 * customer data. It answers only yes/no; which rule or category matched never leaves this module, so
 * it cannot end up in an audit record, a log line or a metric dimension.
 */

export type { CounterpartyRule } from '../data/sensitive-counterparties.js';
export { SENSITIVE_RULES_VERSION } from '../data/sensitive-mcc.js';
export { normaliseText } from './text-matcher.js';

const compiled = Symbol('compiled sensitive rules');

interface CompiledText {
  /** One automaton for every stem, word, prefix and suffix of the rules that read this text. */
  readonly terms: TextMatcher;
  /** Only for rules with a `pattern` (none in the shipped set); run on the normalised text. */
  readonly patterns: RegExp | undefined;
}

export interface SensitiveRules {
  /** Recorded in every decision's policyVersion; says when the rules deviate from the shipped default. */
  readonly version: string;
  readonly mccs: ReadonlySet<string>;
  readonly counterpartyRules: readonly CounterpartyRule[];
  /** Matchers compiled from counterpartyRules; only DEFAULT_SENSITIVE_RULES / buildSensitiveRules make them. */
  readonly [compiled]: { readonly name: CompiledText; readonly reference: CompiledText };
}

/** A rule configuration the core refuses: an invalid code, term or pattern, or an unacknowledged shrink. */
export class SensitiveRulesConfigError extends Error {
  override readonly name = 'SensitiveRulesConfigError';
}

export interface SensitiveRulesOptions {
  readonly extraMccs?: readonly string[];
  readonly extraCounterpartyRules?: readonly CounterpartyRule[];
  readonly removeMccs?: readonly string[];
  readonly removeCounterpartyRuleIds?: readonly string[];
  /**
   * Removing anything from the shipped screen lets payments that reveal health, religion, politics,
   * union membership, sex life or criminal matters flow into sales decisions. It needs this flag, and
   * the version of the resulting rules says "SHRUNK" in every decision they make.
   */
  readonly iUnderstandThisShrinksTheSensitiveScreen?: boolean;
}

/** The terms of a rule in the matcher's notation: a space marks a word boundary. */
function ruleTerms(rule: CounterpartyRule): string[] {
  const norm = (term: string): string => {
    const normalised = normaliseText(term);
    if (normalised === '')
      throw new SensitiveRulesConfigError(`counterparty rule "${rule.id}" has an empty term`);
    return normalised;
  };
  return [
    ...(rule.stems ?? []).map(norm),
    ...(rule.words ?? []).map((word) => ` ${norm(word)} `),
    ...(rule.prefixes ?? []).map((prefix) => ` ${norm(prefix)}`),
    ...(rule.suffixes ?? []).map((suffix) => `${norm(suffix)} `),
  ];
}

function validateRule(rule: CounterpartyRule): void {
  if (ruleTerms(rule).length === 0 && rule.pattern === undefined) {
    throw new SensitiveRulesConfigError(`counterparty rule "${rule.id}" matches nothing`);
  }
  if (rule.pattern !== undefined) {
    try {
      new RegExp(rule.pattern);
    } catch {
      throw new SensitiveRulesConfigError(`counterparty rule "${rule.id}" has an invalid pattern`);
    }
  }
}

function compileText(rules: readonly CounterpartyRule[], text: CounterpartyText): CompiledText {
  const reading = rules.filter((rule) => (rule.fields ?? ['name', 'reference']).includes(text));
  const patterns = reading.flatMap((rule) => (rule.pattern === undefined ? [] : [`(?:${rule.pattern})`]));
  return {
    terms: buildTextMatcher(reading.flatMap(ruleTerms)),
    patterns: patterns.length === 0 ? undefined : new RegExp(patterns.join('|')),
  };
}

function compile(
  version: string,
  mccs: ReadonlySet<string>,
  counterpartyRules: readonly CounterpartyRule[],
): SensitiveRules {
  const ids = new Set<string>();
  for (const rule of counterpartyRules) {
    validateRule(rule);
    if (ids.has(rule.id)) throw new SensitiveRulesConfigError(`duplicate counterparty rule id "${rule.id}"`);
    ids.add(rule.id);
  }
  return {
    version,
    mccs,
    counterpartyRules,
    [compiled]: {
      name: compileText(counterpartyRules, 'name'),
      reference: compileText(counterpartyRules, 'reference'),
    },
  };
}

/** The shipped screen: every code in shared/data/sensitive-mcc.ts, every counterparty rule. */
export const DEFAULT_SENSITIVE_RULES: SensitiveRules = compile(
  SENSITIVE_RULES_VERSION,
  new Set(SENSITIVE_MCCS.map((entry) => entry.mcc)),
  SENSITIVE_COUNTERPARTY_RULES,
);

/**
 * Builds a screen from the default plus a bank's additions (always allowed) and removals (only with
 * `iUnderstandThisShrinksTheSensitiveScreen`). The version names the deviation and fingerprints it, so
 * two different customisations never share a version: "2026-11-21.1+custom.1a2b3c4d" or
 * "2026-11-21.1-SHRUNK.1a2b3c4d".
 */
export function buildSensitiveRules(options: SensitiveRulesOptions = {}): SensitiveRules {
  const extraMccs = options.extraMccs ?? [];
  const extraRules = options.extraCounterpartyRules ?? [];
  const removeMccs = options.removeMccs ?? [];
  const removeRuleIds = options.removeCounterpartyRuleIds ?? [];
  for (const mcc of [...extraMccs, ...removeMccs]) {
    if (!/^\d{4}$/.test(mcc)) throw new SensitiveRulesConfigError(`"${mcc}" is not a 4-digit MCC`);
  }
  const shrinks = removeMccs.length > 0 || removeRuleIds.length > 0;
  if (shrinks && options.iUnderstandThisShrinksTheSensitiveScreen !== true) {
    throw new SensitiveRulesConfigError(
      'Refusing to shrink the sensitive screen below the shipped default: removing MCCs or counterparty ' +
        'rules lets special-category payments into offer decisions. Set ' +
        'iUnderstandThisShrinksTheSensitiveScreen: true if your privacy officer has approved this.',
    );
  }
  const unknownRuleIds = removeRuleIds.filter(
    (id) => !SENSITIVE_COUNTERPARTY_RULES.some((rule) => rule.id === id),
  );
  if (unknownRuleIds.length > 0) {
    throw new SensitiveRulesConfigError(
      `no counterparty rule with id ${unknownRuleIds.map((id) => `"${id}"`).join(', ')}`,
    );
  }
  const removedMccs = new Set(removeMccs);
  const mccs = new Set(
    [...DEFAULT_SENSITIVE_RULES.mccs, ...extraMccs].filter((mcc) => !removedMccs.has(mcc)),
  );
  const removedRules = new Set(removeRuleIds);
  const rules = [...SENSITIVE_COUNTERPARTY_RULES.filter((rule) => !removedRules.has(rule.id)), ...extraRules];
  const customised = shrinks || extraMccs.length > 0 || extraRules.length > 0;
  if (!customised) return DEFAULT_SENSITIVE_RULES;
  const fingerprint = sha256Hex(
    JSON.stringify({
      extraMccs: [...extraMccs].sort(),
      removeMccs: [...removeMccs].sort(),
      extraRules,
      removeRuleIds,
    }),
  ).slice(0, 8);
  const version = `${SENSITIVE_RULES_VERSION}${shrinks ? '-SHRUNK' : '+custom'}.${fingerprint}`;
  return compile(version, mccs, rules);
}

function matches(compiledText: CompiledText, text: string): boolean {
  if (compiledText.terms.test(text)) return true;
  return compiledText.patterns?.test(normaliseText(text)) === true;
}

/** True when the event must be screened out as sensitive. Looks at the event only. */
export function screenSensitive(event: PaymentEvent, rules: SensitiveRules): boolean {
  const { name, reference } = rules[compiled];
  const { merchant, counterparty } = event;
  if (merchant !== undefined) {
    if (rules.mccs.has(merchant.mcc)) return true;
    if (matches(name, merchant.name)) return true;
  }
  if (counterparty !== undefined) {
    if (matches(name, counterparty.name)) return true;
    if (counterparty.reference !== undefined && matches(reference, counterparty.reference)) return true;
  }
  return false;
}
