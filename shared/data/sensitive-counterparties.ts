/**
 * The sensitive lexicon for names and references: transfers and direct debits carry no merchant
 * category code, so the screen recognises sensitive counterparties by name and payment reference. The
 * same name rules also run on card merchants' names, as a second net for care providers and casinos
 * filed under a generic MCC.
 *
 * The entries live per category in ./sensitive-lexicon/ (each with its source, languages, justification
 * and examples the unit tests check); known look-alikes in ./sensitive-lexicon/lookalikes.ts; the "in
 * doubt" rule in ./sensitive-lexicon/in-doubt.ts. Matching: ./sensitive-lexicon/types.ts.
 *
 * False positives cost an offer (the payment is used for nothing); false negatives leak special-category
 * data into a sales decision. Both are measured: `npm run screen:eval` (bench/screen-eval.ts).
 *
 * Bump SENSITIVE_RULES_VERSION (./sensitive-mcc.ts) on every change. How to extend: ./SENSITIVE.md.
 */

import { SENSITIVE_LEXICON } from './sensitive-lexicon/index.js';
import { LOOKALIKE_EXCEPTIONS as LOOKALIKE_TERMS } from './sensitive-lexicon/lookalikes.js';
import { LEXICON_NOTES, LOOKALIKE_NOTES } from './sensitive-lexicon/notes.js';
import type { CounterpartyRule, LookalikeException } from './sensitive-lexicon/types.js';

export { CATEGORY_WORD_RULES } from './sensitive-lexicon/category-words.js';
export { IN_DOUBT_RULE, type InDoubtRule, MEMBERSHIP_WORDS } from './sensitive-lexicon/in-doubt.js';
export { SENSITIVE_LEXICON } from './sensitive-lexicon/index.js';
export {
  NON_HUMAN_CARE_CONTEXT,
  PLACE_NAMES,
  STREET_BEFORE,
  STREET_BEFORE_WORDS,
  STREET_WORDS,
  TRADE_CONTEXT,
  WHOLE_NAME_LOOKALIKES,
} from './sensitive-lexicon/lookalikes.js';
export { IN_DOUBT_EXAMPLES } from './sensitive-lexicon/notes.js';
export type {
  CounterpartyRule,
  CounterpartyText,
  Language,
  LexiconRule,
  LookalikeException,
  LookalikeTerms,
  RuleNotes,
  TermSet,
} from './sensitive-lexicon/types.js';

/**
 * The shipped rules with their notes (source, languages, justification, examples), for tests, docs and
 * reviews. The run-time screen imports SENSITIVE_LEXICON instead, so the notes stay out of the bundles.
 */
export const SENSITIVE_COUNTERPARTY_RULES: readonly CounterpartyRule[] = SENSITIVE_LEXICON.map((rule) => {
  const notes = LEXICON_NOTES[rule.id];
  if (notes === undefined)
    throw new Error(`lexicon rule "${rule.id}" has no notes in sensitive-lexicon/notes.ts`);
  return { ...rule, ...notes };
});

/** The look-alike classes with their notes (justification, examples the tests check). */
export const LOOKALIKE_EXCEPTIONS: readonly LookalikeException[] = LOOKALIKE_TERMS.map((lookalike) => {
  const notes = LOOKALIKE_NOTES[lookalike.id];
  if (notes === undefined)
    throw new Error(`look-alike "${lookalike.id}" has no notes in sensitive-lexicon/notes.ts`);
  return { ...lookalike, ...notes };
});

/**
 * Texts that must pass the screen untouched: the counterparties of the seed triggers and everyday
 * names that contain a sensitive stem by accident. The unit tests check every one, so a new rule that
 * would swallow child benefit or student finance fails the build instead of silently killing offers.
 */
export const MUST_NOT_MATCH_EXAMPLES: readonly string[] = [
  'Sociale Verzekeringsbank',
  'SVB',
  'DUO',
  'Dienst Uitvoering Onderwijs',
  'Kinderbijslag 3e kwartaal 2026',
  'Studiefinanciering september',
  'Chase ATM',
  'KLM Royal Dutch Airlines',
  'Transavia',
  'TUI Nederland',
  'Albert Heijn 1234',
  'Gemeente Kerkrade',
  'Gemeente Amsterdam',
  'Gemeente Ede belastingen',
  'Kerkstraat 12 Amsterdam',
  'Sportschool Fit',
  'Fototoestel Webshop',
  'Vrouwenmode Lisa',
  'Q-Park Parking Centrum',
  'Hospitality Group BV',
  'Churchill Pub',
  'Incidental costs refund',
  'Updating subscription',
  'Sp0rt & Spel',
  'Salaris november',
  'Huur december',
  'Coolblue',
  'Bol.com',
  'Belastingdienst',
  'Waterschap Rivierenland',
];
