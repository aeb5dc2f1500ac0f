/**
 * Tags for why a payment is screened out. They document the rule set; they never leave the core:
 * a screened decision says only `sensitive_category`, never which category (that would itself be
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
] as const;

export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];
