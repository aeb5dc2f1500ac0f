import type { SensitiveCategory } from '#data/sensitive-categories.js';
import type { CounterpartyRule, LexiconRule } from '#data/sensitive-lexicon/types.js';
import type { TextMatcher } from './text-matcher.js';

/**
 * The sensitive screen's model: the rules a bank configures and the matchers compiled from them. The
 * compiled matchers sit behind a symbol, so only this module family (sensitive-*.ts) can reach them: which
 * rule or category matched never leaves the screen.
 */

export const compiled = Symbol('compiled sensitive rules');

export interface CompiledText {
  /** One automaton for every stem, word, prefix and suffix of the rules that read this text. */
  readonly terms: TextMatcher;
  /** The category of each term, by its index in the automaton. */
  readonly categories: readonly SensitiveCategory[];
  /** Per term: 1 when it is a whole word, prefix or suffix (an everyday trade in the text outweighs it). */
  readonly weak: Uint8Array;
  /** Per term: 1 when it counts only next to a membership or donation word. */
  readonly needsMembership: Uint8Array;
  /**
   * Per term: 1 for a membership or dues word carried along only so that one scan tells whether a text
   * needs a closer look (ambiguous names, the in-doubt rule); it is no category itself.
   */
  readonly marker: Uint8Array;
  /** Per term: 1 when some look-alike contains it, so a look-alike could cover a hit of it. */
  readonly coverable: Uint8Array;
  /** Per term: 1 when some surname of the person-name rule contains it ("apotheke" in "Apotheker"). */
  readonly surnameLike: Uint8Array;
  /** Only for rules with a `pattern` (none in the shipped set); run on the normalised text. */
  readonly patterns: ReadonlyArray<{ readonly regex: RegExp; readonly category: SensitiveCategory }>;
}

export interface CompiledDoubt {
  readonly dues: TextMatcher;
  readonly associations: TextMatcher;
  readonly everyday: TextMatcher;
}

export interface Context {
  readonly lookalikes: TextMatcher;
  /**
   * Any street, hospitality or animal/vehicle/device word at all: without one, no hit can be part of a
   * street name, a venue's name or a non-human "clinic", and a distinctive stem decides at once.
   */
  readonly quickVeto: TextMatcher;
  readonly wholeNameLookalikes: ReadonlySet<string>;
  readonly trades: TextMatcher;
  readonly nonHumanCare: TextMatcher;
  readonly membership: TextMatcher;
  /** Café, restaurant and inn words: a hit after an article in such a text is the venue's name. */
  readonly hospitality: TextMatcher;
  /** Known innocuous association kinds (sports, hobby, residents): ambiguous names do not count. */
  readonly everydayAssociation: TextMatcher;
}

export interface Compiled extends Context {
  readonly name: CompiledText;
  readonly reference: CompiledText;
  readonly doubt: CompiledDoubt;
  /** Lint only: words that name a category ("gezondheid", "religion"). */
  readonly categoryWords: CompiledText;
}

/** The "in doubt" rule's setting: screen (the default), or not, with the reason a privacy officer gave. */
export type InDoubtSetting = { readonly screen: true } | { readonly screen: false; readonly reason: string };

export interface SensitiveRules {
  /** Recorded in every decision's policyVersion; says when the rules deviate from the shipped default. */
  readonly version: string;
  readonly mccs: ReadonlySet<string>;
  readonly counterpartyRules: readonly LexiconRule[];
  readonly inDoubt: InDoubtSetting;
  /** Matchers compiled from the rules; only DEFAULT_SENSITIVE_RULES / buildSensitiveRules make them. */
  readonly [compiled]: Compiled;
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
  /**
   * Not screening payments in doubt (dues to an unknown association) needs a reason of at least 20
   * characters (who decided, when, why); the version then says "+doubt-allowed" in every decision.
   */
  readonly inDoubt?: InDoubtSetting;
}
