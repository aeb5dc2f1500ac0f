/**
 * Tags for why a payment is screened out. They document the rule set and name the category in the
 * design-time lint's errors (about a trigger, never about a payment); they never leave the core at run
 * time: a screened decision says only `sensitive_category`, never which category (that would itself be
 * special-category data).
 */
export const SENSITIVE_CATEGORIES = [
  'health',
  'religion',
  'politics',
  'trade-union',
  'membership',
  'charity',
  'sex-life',
  'counselling',
  'debt',
  'gambling',
  'criminal-justice',
  'legal',
  'bereavement',
  'ethnic-origin',
] as const;

export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

/** The legal ground that makes a category untouchable for marketing, as the lint's errors cite it. */
export const CATEGORY_BASIS: Readonly<Record<SensitiveCategory, string>> = {
  health: 'art. 9',
  religion: 'art. 9',
  politics: 'art. 9',
  'trade-union': 'art. 9',
  membership: 'art. 9',
  charity: 'art. 9',
  'sex-life': 'art. 9',
  counselling: 'duty of care',
  debt: 'duty of care',
  gambling: 'duty of care',
  'criminal-justice': 'art. 10',
  legal: 'art. 10',
  bereavement: 'duty of care',
  'ethnic-origin': 'art. 9',
};
