/**
 * Lint and validation findings -> the editor field each is shown next to, pure. A finding's path is a JSON
 * path in the content ("explanation.nl", "compatibility.howObtained", "condition.all[0].in[1]",
 * "conditions.0.field"); its first segment (and, in the explanation and the compatibility answers, the
 * second) names the field. Anything in the condition goes next to the condition; a key the form has no
 * field for goes next to "Other fields"; a finding about the whole item ("" path) goes to the summary.
 */
import type { LintFinding } from '../../api/catalog.js';
import { COMPATIBILITY_FIELDS, LANGUAGES, TEXT_FIELDS } from './trigger-form.js';

/** An editor field: a text field, a subfield (`explanation.en`, `compatibility.safeguards`), or a group. */
export type FieldKey = string;
export const GENERAL: FieldKey = '';
export const OTHER: FieldKey = 'other';

const SIMPLE: ReadonlySet<string> = new Set<string>([...TEXT_FIELDS, 'priority', 'eventTypes', 'condition']);
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  explanation: LANGUAGES,
  compatibility: COMPATIBILITY_FIELDS,
};

/** The segments of a path: `a.b[0]["c d"].1` -> ["a", "b", "0", "c d", "1"]. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  const pattern = /\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\]|\[([^\]]*)\]|([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) {
    const quoted = match[1];
    if (quoted !== undefined) {
      try {
        segments.push(JSON.parse(`"${quoted}"`) as string);
      } catch {
        segments.push(quoted);
      }
    } else segments.push(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return segments;
}

/** The field a finding with this path is shown next to. */
export function fieldOf(path: string): FieldKey {
  const [first, second] = pathSegments(path.trim());
  if (first === undefined || first === '' || first === '(file)') return GENERAL;
  if (SIMPLE.has(first)) return first;
  const subfields = GROUPS[first];
  if (subfields !== undefined) {
    // The group as a whole (missing, not an object) or an unknown subkey: its first field.
    const sub = second !== undefined && subfields.includes(second) ? second : subfields[0];
    return `${first}.${sub}`;
  }
  return OTHER;
}

/**
 * Findings from a lint answer: its `findings` when the server sends them; otherwise read from each
 * problem line ("<item>: <path>: <message>", the format of shared/core/catalog/problems.ts), a line of
 * another form being about the whole item.
 */
export function findingsOf(answer: {
  readonly problems: readonly string[];
  readonly findings?: readonly LintFinding[];
}): LintFinding[] {
  if (answer.findings !== undefined) return [...answer.findings];
  return answer.problems.map(findingOfLine);
}

const PATH = /^(?:[A-Za-z_$][\w$-]*|\[[^\]]*\])(?:\.[\w$-]+|\[[^\]]*\])*$/;

export function findingOfLine(line: string): LintFinding {
  const first = line.indexOf(': ');
  const second = first < 0 ? -1 : line.indexOf(': ', first + 2);
  if (second > first && first >= 0) {
    const path = line.slice(first + 2, second);
    if (PATH.test(path)) return { path, message: line.slice(second + 2) };
  }
  return { path: '', message: line };
}

/** Findings grouped by field, each field's messages in the order found. */
export function byField(findings: readonly LintFinding[]): Map<FieldKey, string[]> {
  const out = new Map<FieldKey, string[]>();
  for (const finding of findings) {
    const key = fieldOf(finding.path);
    const shown =
      key === GENERAL || key === OTHER || key === 'condition' ? withPath(finding) : finding.message;
    out.set(key, [...(out.get(key) ?? []), shown]);
  }
  return out;
}

/** Inside the condition (or elsewhere) the path tells which part: keep it in the message. */
const withPath = (finding: LintFinding): string =>
  finding.path === '' || finding.path === '(file)' ? finding.message : `${finding.path}: ${finding.message}`;
