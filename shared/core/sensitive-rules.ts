import { SENSITIVE_LEXICON } from '#data/sensitive-lexicon/index.js';
import { SENSITIVE_MCCS, SENSITIVE_RULES_VERSION } from '#data/sensitive-mcc.js';
import { sha256Hex } from './hash.js';
import { compile } from './sensitive-compile.js';
import {
  type SensitiveRules,
  SensitiveRulesConfigError,
  type SensitiveRulesOptions,
} from './sensitive-model.js';

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
