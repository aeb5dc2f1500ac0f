import { getLocation, type Node, type ParseError, parseTree, printParseErrorCode, visit } from 'jsonc-parser';

/**
 * JSON text with positions: parse strictly (no comments, no trailing commas, as JSON.parse) with
 * Microsoft's jsonc-parser, which keeps every node's offset and recovers after a syntax error so that
 * one run reports every syntax error of a file. Pure: the text is passed in (no file reading here).
 *
 * Positions are 1-based lines and columns; a column counts UTF-16 code units, as editors (VS Code) do.
 */

export type JsonPathSegment = string | number;

/** Where in a text, 1-based. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A syntax error, in words: what the parser expected at this point and what it found there. */
export interface JsonSyntaxError extends TextPosition {
  /** The place in the document where the error is, e.g. ["offers", 2, "text"]; [] at the top level. */
  readonly path: readonly JsonPathSegment[];
  readonly expected: string;
  readonly found: string;
}

/** A parsed document: its value (exactly what JSON.parse gives) and its tree, for positions. */
export interface JsonDocument {
  readonly text: string;
  readonly value: unknown;
  readonly root: Node;
}

export type JsonParseResult =
  | { readonly ok: true; readonly document: JsonDocument }
  | { readonly ok: false; readonly errors: readonly JsonSyntaxError[] };

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** Parses JSON text; on failure lists every syntax error, each with its line, column and words. */
export function parseJsonText(source: string): JsonParseResult {
  // A byte-order mark (some editors write one) is not an error; a space keeps every offset in place.
  const text = source.startsWith('\uFEFF') ? ` ${source.slice(1)}` : source;
  const tooDeep = tooDeepAt(text);
  if (tooDeep !== undefined) {
    const expected = `objects and lists nested at most ${MAX_NESTING} levels deep`;
    return { ok: false, errors: [atOffset(text, tooDeep, [], expected, 'deeper nesting')] };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, STRICT);
  if (parseErrors.length > 0 || root === undefined) {
    const errors = independentErrors(text).map((error) => syntaxError(text, error));
    if (errors.length === 0) errors.push(atOffset(text, 0, [], 'a JSON value', describeToken(text, 0, 0)));
    return { ok: false, errors };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Only if the two parsers disagree on a text; JSON.parse has the last word on what is JSON.
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { ok: false, errors: [atOffset(text, offset, [], 'valid JSON', message)] };
  }
  return { ok: true, document: { text, value, root } };
}

/** The parser recurses per level; far deeper than any catalog needs, far shallower than the stack. */
export const MAX_NESTING = 256;

/** The offset of the first "{" or "[" nested deeper than MAX_NESTING (outside texts), if any. */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inText) {
      if (c === 0x5c)
        i++; // \ escapes the next character
      else if (c === 0x22 || c === 0x0a) inText = false;
    } else if (c === 0x22) inText = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > MAX_NESTING) return i;
    } else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The 1-based line and column of a character offset (a \r\n counts as one line break). */
export function positionAt(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * The node a path leads to, or the deepest node on the way when the path goes further than the document
 * (a missing field: its parent object). Among duplicate keys the last counts, as in JSON.parse.
 */
export function nodeAt(root: Node, path: readonly JsonPathSegment[]): { node: Node; complete: boolean } {
  let node = root;
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) return { node, complete: false };
    node = next;
  }
  return { node, complete: true };
}

function child(node: Node, segment: JsonPathSegment): Node | undefined {
  const children = node.children ?? [];
  if (node.type === 'array') return typeof segment === 'number' ? children[segment] : undefined;
  if (node.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const property of children) {
    const [key, value] = property.children ?? [];
    if (key?.value === String(segment) && value !== undefined) found = value;
  }
  return found;
}

/**
 * The position of the value at `path`, of its key (`onKey`: for an unknown or repeated field), or, when the
 * path does not exist, of the nearest object or list that does (where a missing field belongs).
 */
export function positionOf(
  document: JsonDocument,
  path: readonly JsonPathSegment[],
  onKey = false,
): TextPosition {
  const { node, complete } = nodeAt(document.root, path);
  const key = complete && onKey && node.parent?.type === 'property' ? node.parent : undefined;
  return positionAt(document.text, (key ?? node).offset);
}

/** Keys that occur more than once in one object, anywhere in the document (JSON.parse keeps the last). */
export function duplicateKeys(root: Node): ReadonlyArray<{ readonly path: readonly JsonPathSegment[] }> {
  const out: Array<{ path: JsonPathSegment[] }> = [];
  const walk = (node: Node, path: JsonPathSegment[]): void => {
    if (node.type === 'array') {
      (node.children ?? []).forEach((item, index) => {
        walk(item, [...path, index]);
      });
      return;
    }
    if (node.type !== 'object') return;
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (typeof key?.value !== 'string') continue;
      if (seen.has(key.value)) out.push({ path: [...path, key.value] });
      seen.add(key.value);
      if (value !== undefined) walk(value, [...path, key.value]);
    }
  };
  walk(root, []);
  return out;
}

// --- Syntax errors in words ------------------------------------------------------------------------

/**
 * The syntax errors worth reporting. The parser recovers after an error and goes on, so that later
 * errors are found too; an error before it has read anything since the previous one is an echo of that
 * one (`{"a": tru}` is one error, not two) and is left out. After a text left open at the end of its line
 * every later quote pairs wrongly, so nothing after it is reported.
 */
function independentErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  let progressed = true;
  const progress = (): void => {
    progressed = true;
  };
  visit(
    text,
    {
      onObjectBegin: progress,
      onObjectEnd: progress,
      onArrayBegin: progress,
      onArrayEnd: progress,
      onObjectProperty: progress,
      onLiteralValue: progress,
      onError: (error, offset, length) => {
        const last = errors[errors.length - 1];
        const unterminated =
          last !== undefined && printParseErrorCode(last.error) === 'UnexpectedEndOfString';
        const echo = !progressed || unterminated || last?.offset === offset;
        if (!echo) errors.push({ error, offset, length });
        progressed = false;
      },
    },
    STRICT,
  );
  return errors;
}

function syntaxError(text: string, error: ParseError): JsonSyntaxError {
  const code = printParseErrorCode(error.error);
  const expected = SYNTAX_EXPECTED[code] ?? 'valid JSON';
  const found = describeToken(text, error.offset, error.length);
  const trailing =
    /,\s*$/.test(text.slice(0, error.offset)) &&
    (code === 'ValueExpected' || code === 'PropertyNameExpected') &&
    (found === '`}`' || found === '`]`');
  return atOffset(
    text,
    error.offset,
    safePath(text, error.offset),
    trailing ? `${expected} after the comma (JSON allows no comma before "]" or "}")` : expected,
    found,
  );
}

const SYNTAX_EXPECTED: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a JSON value (a text in "double quotes", a number, true, false, null, {...} or [...])',
  InvalidNumberFormat: 'a number such as 12, -3 or 0.5',
  PropertyNameExpected: 'a field name in "double quotes"',
  ValueExpected: 'a value (a text in "double quotes", a number, true, false, null, {...} or [...])',
  ColonExpected: 'a ":" after the field name',
  CommaExpected: 'a "," between two values',
  CloseBraceExpected: 'a "," or a "}" closing the object',
  CloseBracketExpected: 'a "," or a "]" closing the list',
  EndOfFileExpected: 'the end of the file after the top-level value',
  InvalidCommentToken: 'no comment (JSON has no comments)',
  UnexpectedEndOfComment: 'no comment (JSON has no comments)',
  UnexpectedEndOfString: 'a closing " on the same line',
  UnexpectedEndOfNumber: 'a digit',
  InvalidUnicode: 'a \\u escape with four hexadecimal digits',
  InvalidEscapeCharacter: 'an escape such as \\", \\\\, \\n or \\u00e9',
  InvalidCharacter: 'no control character inside a text (write \\n or \\t)',
};

function describeToken(text: string, offset: number, length: number): string {
  if (offset >= text.length) return text.trim() === '' ? 'an empty file' : 'the end of the file';
  const token = text.slice(offset, offset + Math.max(length, 1));
  if (token.startsWith('//') || token.startsWith('/*')) return 'a comment';
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  return `\`${shown.replace(/\r?\n/g, '↵')}\``;
}

function safePath(text: string, offset: number): JsonPathSegment[] {
  try {
    const path = [...getLocation(text, offset).path];
    // At a key still to be written the parser reports an empty name: the place is its object.
    while (path.length > 0 && path[path.length - 1] === '') path.pop();
    return path;
  } catch {
    return [];
  }
}

function atOffset(
  text: string,
  offset: number,
  path: readonly JsonPathSegment[],
  expected: string,
  found: string,
): JsonSyntaxError {
  return { ...positionAt(text, offset), path, expected, found };
}
