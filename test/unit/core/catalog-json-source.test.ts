import { describe, expect, it } from 'vitest';
import { duplicateKeys, parseJsonText, positionAt, positionOf } from '#core/json-source.js';

function document(text: string) {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.document;
}

function syntaxErrors(text: string) {
  const parsed = parseJsonText(text);
  if (parsed.ok) throw new Error('expected a syntax error');
  return parsed.errors.map(
    (e) => `${e.line}:${e.column} ${JSON.stringify(e.path)} ${e.expected} | ${e.found}`,
  );
}

describe('JSON positions (the catalog’s JSON parser)', () => {
  it('gives exactly what JSON.parse gives, and places values, keys and missing fields', () => {
    const text = '{\n  "a": {\n    "b": [1, "x"]\n  },\n  "c": null\n}\n';
    const doc = document(text);
    expect(doc.value).toEqual(JSON.parse(text));
    expect(positionOf(doc, ['a', 'b', 1])).toEqual({ line: 3, column: 14 });
    expect(positionOf(doc, ['a', 'b'], true)).toEqual({ line: 3, column: 5 });
    // A missing field: its object.
    expect(positionOf(doc, ['a', 'missing'])).toEqual({ line: 2, column: 8 });
    expect(positionOf(doc, ['nothing', 'deeper'])).toEqual({ line: 1, column: 1 });
  });

  it('counts lines across \\r\\n and columns in UTF-16 units, and ignores a byte-order mark', () => {
    expect(positionAt('{\r\n  "a": 1\r\n}', 10)).toEqual({ line: 2, column: 8 });
    expect(positionAt('ab', 99)).toEqual({ line: 1, column: 3 });
    const doc = document('\uFEFF{"a": 1}');
    expect(doc.value).toEqual({ a: 1 });
    expect(positionOf(doc, ['a'])).toEqual({ line: 1, column: 8 });
  });

  it('takes the last of repeated keys, as JSON.parse does, and finds every repeat', () => {
    const doc = document('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}');
    expect(doc.value).toEqual({ a: 3, b: { c: 2 } });
    expect(positionOf(doc, ['a'])).toEqual({ line: 1, column: 38 });
    expect(duplicateKeys(doc.root).map((d) => d.path)).toEqual([['b', 'c'], ['a']]);
  });

  it('refuses what JSON refuses: comments, trailing commas, single quotes, NaN, an empty file', () => {
    expect(syntaxErrors('{"a": 1, // note\n"b": 2}')).toEqual([
      '1:10 [] no comment (JSON has no comments) | a comment',
    ]);
    expect(syntaxErrors('{"a": [1, 2,]}')).toEqual([
      '1:13 ["a",2] a value (a text in "double quotes", a number, true, false, null, {...} or [...]) after the comma (JSON allows no comma before "]" or "}") | `]`',
    ]);
    expect(syntaxErrors("{'a': 1}")[0]).toMatch(/^1:2 \[\] a JSON value .* \| `'a'`$/);
    expect(syntaxErrors('{"a": NaN}')[0]).toMatch(/^1:7 \["a"\] a JSON value .* \| `NaN`$/);
    expect(syntaxErrors('')).toEqual([
      '1:1 [] a value (a text in "double quotes", a number, true, false, null, {...} or [...]) | an empty file',
    ]);
  });

  it('reports every independent syntax error of a file, without the echoes of one', () => {
    expect(syntaxErrors('{\n  "a": tru,\n  "b" 2,\n  "c": [1 2]\n}')).toEqual([
      '2:8 ["a"] a JSON value (a text in "double quotes", a number, true, false, null, {...} or [...]) | `tru`',
      '3:7 ["b"] a ":" after the field name | `2`',
      '4:11 ["c",0] a "," between two values | `2`',
    ]);
    // After a text left open, every later quote pairs wrongly: only the first error is real.
    expect(syntaxErrors('{"a": "x\n", "b": "y"}')).toEqual(['1:7 ["a"] a closing " on the same line | `"x`']);
  });

  it('refuses nesting deeper than the parser can take, at the place it gets too deep, without a crash', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(syntaxErrors(deep)).toEqual([
      '1:257 [] objects and lists nested at most 256 levels deep | deeper nesting',
    ]);
    const inText = `{"a": "${'['.repeat(1000)}"}`;
    expect(document(inText).value).toEqual({ a: '['.repeat(1000) });
    const justEnough = `${'['.repeat(256)}${']'.repeat(256)}`;
    expect(document(justEnough).value).toEqual(JSON.parse(justEnough));
  });
});
