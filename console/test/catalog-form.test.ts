import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES as CORE_EVENT_TYPES } from '../../shared/core/payment-event.js';
import type { JsonObject } from '../src/api/catalog.js';
import {
  COMPATIBILITY_FIELDS,
  contentOf,
  EMPTY_FORM,
  EVENT_TYPES,
  extraText,
  formOf,
  heldKeys,
  parseCondition,
  parseExtra,
  priorityValue,
  toggled,
} from '../src/pages/catalog/trigger-form.js';

const triggersDir = join(import.meta.dirname, '../../catalog/triggers');

/** The shipped seed triggers as drafted contents (a trigger's content carries no version). */
const seeds: JsonObject[] = readdirSync(triggersDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => {
    const { version: _version, ...content } = JSON.parse(
      readFileSync(join(triggersDir, name), 'utf8'),
    ) as JsonObject;
    return content;
  });

const roundTrip = (content: JsonObject) => {
  const { content: back, conditionError } = contentOf(formOf(content));
  expect(conditionError).toBeUndefined();
  expect(back).toStrictEqual(content);
};

describe('trigger content <-> editor form', () => {
  it('reads the seed triggers into first-class fields and back, unchanged', () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) {
      const form = formOf(seed);
      expect(form.extra).toStrictEqual({});
      expect(form.text.purpose).toBe(seed.purpose);
      expect(form.compatibility).toStrictEqual(seed.compatibility);
      expect(form.explanation).toStrictEqual(seed.explanation);
      expect(JSON.parse(form.condition)).toStrictEqual(seed.condition);
      roundTrip(seed);
    }
  });

  it('round-trips every seed trigger with any of its fields changed, removed or mistyped', () => {
    const keys = [...new Set(seeds.flatMap((s) => Object.keys(s)))];
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.dictionary(fc.constantFrom(...keys, 'conditon', 'version', '__proto__', 'x'), fc.jsonValue()),
        fc.subarray(keys),
        (seed, changes, removed) => {
          const content: Record<string, unknown> = {};
          for (const [key, value] of Object.entries({ ...seed })) {
            if (!removed.includes(key))
              Object.defineProperty(content, key, {
                value,
                enumerable: true,
                writable: true,
                configurable: true,
              });
          }
          for (const [key, value] of Object.entries(changes)) {
            Object.defineProperty(content, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
          roundTrip(JSON.parse(JSON.stringify(content)) as JsonObject);
        },
      ),
    );
  });

  it('round-trips well-formed trigger contents of any texts, priorities and event types', () => {
    const text = fc.string({ maxLength: 40 });
    const content = fc.record(
      {
        id: text,
        description: text,
        purpose: text,
        legalBasis: text,
        offerId: text,
        dpiaReference: text,
        textMatchJustification: text,
        priority: fc.integer({ min: -2000, max: 2000 }).filter((n) => !Object.is(n, -0)),
        eventTypes: fc.array(fc.oneof(fc.constantFrom(...EVENT_TYPES), text), { maxLength: 6 }),
        explanation: fc.record({ en: text, nl: text }, { requiredKeys: [] }),
        compatibility: fc.record(Object.fromEntries(COMPATIBILITY_FIELDS.map((f) => [f, text])), {
          requiredKeys: [],
        }),
        condition: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(content, (c) => {
        roundTrip(JSON.parse(JSON.stringify(c)) as JsonObject);
      }),
    );
  });

  it('lets a field, once set, replace what the other fields kept under its name', () => {
    const form = formOf({ priority: 'high' });
    expect(contentOf(form).content).toStrictEqual({ priority: 'high' });
    expect(contentOf({ ...form, priority: '5' }).content).toStrictEqual({ priority: 5 });
  });

  it('keeps what a field cannot hold in the other fields, so validation still names it', () => {
    const form = formOf({
      priority: 'high',
      explanation: { en: 'x', fr: 'y' },
      eventTypes: 'card_payment',
      conditon: {},
    });
    expect(form.priority).toBeUndefined();
    expect(form.extra).toStrictEqual({
      priority: 'high',
      explanation: { en: 'x', fr: 'y' },
      eventTypes: 'card_payment',
      conditon: {},
    });
  });

  it('an empty form is an empty content; blank optional texts are left out', () => {
    expect(contentOf(EMPTY_FORM)).toStrictEqual({ content: {} });
    expect(contentOf({ ...EMPTY_FORM, priority: '  ', condition: '  \n' }).content).toStrictEqual({});
  });

  it('names a condition syntax error with its line and column, and leaves the condition out', () => {
    const result = contentOf({
      ...EMPTY_FORM,
      text: { id: 'a' },
      condition: '{\n  "all": [\n    {"holds": "x"},\n  ]\n}',
    });
    expect(result.content).toStrictEqual({ id: 'a' });
    expect(result.conditionError).toMatch(/^JSON syntax error at line 4, column 3: expected /);
    const parsed = parseCondition('{"field": "amount.minor" "gte": 1}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.error.line, parsed.error.column]).toStrictEqual([1, 26]);
  });

  it('reads the priority as a number when it is one, and keeps any other text for validation to name', () => {
    expect(priorityValue('300')).toBe(300);
    expect(priorityValue('-5')).toBe(-5);
    expect(priorityValue('1.5')).toBe(1.5);
    expect(priorityValue('abc')).toBe('abc');
    expect(priorityValue('')).toBeUndefined();
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(priorityValue(String(n))).toBe(n);
      }),
    );
  });

  it('edits the other fields as a JSON object, refusing keys that have their own field', () => {
    expect(parseExtra('')).toStrictEqual({ ok: true, value: {} });
    expect(parseExtra('{"conditon": 1}')).toStrictEqual({ ok: true, value: { conditon: 1 } });
    expect(parseExtra('[1]')).toMatchObject({
      ok: false,
      message: 'expected a JSON object {"key": value, ...}',
    });
    const held = heldKeys({ ...EMPTY_FORM, text: { purpose: 'p' }, condition: '{}' });
    expect([...held].sort()).toStrictEqual(['condition', 'purpose']);
    expect(parseExtra('{"purpose": "x", "condition": 1}', held)).toMatchObject({
      ok: false,
      message: 'purpose, condition: edited in their own fields',
    });
    expect(parseExtra('{"priority": "high"}', held)).toStrictEqual({ ok: true, value: { priority: 'high' } });
    expect(parseExtra('{"a": }')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/line 1, column 7/),
    });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (extra) => {
        const json = JSON.parse(JSON.stringify(extra)) as JsonObject;
        expect(parseExtra(extraText(json))).toStrictEqual({ ok: true, value: json });
      }),
    );
  });

  it('switches event types on and off, keeping their order', () => {
    expect(toggled(undefined, 'card_payment', true)).toStrictEqual(['card_payment']);
    expect(toggled(['a', 'b'], 'a', true)).toStrictEqual(['a', 'b']);
    expect(toggled(['a', 'b', 'c'], 'b', false)).toStrictEqual(['a', 'c']);
  });

  it('offers exactly the event types the pipeline knows', () => {
    expect([...EVENT_TYPES]).toStrictEqual([...CORE_EVENT_TYPES]);
  });
});
