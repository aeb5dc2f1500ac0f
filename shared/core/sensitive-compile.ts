import type { SensitiveCategory } from '#data/sensitive-categories.js';
import { CATEGORY_WORD_RULES } from '#data/sensitive-lexicon/category-words.js';
import { IN_DOUBT_RULE, MEMBERSHIP_WORDS } from '#data/sensitive-lexicon/in-doubt.js';
import {
  HOSPITALITY_WORDS,
  LOOKALIKE_EXCEPTIONS,
  NON_HUMAN_CARE_CONTEXT,
  PLACE_NAMES,
  STREET_BEFORE_WORDS,
  STREET_WORDS,
  SURNAME_WORDS,
  TRADE_CONTEXT,
  WHOLE_NAME_LOOKALIKES,
} from '#data/sensitive-lexicon/lookalikes.js';
import type { CounterpartyText, LexiconRule, TermSet } from '#data/sensitive-lexicon/types.js';
import {
  type Compiled,
  type CompiledText,
  compiled,
  type InDoubtSetting,
  type SensitiveRules,
  SensitiveRulesConfigError,
} from './sensitive-model.js';
import { buildTextMatcher, normaliseText, type TextMatcher } from './text-matcher.js';

/**
 * Compiling the sensitive rules into matchers: one Aho–Corasick automaton per text kind (names,
 * references) for every term of every rule, with per-term flags that tell the screen which hits need a
 * closer look, and the shared look-alike, street, trade and membership matchers.
 */

const UMLAUTS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'ae', Ö: 'oe', Ü: 'ue' };

const TRAILING_STOPWORD = / (?:of|de|la|du|der|van|voor|en|et|und|the|and|l|d)$/;

/** A term and whether it is weak (a whole word, prefix or suffix rather than a distinctive stem). */
interface Term {
  readonly term: string;
  readonly weak: boolean;
}

/**
 * The terms of a term set in the matcher's notation (a space marks a word boundary). German umlauts
 * are added in both spellings ("Ärzte", "Aerzte"); a phrase also matches squashed, as card-scheme
 * descriptors write it ("PAYPAL *CHURCHOFENGLAND", "IGMETALL").
 */
export function termsOf(set: TermSet, owner: string): Term[] {
  const norm = (term: string): string[] => {
    const spellings = /[äöüÄÖÜ]/.test(term)
      ? [term, term.replace(/[äöüÄÖÜ]/g, (u) => UMLAUTS[u] ?? u)]
      : [term];
    return spellings.map((spelling) => {
      const normalised = normaliseText(spelling);
      if (normalised === '') throw new SensitiveRulesConfigError(`${owner} has an empty term`);
      return normalised;
    });
  };
  const squashed = (phrases: readonly string[]): Term[] =>
    phrases.flatMap(norm).flatMap((phrase) => {
      const joined = phrase.replaceAll(' ', '');
      return phrase.includes(' ') && joined.length >= 7 && !TRAILING_STOPWORD.test(phrase)
        ? [{ term: joined, weak: false }]
        : [];
    });
  const all = (terms: readonly string[] | undefined, shape: (t: string) => string, weak: boolean): Term[] =>
    (terms ?? []).flatMap(norm).map((term) => ({ term: shape(term), weak }));
  return [
    ...all(set.stems, (t) => t, false),
    ...all(set.words, (t) => ` ${t} `, true),
    ...all(set.prefixes, (t) => ` ${t}`, true),
    ...all(set.suffixes, (t) => `${t} `, true),
    ...squashed([...(set.stems ?? []), ...(set.words ?? [])]),
  ];
}

function validateRule(rule: LexiconRule): void {
  if (termsOf(rule, `counterparty rule "${rule.id}"`).length === 0 && rule.pattern === undefined) {
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

/** Every look-alike's letters, to tell which terms a look-alike could ever cover. */
let lookalikeTexts: readonly string[] | undefined;
function allLookalikeTexts(): readonly string[] {
  lookalikeTexts ??= [
    ...[...LOOKALIKE_EXCEPTIONS, { stems: PLACE_NAMES }].flatMap((set) =>
      termsOf(set, 'look-alike').map((term) => term.term.trim()),
    ),
    ...WHOLE_NAME_LOOKALIKES.map(normaliseText),
  ];
  return lookalikeTexts;
}

/**
 * The terms some look-alike contains (found by running the terms' own automaton over every look-alike):
 * only their hits need the look-alike check, every other hit skips it.
 */
function coverableTerms(matcher: TextMatcher, count: number): Uint8Array {
  const coverable = new Uint8Array(count);
  for (const lookalike of allLookalikeTexts()) {
    for (const hit of matcher.findNormalised(` ${lookalike} `)) coverable[hit.term] = 1;
  }
  return coverable;
}

/** The terms some surname of the person-name rule contains: only their hits need that rule. */
function surnameLikeTerms(matcher: TextMatcher, count: number): Uint8Array {
  const surnameLike = new Uint8Array(count);
  for (const surname of SURNAME_WORDS) {
    for (const hit of matcher.findNormalised(` ${surname} `)) surnameLike[hit.term] = 1;
  }
  return surnameLike;
}

function compileText(rules: readonly LexiconRule[], text: CounterpartyText): CompiledText {
  const reading = rules.filter((rule) => (rule.fields ?? ['name', 'reference']).includes(text));
  const terms: string[] = [];
  const categories: SensitiveCategory[] = [];
  const weak: number[] = [];
  const needsMembership: number[] = [];
  const marker: number[] = [];
  const add = (
    term: string,
    category: SensitiveCategory,
    isWeak: boolean,
    needs: boolean,
    isMarker: boolean,
  ) => {
    terms.push(term);
    categories.push(category);
    weak.push(isWeak ? 1 : 0);
    needsMembership.push(needs ? 1 : 0);
    marker.push(isMarker ? 1 : 0);
  };
  for (const rule of reading) {
    for (const term of termsOf(rule, `counterparty rule "${rule.id}"`)) {
      add(term.term, rule.category, term.weak, rule.needsMembershipWord === true, false);
    }
  }
  for (const set of [MEMBERSHIP_WORDS, IN_DOUBT_RULE.dues]) {
    for (const term of termsOf(set, 'membership words')) add(term.term, 'membership', true, false, true);
  }
  const patterns = reading.flatMap((rule) =>
    rule.pattern === undefined ? [] : [{ regex: new RegExp(rule.pattern), category: rule.category }],
  );
  const matcher = buildTextMatcher(terms);
  return {
    terms: matcher,
    categories,
    weak: Uint8Array.from(weak),
    needsMembership: Uint8Array.from(needsMembership),
    marker: Uint8Array.from(marker),
    coverable: coverableTerms(matcher, terms.length),
    surnameLike: surnameLikeTerms(matcher, terms.length),
    patterns,
  };
}

function compileSet(sets: readonly TermSet[], owner: string): TextMatcher {
  return buildTextMatcher(sets.flatMap((set) => termsOf(set, owner).map((term) => term.term)));
}

export function compile(
  version: string,
  mccs: ReadonlySet<string>,
  counterpartyRules: readonly LexiconRule[],
  inDoubt: InDoubtSetting,
): SensitiveRules {
  const ids = new Set<string>();
  for (const rule of counterpartyRules) {
    validateRule(rule);
    if (ids.has(rule.id)) throw new SensitiveRulesConfigError(`duplicate counterparty rule id "${rule.id}"`);
    ids.add(rule.id);
  }
  let context: Compiled | undefined;
  return {
    version,
    mccs,
    counterpartyRules,
    inDoubt,
    // Compiled on first use, not at import: a Lambda's cold init stays short, and a bank's rule set
    // built but never used costs nothing. The parts that do not depend on the rules are shared.
    get [compiled](): Compiled {
      context ??= {
        ...sharedContext(),
        name: compileText(counterpartyRules, 'name'),
        reference: compileText(counterpartyRules, 'reference'),
      };
      return context;
    },
  };
}

type SharedContext = Omit<Compiled, 'name' | 'reference'>;
let shared: SharedContext | undefined;

function sharedContext(): SharedContext {
  shared ??= {
    lookalikes: compileSet([...LOOKALIKE_EXCEPTIONS, { stems: PLACE_NAMES }], 'look-alike'),
    wholeNameLookalikes: new Set(WHOLE_NAME_LOOKALIKES.map(normaliseText)),
    trades: compileSet([TRADE_CONTEXT], 'trade context'),
    quickVeto: compileSet(
      [
        { stems: STREET_WORDS.filter((word) => word.length > 2) },
        { words: [...STREET_WORDS.filter((word) => word.length <= 2), ...STREET_BEFORE_WORDS] },
        HOSPITALITY_WORDS,
        NON_HUMAN_CARE_CONTEXT,
      ],
      'quick-verdict vetoes',
    ),
    nonHumanCare: compileSet([NON_HUMAN_CARE_CONTEXT], 'non-human care context'),
    membership: compileSet([MEMBERSHIP_WORDS], 'membership words'),
    hospitality: compileSet([HOSPITALITY_WORDS], 'hospitality words'),
    everydayAssociation: compileSet([IN_DOUBT_RULE.everyday], 'in-doubt everyday'),
    doubt: {
      dues: compileSet([IN_DOUBT_RULE.dues], 'in-doubt dues'),
      associations: compileSet([IN_DOUBT_RULE.associations], 'in-doubt associations'),
      everyday: compileSet([IN_DOUBT_RULE.everyday], 'in-doubt everyday'),
    },
    categoryWords: compileText(CATEGORY_WORD_RULES, 'name'),
  };
  return shared;
}
