import { HEALTH_RULES } from './health.js';
import { JUSTICE_RULES } from './justice.js';
import { MONEY_RULES } from './money.js';
import { OTHER_RULES } from './other.js';
import { POLITICS_RULES } from './politics.js';
import { RELIGION_RULES } from './religion.js';
import { SEX_LIFE_RULES } from './sex-life.js';
import type { LexiconRule } from './types.js';
import { UNION_RULES } from './unions.js';

/** Every shipped lexicon rule, terms only (their notes: ./notes.ts). */
export const SENSITIVE_LEXICON: readonly LexiconRule[] = [
  ...HEALTH_RULES,
  ...RELIGION_RULES,
  ...POLITICS_RULES,
  ...UNION_RULES,
  ...SEX_LIFE_RULES,
  ...JUSTICE_RULES,
  ...MONEY_RULES,
  ...OTHER_RULES,
];
