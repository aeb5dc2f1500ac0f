import type { SensitiveCategory } from '#data/sensitive-categories.js';
// Not ../data/sensitive-counterparties.js: that one adds the rules' notes, which the bundles need not carry.
import { CATEGORY_WORD_RULES } from '#data/sensitive-lexicon/category-words.js';
import { IN_DOUBT_RULE, MEMBERSHIP_WORDS } from '#data/sensitive-lexicon/in-doubt.js';
import { SENSITIVE_LEXICON } from '#data/sensitive-lexicon/index.js';
import {
  FIRST_NAMES,
  HOSPITALITY_WORDS,
  LOOKALIKE_EXCEPTIONS,
  NON_HUMAN_CARE_CONTEXT,
  PERSON_NAME_PARTS,
  PLACE_NAMES,
  STREET_BEFORE,
  STREET_BEFORE_WORDS,
  STREET_WORDS,
  SURNAME_WORDS,
  TRADE_CONTEXT,
  VENUE_ARTICLES,
  WHOLE_NAME_LOOKALIKES,
} from '#data/sensitive-lexicon/lookalikes.js';
import type {
  CounterpartyRule,
  CounterpartyText,
  LexiconRule,
  TermSet,
} from '#data/sensitive-lexicon/types.js';
import { SENSITIVE_MCCS, SENSITIVE_RULES_VERSION } from '#data/sensitive-mcc.js';
import { sha256Hex } from './hash.js';
import type { PaymentEvent } from './payment-event.js';
import { buildTextMatcher, normaliseText, type TextMatcher } from './text-matcher.js';

/**
 * The sensitive screen: the first thing that looks at an event, before triggers, consent or any
 * customer data. At run time it answers only yes/no; which rule or category matched never leaves this
 * module, so it cannot end up in an audit record, a log line or a metric dimension. The design-time
 * lint (./catalog/sensitive-lint.ts) asks `classifyText` about the texts a trigger author wrote.
 *
 * One compiled Aho–Corasick automaton per text kind (names, references) holds every term of every rule;
 * a second one holds the known look-alikes. The common case (no sensitive term) costs one pass over the
 * text without allocation; only a text with a hit is normalised once more to weigh the look-alikes.
 */

export type { SensitiveCategory } from '#data/sensitive-categories.js';
export type { CounterpartyRule, LexiconRule } from '#data/sensitive-lexicon/types.js';
export { SENSITIVE_RULES_VERSION } from '#data/sensitive-mcc.js';
export { normaliseText } from './text-matcher.js';

const compiled = Symbol('compiled sensitive rules');

interface CompiledText {
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

interface CompiledDoubt {
  readonly dues: TextMatcher;
  readonly associations: TextMatcher;
  readonly everyday: TextMatcher;
}

interface Context {
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

interface Compiled extends Context {
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

function compile(
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

/** The shipped screen: every code in shared/data/sensitive-mcc.ts, every lexicon rule, doubt screened. */
export const DEFAULT_SENSITIVE_RULES: SensitiveRules = compile(
  SENSITIVE_RULES_VERSION,
  new Set(SENSITIVE_MCCS.map((entry) => entry.mcc)),
  SENSITIVE_LEXICON,
  { screen: true },
);

const MIN_REASON_LENGTH = 20;

/**
 * Builds a screen from the default plus a bank's additions (always allowed), removals (only with
 * `iUnderstandThisShrinksTheSensitiveScreen`) and the in-doubt setting (off only with a reason). The
 * version names the deviation and fingerprints it, so two different customisations never share a
 * version: "2026-11-30.2+custom.1a2b3c4d", "2026-11-30.2-SHRUNK.1a2b3c4d", "...+doubt-allowed.1a2b3c4d".
 */
export function buildSensitiveRules(options: SensitiveRulesOptions = {}): SensitiveRules {
  const extraMccs = options.extraMccs ?? [];
  const extraRules = options.extraCounterpartyRules ?? [];
  const removeMccs = options.removeMccs ?? [];
  const removeRuleIds = options.removeCounterpartyRuleIds ?? [];
  const inDoubt = options.inDoubt ?? { screen: true };
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
  if (!inDoubt.screen && inDoubt.reason.trim().length < MIN_REASON_LENGTH) {
    throw new SensitiveRulesConfigError(
      'inDoubt: not screening payments in doubt (dues to an unknown association) needs a recorded reason ' +
        `of at least ${MIN_REASON_LENGTH} characters: who decided, when, and why.`,
    );
  }
  const unknownRuleIds = removeRuleIds.filter((id) => !SENSITIVE_LEXICON.some((rule) => rule.id === id));
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
  const rules = [...SENSITIVE_LEXICON.filter((rule) => !removedRules.has(rule.id)), ...extraRules];
  const customised = shrinks || extraMccs.length > 0 || extraRules.length > 0 || !inDoubt.screen;
  if (!customised) return DEFAULT_SENSITIVE_RULES;
  const fingerprint = sha256Hex(
    JSON.stringify({
      extraMccs: [...extraMccs].sort(),
      removeMccs: [...removeMccs].sort(),
      extraRules,
      removeRuleIds,
      inDoubt,
    }),
  ).slice(0, 8);
  const kind = shrinks ? '-SHRUNK' : extraMccs.length > 0 || extraRules.length > 0 ? '+custom' : '';
  const doubt = inDoubt.screen ? '' : '+doubt-allowed';
  return compile(`${SENSITIVE_RULES_VERSION}${kind}${doubt}.${fingerprint}`, mccs, rules, inDoubt);
}

const SPACED_STREET_WORDS = STREET_WORDS.filter((word) => word.length > 3).map((word) => ` ${word} `);

/** True when the hit is part of a street name: "Kerkstraat", "Church Street", "Rue de l'Église". */
function inStreetName(padded: string, start: number, end: number): boolean {
  if (padded.charCodeAt(end) !== 0x20) {
    for (const word of STREET_WORDS) {
      if (padded.startsWith(word, end)) {
        const after = padded.charCodeAt(end + word.length);
        if (after === 0x20 || (after >= 0x30 && after <= 0x39)) return true;
      }
    }
  } else {
    for (const word of SPACED_STREET_WORDS) if (padded.startsWith(word, end)) return true;
  }
  return start > 1 && STREET_BEFORE.test(padded.slice(Math.max(0, start - 16), start));
}

const SURNAMES: ReadonlySet<string> = new Set(SURNAME_WORDS);
const NAME_PARTS: ReadonlySet<string> = new Set(PERSON_NAME_PARTS);
const GIVEN_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES);
const ARTICLE_ENDINGS: readonly string[] = VENUE_ARTICLES.map((article) => ` ${article} `);

/**
 * Where a person's surname starts in `padded` when the whole text is a person's name whose surname is
 * a sensitive word ("R. Dokter", "Kees Kapelaan", "Dhr. H. Apotheker"), else -1. Initials or a first
 * name must stand before it; titles and particles may ("Fam. van der Kerk").
 */
export function personSurnameStart(padded: string): number {
  const words = padded.trim().split(' ');
  const surname = words[words.length - 1];
  if (words.length < 2 || words.length > 5 || surname === undefined || !SURNAMES.has(surname)) return -1;
  let named = false;
  for (const word of words.slice(0, -1)) {
    if (word.length === 1 || GIVEN_NAMES.has(word)) named = true;
    else if (!NAME_PARTS.has(word)) return -1;
  }
  return named ? padded.length - 1 - surname.length : -1;
}

/** True when the hit directly follows an article: "Café De Apotheek", "Café du Tribunal". */
function afterArticle(padded: string, start: number): boolean {
  if (padded.charCodeAt(start - 1) !== 0x20) return false;
  const before = padded.slice(Math.max(0, start - 8), start);
  return ARTICLE_ENDINGS.some((article) => before.endsWith(article) || ` ${before}`.endsWith(article));
}

/**
 * The category of the first sensitive term in `text` that counts, if any. A term does not count when
 * a look-alike covers it, when it is part of a street name, when it is a weak term (word, prefix,
 * suffix) in the name of an everyday trade, when it is a health term in a business for animals,
 * vehicles or devices, or when it needs a membership word the payment does not carry (unless it is the
 * whole text). A brand whose whole name is a sensitive word ("CLINIQUE") is excused as a whole.
 */
function categoryIn(
  text: string,
  rules: CompiledText,
  context: Context,
  membership: () => boolean,
  everyday: () => boolean,
): SensitiveCategory | undefined {
  const first = rules.terms.first(text);
  if (first !== -1) {
    // Quick verdict for the usual hit: a distinctive stem that is no surname, with no look-alike and no
    // street, hospitality, animal, vehicle or device word anywhere in the text.
    const category = rules.categories[first];
    if (
      category !== undefined &&
      rules.weak[first] === 0 &&
      rules.marker[first] === 0 &&
      rules.needsMembership[first] === 0 &&
      rules.surnameLike[first] === 0 &&
      (rules.coverable[first] === 0 || !context.lookalikes.test(text)) &&
      !context.quickVeto.test(text)
    ) {
      return category;
    }
    const normalised = normaliseText(text);
    if (context.wholeNameLookalikes.has(normalised)) return undefined;
    const padded = ` ${normalised} `;
    let covers: ReturnType<TextMatcher['find']> | undefined;
    let trade: boolean | undefined;
    let nonHuman: boolean | undefined;
    let venue: boolean | undefined;
    const surnameStart = personSurnameStart(padded);
    for (const hit of rules.terms.findNormalised(padded)) {
      if (rules.marker[hit.term] === 1) continue;
      // An ambiguous name counts next to a membership word, or when it is the whole text ("Volt"), and
      // never in a payment to a known everyday kind of association ("Bridge Bond contributie").
      const whole = hit.start === 1 && hit.end === padded.length - 1;
      if (rules.needsMembership[hit.term] === 1 && ((!whole && !membership()) || everyday())) continue;
      // A person's surname ("R. Dokter", "Marie Temple") is not an organisation.
      if (surnameStart !== -1 && hit.start >= surnameStart) continue;
      if (afterArticle(padded, hit.start)) {
        venue ??= context.hospitality.test(text);
        if (venue) continue;
      }
      if (rules.coverable[hit.term] === 1) {
        covers ??= context.lookalikes.findNormalised(padded);
        if (covers.some((cover) => cover.start <= hit.start && hit.end <= cover.end)) continue;
      }
      if (inStreetName(padded, hit.start, hit.end)) continue;
      if (rules.weak[hit.term] === 1) {
        trade ??= context.trades.test(text);
        if (trade) continue;
      }
      const category = rules.categories[hit.term];
      if (category === 'health') {
        nonHuman ??= context.nonHumanCare.test(text);
        if (nonHuman) continue;
      }
      return category;
    }
  }
  if (rules.patterns.length === 0) return undefined;
  const normalised = normaliseText(text);
  return rules.patterns.find((pattern) => pattern.regex.test(normalised))?.category;
}

function inDoubt(texts: readonly string[], doubt: CompiledDoubt): boolean {
  if (!texts.some((text) => doubt.dues.test(text))) return false;
  return (
    texts.some((text) => doubt.associations.test(text)) && !texts.some((text) => doubt.everyday.test(text))
  );
}

/** True when the event must be screened out as sensitive. Looks at the event only. */
export function screenSensitive(event: PaymentEvent, rules: SensitiveRules): boolean {
  const context = rules[compiled];
  const { merchant, counterparty } = event;
  if (merchant !== undefined && rules.mccs.has(merchant.mcc)) return true;
  // Fast path: one scan per text over one automaton that also holds the membership words. Most
  // payments hit nothing at all and leave here without allocating anything.
  const patterns = context.name.patterns.length > 0 || context.reference.patterns.length > 0;
  const reference = counterparty?.reference;
  if (
    !patterns &&
    (merchant === undefined || !context.name.terms.test(merchant.name)) &&
    (counterparty === undefined || !context.name.terms.test(counterparty.name)) &&
    (reference === undefined || !context.reference.terms.test(reference))
  ) {
    return false;
  }
  const texts: string[] = [];
  if (merchant !== undefined) texts.push(merchant.name);
  if (counterparty !== undefined) texts.push(counterparty.name);
  if (reference !== undefined) texts.push(reference);
  // A membership word anywhere in the payment lets ambiguous names count ("Lidgeld" + "Groen").
  let member: boolean | undefined;
  const membership = (): boolean => {
    member ??= texts.some((text) => context.membership.test(text));
    return member;
  };
  let ordinary: boolean | undefined;
  const everyday = (): boolean => {
    ordinary ??= texts.some((text) => context.everydayAssociation.test(text));
    return ordinary;
  };
  if (
    merchant !== undefined &&
    categoryIn(merchant.name, context.name, context, membership, everyday) !== undefined
  ) {
    return true;
  }
  if (
    counterparty !== undefined &&
    categoryIn(counterparty.name, context.name, context, membership, everyday) !== undefined
  ) {
    return true;
  }
  if (
    reference !== undefined &&
    categoryIn(reference, context.reference, context, membership, everyday) !== undefined
  ) {
    return true;
  }
  return rules.inDoubt.screen && membership() && inDoubt(texts, context.doubt);
}

export type TextClass = { readonly category: SensitiveCategory; readonly why: 'lexicon' | 'category word' };

/**
 * Design time only (the catalog lint): the category a trigger author's text targets, if the screen
 * knows it as sensitive (on a name or a reference) or it is a word naming a category. Never called on
 * payment data: the run-time screen answers only yes or no.
 */
export function classifyText(
  text: string,
  field: CounterpartyText,
  rules: SensitiveRules = DEFAULT_SENSITIVE_RULES,
): TextClass | undefined {
  const context = rules[compiled];
  const membership = (): boolean => context.membership.test(text);
  const everyday = (): boolean => context.everydayAssociation.test(text);
  const category = categoryIn(text, context[field], context, membership, everyday);
  if (category !== undefined) return { category, why: 'lexicon' };
  const word = categoryIn(text, context.categoryWords, context, membership, everyday);
  return word === undefined ? undefined : { category: word, why: 'category word' };
}

/**
 * Design time only: the category of a sensitive MCC ("bank-defined" for a code a bank added through
 * `extraMccs`), or undefined when the code is not screened.
 */
export function sensitiveMccCategory(
  mcc: string,
  rules: SensitiveRules = DEFAULT_SENSITIVE_RULES,
): SensitiveCategory | 'bank-defined' | undefined {
  if (!rules.mccs.has(mcc)) return undefined;
  return SENSITIVE_MCCS.find((entry) => entry.mcc === mcc)?.category ?? 'bank-defined';
}
