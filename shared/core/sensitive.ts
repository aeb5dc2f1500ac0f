import type { SensitiveCategory } from '#data/sensitive-categories.js';
import type { CounterpartyText } from '#data/sensitive-lexicon/types.js';
import { SENSITIVE_MCCS } from '#data/sensitive-mcc.js';
import type { PaymentEvent } from './payment-event.js';
import {
  type CompiledDoubt,
  type CompiledText,
  type Context,
  compiled,
  type SensitiveRules,
} from './sensitive-model.js';
import { afterArticle, inStreetName, personSurnameStart } from './sensitive-names.js';
import { DEFAULT_SENSITIVE_RULES } from './sensitive-rules.js';
import { normaliseText, type TextMatcher } from './text-matcher.js';

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
export { termsOf } from './sensitive-compile.js';
export {
  type InDoubtSetting,
  type SensitiveRules,
  SensitiveRulesConfigError,
  type SensitiveRulesOptions,
} from './sensitive-model.js';
export { personSurnameStart } from './sensitive-names.js';
export { buildSensitiveRules, DEFAULT_SENSITIVE_RULES } from './sensitive-rules.js';
export { normaliseText } from './text-matcher.js';

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
