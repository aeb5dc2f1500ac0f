import type { JsonPathSegment } from '#core/json-source.js';
import { classifyText, type SensitiveRules } from '#core/sensitive.js';
import { normaliseText } from '#core/text-matcher.js';
import { CITY_NAMES } from '#data/city-names.js';
import { COUNTRY_CODES } from '#data/iso-3166.js';
import { ISO_4217_LIST_ONE } from '#data/iso-4217.js';
import type { CatalogIssue } from './problems.js';

/**
 * The lint of a trigger's customer-facing explanation ("why am I seeing this?", domain rule 8): one short
 * sentence per language that says why the offer appears and never more of the payment than that. Besides
 * the sensitive lint (a sentence naming a special category or a sensitive counterparty), each text is
 * refused when it could reveal the payment:
 *   - a digit (an amount, a date, a time, a card or account number) or a number word ("duizend");
 *   - a day or month ("op maandag", "in juli"): it dates the payment;
 *   - a currency symbol (any Unicode currency sign), an ISO 4217 code ("EUR") or a currency word ("euro");
 *   - a template placeholder or markup ({merchant}, ${amount}, {{x}}, %s, <x>, [x]): the text is shown
 *     verbatim, never filled in from the payment, so a placeholder can only be a mistake or a leak;
 *   - a place: a country (every ISO 3166 country's Dutch and English name, and a country code the
 *     condition requires), a city (shared/data/city-names.ts), or a region the condition requires the
 *     payment to be in (`inRegion`; "outside Europe" for a `notInRegion` says only what the rule says);
 *   - a name or reference the condition matches (merchant.name, merchant.city, counterparty.name,
 *     counterparty.reference, counterparty.iban), in any letter case;
 *   - any other proper name: a capitalised word that does not begin a sentence ("bij Albert Heijn",
 *     "in Zanzibar"), except Europe's (the cover area a trigger may explain itself by).
 * Each finding is an issue on `explanation.<language>` naming what was expected and what was found.
 * Tolerates malformed input (the schema reports it).
 */

const TEXT_FIELDS = new Set([
  'merchant.name',
  'merchant.city',
  'counterparty.name',
  'counterparty.reference',
  'counterparty.iban',
]);
const TEXT_OPS = ['equals', 'in', 'notIn', 'equalsIgnoreCase', 'containsIgnoreCase'];

/** Capitalised words an explanation may use: Europe, the cover area of a European travel insurance. */
const ALLOWED_PROPER_WORDS = new Set([
  'europa',
  'europe',
  'european',
  'europees',
  'europese',
  'eu',
  'eer',
  'eea',
  'i',
]);

// biome-ignore format: word list
const CURRENCY_WORDS = [
  'euro', 'euros', 'eurocent', 'eurocenten', 'cent', 'cents', 'dollar', 'dollars', 'pond', 'ponden',
  'pound', 'pounds', 'sterling', 'frank', 'franken', 'franc', 'francs', 'yen', 'yuan', 'renminbi', 'kroon',
  'kronen', 'krone', 'kroner', 'kronor', 'zloty', 'lira', 'lire', 'roebel', 'roebels', 'ruble', 'rubles',
  'rouble', 'peso', 'pesos', 'rand', 'rupee', 'rupees', 'roepie', 'dirham', 'forint', 'lei',
  // ISO codes as people also write them, in lower case ("45 eur"); upper-case codes: ISO_4217_LIST_ONE.
  'eur', 'usd', 'gbp', 'chf', 'jpy', 'cad', 'aud', 'sek', 'nok', 'dkk', 'pln', 'czk', 'huf',
];
// The day or month of the payment (English months and days also start with a capital: the proper-name
// rule sees them; "may" and "march" are not listed, being everyday English words).
// biome-ignore format: word list
const DATE_WORDS = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober',
  'november', 'december', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
  'january', 'february', 'june', 'july', 'august', 'october', 'monday', 'tuesday', 'wednesday',
  'thursday', 'friday', 'saturday', 'sunday',
];
// biome-ignore format: word list
const NUMBER_WORDS = [
  'honderd', 'honderden', 'duizend', 'duizenden', 'miljoen', 'miljoenen', 'miljard', 'hundred',
  'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'mille',
];

const CURRENCY_CODES = new Set(ISO_4217_LIST_ONE);
const DIGIT = /\p{Nd}/u;
const CURRENCY_SIGN = /\p{Sc}/u;
const PLACEHOLDER = /[{}<>[\]]|%[-+ 0#]*\d*(?:\.\d+)?[a-zA-Z@]|\$\w/u;
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;

/** Every country's name in Dutch and English (ICU): computed once. */
let countryNames: ReadonlyMap<string, string> | undefined;
function countryNameIndex(): ReadonlyMap<string, string> {
  if (countryNames !== undefined) return countryNames;
  const names = new Map<string, string>();
  for (const locale of ['nl', 'en']) {
    const display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of COUNTRY_CODES) {
      const name = display.of(code);
      if (name !== undefined) names.set(normaliseText(name), name);
    }
  }
  countryNames = names;
  return names;
}

const CITY_INDEX: ReadonlyMap<string, string> = new Map(
  CITY_NAMES.map((name) => [normaliseText(name), name]),
);
const WORD_LISTS = {
  currency: new Set(CURRENCY_WORDS),
  number: new Set(NUMBER_WORDS),
  date: new Set(DATE_WORDS),
};

/** What a condition says the payment must be (places and names), as the explanation must not repeat it. */
interface Named {
  /** Texts the condition matches on a name, city, reference or IBAN (any polarity). */
  readonly texts: Set<string>;
  /** Country codes the payment must be in (equals/in, or notIn under an odd number of `not`). */
  readonly countries: Set<string>;
  /** Regions the payment must be in (inRegion, or notInRegion under an odd number of `not`). */
  readonly regions: Set<string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

function collect(node: unknown, positive: boolean, out: Named, depth: number): void {
  if (!isRecord(node) || depth > 64) return;
  for (const op of ['all', 'any'] as const) {
    const children = node[op];
    if (Array.isArray(children)) for (const child of children) collect(child, positive, out, depth + 1);
  }
  if ('not' in node) collect(node.not, !positive, out, depth + 1);
  const field = node.field;
  if (typeof field !== 'string') return;
  for (const op of TEXT_OPS) {
    if (TEXT_FIELDS.has(field) && op in node) for (const text of strings(node[op])) out.texts.add(text);
  }
  if (field !== 'merchant.country') return;
  const inside = positive ? ['equals', 'in'] : ['notIn'];
  for (const op of inside) if (op in node) for (const code of strings(node[op])) out.countries.add(code);
  const region = positive ? node.inRegion : node.notInRegion;
  if (typeof region === 'string') out.regions.add(region);
}

/** The places and names a condition requires of the payment. */
export function namedByCondition(condition: unknown): Named {
  const out: Named = { texts: new Set(), countries: new Set(), regions: new Set() };
  collect(condition, true, out, 0);
  return out;
}

/** Whether the padded normalised text contains the normalised phrase as whole words. */
const mentions = (padded: string, phrase: string): boolean => {
  const normal = normaliseText(phrase);
  return normal !== '' && padded.includes(` ${normal} `);
};

function firstMention(padded: string, index: ReadonlyMap<string, string>): string | undefined {
  for (const [normal, name] of index) if (padded.includes(` ${normal} `)) return name;
  return undefined;
}

/** Capitalised words that do not begin a sentence, other than the allowed ones. */
function properNames(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const first = word.charAt(0);
    if (first === first.toLowerCase() || ALLOWED_PROPER_WORDS.has(word.toLowerCase())) continue;
    const before = text.slice(0, match.index).trimEnd();
    const startsSentence = before === '' || /[.!?:]["'’”)]*$/u.test(before);
    if (!startsSentence) found.push(word);
  }
  return found;
}

/** Problems of one explanation text: what it reveals, each kind once, in a fixed order. */
function textProblems(text: string, named: Named): string[] {
  const problems: string[] = [];
  const padded = ` ${normaliseText(text)} `;
  const words = [...text.matchAll(WORD)].map((m) => m[0]);
  const lower = words.map((w) => w.toLowerCase());
  if (DIGIT.test(text) || lower.some((w) => WORD_LISTS.number.has(w))) {
    problems.push('no digits or numbers (they could reveal an amount, a date or an account)');
  }
  if (lower.some((w) => WORD_LISTS.date.has(w))) {
    problems.push('no day or month (it dates the payment)');
  }
  const code = words.find((w) => CURRENCY_CODES.has(w));
  if (CURRENCY_SIGN.test(text) || code !== undefined || lower.some((w) => WORD_LISTS.currency.has(w))) {
    problems.push('no currency sign, code or name (it points at the amount)');
  }
  if (PLACEHOLDER.test(text)) {
    problems.push(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names the placeholder forms
      'no placeholder or markup ({...}, ${...}, {{...}}, %s, <...>, [...]): the text is shown as written, never filled in from the payment',
    );
  }
  const matched = [...named.texts].find((t) => mentions(padded, t));
  if (matched !== undefined) {
    problems.push(`no name or reference the condition matches (it names ${JSON.stringify(matched)})`);
  }
  const requiredCountry = [...named.countries].find((c) => words.includes(c));
  const region = [...named.regions].find((r) => mentions(padded, r));
  const country = firstMention(padded, countryNameIndex());
  const city = firstMention(padded, CITY_INDEX);
  const place = requiredCountry ?? region ?? country ?? city;
  if (place !== undefined) {
    problems.push(`no place (it names ${JSON.stringify(place)}): say why, not where the payment was made`);
  } else {
    const proper = properNames(text).filter((w) => !CURRENCY_CODES.has(w));
    if (proper.length > 0) {
      problems.push(
        `no proper name other than Europe's (it names ${proper.map((w) => JSON.stringify(w)).join(', ')}): a place, merchant or person could reveal the payment`,
      );
    }
  }
  return problems;
}

/**
 * The issues of a trigger's explanation: the sensitive lint (a sentence naming a sensitive category or
 * counterparty) and every way it could reveal the payment the condition matches.
 */
export function explanationIssues(
  explanation: unknown,
  condition: unknown,
  sensitive: SensitiveRules,
): CatalogIssue[] {
  if (!isRecord(explanation)) return [];
  const named = namedByCondition(condition);
  const issues: CatalogIssue[] = [];
  // Only the languages the schema knows: another key is already refused as unknown.
  for (const language of ['nl', 'en'] as const) {
    const text = explanation[language];
    if (typeof text !== 'string' || text.trim() === '') continue;
    const path: JsonPathSegment[] = ['explanation', language];
    const found = JSON.stringify(text);
    const category = classifyText(text, 'name', sensitive)?.category;
    if (category !== undefined) {
      issues.push({
        path,
        expected: `a sentence that names no sensitive category or counterparty; it names ${category}`,
        found,
      });
    }
    for (const problem of textProblems(text, named)) {
      issues.push({ path, expected: `a sentence that reveals nothing of the payment: ${problem}`, found });
    }
  }
  return issues;
}
