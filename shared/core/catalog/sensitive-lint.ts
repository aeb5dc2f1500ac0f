import type { JsonPathSegment } from '#core/json-source.js';
import {
  classifyText,
  DEFAULT_SENSITIVE_RULES,
  type SensitiveRules,
  sensitiveMccCategory,
} from '#core/sensitive.js';
import { CATEGORY_BASIS, type SensitiveCategory } from '#data/sensitive-categories.js';
import { SENSITIVE_MCCS } from '#data/sensitive-mcc.js';
import { formatPath } from './problems.js';

/**
 * The design-time lint: a trigger may not aim at a sensitive payment, whatever the run-time screen
 * would later catch. It walks every condition at any depth of all/any/not and refuses
 *   - a comparison of merchant.mcc with a sensitive code: a value, a list (in/notIn) or a range
 *     (gte/lte/between) that overlaps one;
 *   - a name or reference text (equals/in/notIn/equalsIgnoreCase/containsIgnoreCase on merchant.name,
 *     counterparty.name, counterparty.reference) that the screen classifies as sensitive, or that is a
 *     word naming a category ("gezondheid", "religion");
 *   - a field that is itself a special-category attribute ("customer.religion", "health.diagnosis").
 * Every error names the path and the offending value and category, e.g.
 *   condition.all[0].any[1]: "HIV Vereniging" targets health (art. 9)
 * It also reports whether the trigger matches free text at all: such a trigger needs a
 * `textMatchJustification` (./parse.ts), which review shows to the approver.
 *
 * The lint reads the raw condition and tolerates malformed nodes (./condition.ts reports those).
 */

/** Fields holding free text that names a counterparty or merchant, or describes the payment. */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'merchant.name',
  'counterparty.name',
  'counterparty.reference',
]);

const TEXT_OPS = ['equals', 'in', 'notIn', 'equalsIgnoreCase', 'containsIgnoreCase'] as const;

/** Attribute names that are special-category data in themselves, whatever their value. */
const SPECIAL_ATTRIBUTES: ReadonlyArray<{ readonly pattern: RegExp; readonly category: SensitiveCategory }> =
  [
    {
      pattern: /health|medic|diagnos|disab|illness|disease|pregnan|genetic|biometric|(?:^|\.)dna/i,
      category: 'health',
    },
    { pattern: /religio|belief|faith|church|denomination/i, category: 'religion' },
    { pattern: /politic|(?:^|\.)part(?:y|ies)|(?:^|\.)vot(?:e|ing)/i, category: 'politics' },
    { pattern: /(?:^|\.)(?:trade)?union/i, category: 'trade-union' },
    { pattern: /(?:^|\.)sex|gender|orientation|lgbt/i, category: 'sex-life' },
    { pattern: /ethnic|(?:^|\.)race|racial|nationality/i, category: 'ethnic-origin' },
    {
      pattern: /criminal|conviction|offen[cs]e|arrest|prison|(?:^|\.)fines?$/i,
      category: 'criminal-justice',
    },
    { pattern: /gambl|betting|casino|lotter/i, category: 'gambling' },
    { pattern: /(?:^|\.)debt|arrears|insolven|bankrupt|bailiff/i, category: 'debt' },
  ];

/** A finding with the path of the node it is about, so that it can be placed in the file. */
export interface LintFinding {
  readonly path: readonly JsonPathSegment[];
  /** e.g. '"HIV Vereniging" targets health (art. 9)' */
  readonly message: string;
}

type Path = readonly JsonPathSegment[];

export interface LintResult {
  /** The findings as "path: message" lines. */
  readonly errors: readonly string[];
  readonly findings: readonly LintFinding[];
  /** Paths of the conditions that match free text on a name or reference. */
  readonly freeText: readonly string[];
}

function basis(category: SensitiveCategory | 'bank-defined'): string {
  return category === 'bank-defined' ? 'the bank’s own list' : CATEGORY_BASIS[category];
}

function targets(value: string, category: SensitiveCategory | 'bank-defined'): string {
  const name = category === 'bank-defined' ? 'a sensitive category' : category;
  return `${JSON.stringify(value)} targets ${name} (${basis(category)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MCC_DESCRIPTIONS = new Map(SENSITIVE_MCCS.map((entry) => [entry.mcc, entry.description]));

function lintMcc(op: string, value: unknown, path: Path, rules: SensitiveRules, errors: LintFinding[]): void {
  const single = (code: unknown, where: Path): void => {
    if (typeof code !== 'string') return;
    const category = sensitiveMccCategory(code, rules);
    if (category !== undefined) errors.push({ path: where, message: targets(code, category) });
  };
  const range = (low: unknown, high: unknown): void => {
    const lo = typeof low === 'string' ? low : '0000';
    const hi = typeof high === 'string' ? high : '9999';
    const hits = [...rules.mccs].filter((code) => code >= lo && code <= hi).sort();
    if (hits.length === 0) return;
    const categories = [...new Set(hits.map((code) => sensitiveMccCategory(code, rules) ?? 'bank-defined'))];
    const codes = hits
      .map((code) => `"${code}"${MCC_DESCRIPTIONS.has(code) ? ` (${MCC_DESCRIPTIONS.get(code)})` : ''}`)
      .join(', ');
    const what = categories.map(
      (category) => `${category === 'bank-defined' ? 'a sensitive category' : category} (${basis(category)})`,
    );
    errors.push({
      path,
      message: `the range "${lo}"–"${hi}" includes sensitive MCCs ${codes}; it targets ${what.join(', ')}`,
    });
  };
  switch (op) {
    case 'equals':
      single(value, path);
      return;
    case 'in':
    case 'notIn':
      if (Array.isArray(value)) {
        value.forEach((code, index) => {
          single(code, [...path, op, index]);
        });
      }
      return;
    case 'gte':
      range(value, undefined);
      return;
    case 'lte':
      range(undefined, value);
      return;
    case 'between':
      if (Array.isArray(value)) range(value[0], value[1]);
      return;
  }
}

function lintText(
  field: string,
  op: string,
  value: unknown,
  path: Path,
  rules: SensitiveRules,
  errors: LintFinding[],
): void {
  const kind = field === 'counterparty.reference' ? 'reference' : 'name';
  const one = (text: unknown, where: Path): void => {
    if (typeof text !== 'string' || text.trim() === '') return;
    const found = classifyText(text, kind, rules);
    if (found !== undefined) errors.push({ path: where, message: targets(text, found.category) });
  };
  if (op === 'in' || op === 'notIn') {
    if (Array.isArray(value)) {
      value.forEach((text, index) => {
        one(text, [...path, op, index]);
      });
    }
    return;
  }
  one(value, path);
}

function lintNode(
  node: unknown,
  path: Path,
  rules: SensitiveRules,
  out: { findings: LintFinding[]; freeText: string[] },
  depth: number,
): void {
  if (!isRecord(node) || depth > 64) return;
  for (const op of ['all', 'any'] as const) {
    const children = node[op];
    if (!Array.isArray(children)) continue;
    children.forEach((child, index) => {
      lintNode(child, [...path, op, index], rules, out, depth + 1);
    });
  }
  if ('not' in node) lintNode(node.not, [...path, 'not'], rules, out, depth + 1);
  const field = node.field;
  if (typeof field !== 'string') return;
  const special = SPECIAL_ATTRIBUTES.find((attribute) => attribute.pattern.test(field));
  if (special !== undefined) {
    out.findings.push({
      path: [...path, 'field'],
      message: `"${field}" is a special-category attribute; a trigger may not read it (${special.category}, ${basis(special.category)})`,
    });
    return;
  }
  const op = Object.keys(node).find((key) => key !== 'field');
  if (op === undefined) return;
  const value = node[op];
  if (field === 'merchant.mcc') lintMcc(op, value, path, rules, out.findings);
  if (FREE_TEXT_FIELDS.has(field) && (TEXT_OPS as readonly string[]).includes(op)) {
    out.freeText.push(formatPath(path));
    lintText(field, op, value, path, rules, out.findings);
  }
}

/** Lints one trigger's condition; `path` is its location ("condition", or a path in the file). */
export function lintCondition(
  condition: unknown,
  path: string | Path = 'condition',
  rules: SensitiveRules = DEFAULT_SENSITIVE_RULES,
): LintResult {
  const out = { findings: [] as LintFinding[], freeText: [] as string[] };
  lintNode(condition, typeof path === 'string' ? [path] : path, rules, out, 0);
  const errors = out.findings.map((finding) => `${formatPath(finding.path)}: ${finding.message}`);
  return { errors, findings: out.findings, freeText: out.freeText };
}
