import type { SensitiveCategory } from '#data/sensitive-categories.js';

/**
 * The shapes of the sensitive lexicon. Terms are matched on a normalised text (./../SENSITIVE.md):
 * diacritics folded ("Diëtist" -> "dietist", "Straße" -> "strasse"), lower case, every run of other
 * characters one space. German terms written with an umlaut also match their ae/oe/ue spelling.
 *   - stems:    anywhere, also inside compounds ("apotheek" catches "Ziekenhuisapotheek");
 *   - words:    whole words or phrases ("sp" catches "SP", not "sport");
 *   - prefixes: a word starting with the term ("rouw" catches "Rouwcentrum", not "Vrouwenmode");
 *   - suffixes: a word ending with the term ("kerk" catches "Pinksterkerk", not "Kerkrade").
 */
export interface TermSet {
  readonly stems?: readonly string[];
  readonly words?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
}

export type CounterpartyText = 'name' | 'reference';
export type Language = 'nl' | 'en' | 'de' | 'fr';

/** One lexicon entry as the screen uses it: a group of terms with one category. */
export interface LexiconRule extends TermSet {
  /** Stable id, unique across the rule set (kebab-case). */
  readonly id: string;
  readonly category: SensitiveCategory;
  /** A regular expression over the normalised text; only for a bank's own rules (slower, none shipped). */
  readonly pattern?: string;
  /** Which texts the rule reads; default both. Short acronyms read only names to limit false hits. */
  readonly fields?: readonly CounterpartyText[];
  /**
   * The terms are everyday words as well as names ("Groen", "Volt", "Unite", "LR"): they count only
   * when the same payment also carries a membership or donation word (./in-doubt.ts, MEMBERSHIP_WORDS),
   * or make up the whole text.
   */
  readonly needsMembershipWord?: boolean;
}

/** What documents a rule (for shipped rules kept in ./notes.ts, out of the run-time bundles). */
export interface RuleNotes {
  /** Where the entries come from (a public register, a federation's member list, ...). */
  readonly source?: string;
  /** The languages (markets) the terms come from. */
  readonly languages?: readonly Language[];
  readonly justification: string;
  /** Raw texts (as a payment system would send them) this rule must catch. */
  readonly examples: readonly string[];
}

/** A rule with its notes: how a bank writes its own (SensitiveRulesOptions.extraCounterpartyRules). */
export interface CounterpartyRule extends LexiconRule, RuleNotes {}

/**
 * A known look-alike: an innocuous name that contains a sensitive term ("Dierenkliniek", "Kerkstraat",
 * "Lotto Sport Italia"). A sensitive term found entirely inside a look-alike's span does not count;
 * one found elsewhere in the same text still does ("Protestantse Kerk, Kerkstraat 5").
 */
export interface LookalikeTerms extends TermSet {
  readonly id: string;
}

/** A look-alike with its notes (kept in ./notes.ts, out of the run-time bundles). */
export interface LookalikeException extends LookalikeTerms {
  readonly justification: string;
  /** Raw texts the tests prove pass the screen. */
  readonly examples: readonly string[];
}
