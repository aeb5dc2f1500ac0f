import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byField,
  fieldOf,
  findingOfLine,
  findingsOf,
  GENERAL,
  OTHER,
  pathSegments,
} from '../src/pages/catalog/findings.js';
import { COMPATIBILITY_FIELDS, TEXT_FIELDS } from '../src/pages/catalog/trigger-form.js';

describe('lint findings -> the editor field they are shown next to', () => {
  it('splits paths in dot, index and quoted notation', () => {
    expect(pathSegments('condition.all[0].in[1]')).toStrictEqual(['condition', 'all', '0', 'in', '1']);
    expect(pathSegments('conditions.0.field')).toStrictEqual(['conditions', '0', 'field']);
    expect(pathSegments('explanation["n.l"]')).toStrictEqual(['explanation', 'n.l']);
    expect(pathSegments('')).toStrictEqual([]);
  });

  it('maps each first-class field, subfield and the condition', () => {
    expect(fieldOf('purpose')).toBe('purpose');
    expect(fieldOf('priority')).toBe('priority');
    expect(fieldOf('eventTypes[2]')).toBe('eventTypes');
    expect(fieldOf('explanation.nl')).toBe('explanation.nl');
    expect(fieldOf('explanation')).toBe('explanation.en');
    expect(fieldOf('explanation.fr')).toBe('explanation.en');
    expect(fieldOf('compatibility.howObtained')).toBe('compatibility.howObtained');
    expect(fieldOf('compatibility')).toBe('compatibility.linkToOriginalPurpose');
    expect(fieldOf('condition')).toBe('condition');
    expect(fieldOf('condition.all[0].in[1]')).toBe('condition');
    expect(fieldOf('textMatchJustification')).toBe('textMatchJustification');
    expect(fieldOf('conditon')).toBe(OTHER);
    expect(fieldOf('version')).toBe(OTHER);
    expect(fieldOf('')).toBe(GENERAL);
    expect(fieldOf('(file)')).toBe(GENERAL);
  });

  it('maps every path under a field to that field, whatever follows', () => {
    const fields = [...TEXT_FIELDS, 'priority', 'eventTypes', 'condition'];
    const rest = fc.array(
      fc.oneof(
        fc.nat().map((n) => `[${n}]`),
        fc.stringMatching(/^\.[a-z]{1,8}$/),
      ),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...fields), rest, (field, tail) => {
        expect(fieldOf(field + tail.join(''))).toBe(field);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...COMPATIBILITY_FIELDS), rest, (sub, tail) => {
        expect(fieldOf(`compatibility.${sub}${tail.join('')}`)).toBe(`compatibility.${sub}`);
      }),
    );
  });

  it('uses the server findings when given, else reads the field from each problem line', () => {
    expect(findingsOf({ problems: ['x'], findings: [{ path: 'purpose', message: 'm' }] })).toStrictEqual([
      { path: 'purpose', message: 'm' },
    ]);
    expect(
      findingsOf({
        problems: [
          'trigger:abc@2: condition.all[0].in[0]: "8011" targets health (art. 9)',
          'trigger:abc@2: explanation.nl: expected one short sentence, got "kort"',
          'the content\'s id must equal the trigger id "x", got "y"',
          'trigger:abc@2: (file): expected an object',
        ],
      }),
    ).toStrictEqual([
      { path: 'condition.all[0].in[0]', message: '"8011" targets health (art. 9)' },
      { path: 'explanation.nl', message: 'expected one short sentence, got "kort"' },
      { path: '', message: 'the content\'s id must equal the trigger id "x", got "y"' },
      { path: '', message: 'trigger:abc@2: (file): expected an object' },
    ]);
    expect(findingOfLine('just words: with a colon')).toStrictEqual({
      path: '',
      message: 'just words: with a colon',
    });
  });

  it('groups findings per field; condition and item findings keep their path', () => {
    const grouped = byField([
      { path: 'condition.all[1]', message: '"kerk" targets religion (art. 9)' },
      { path: 'purpose', message: 'expected a non-empty text' },
      { path: 'purpose', message: 'second' },
      { path: '', message: 'whole item' },
    ]);
    expect(grouped.get('condition')).toStrictEqual(['condition.all[1]: "kerk" targets religion (art. 9)']);
    expect(grouped.get('purpose')).toStrictEqual(['expected a non-empty text', 'second']);
    expect(grouped.get(GENERAL)).toStrictEqual(['whole item']);
  });

  it('loses no finding', () => {
    const finding = fc.record({ path: fc.string({ maxLength: 30 }), message: fc.string({ maxLength: 30 }) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 20 }), (findings) => {
        const total = [...byField(findings).values()].reduce((n, list) => n + list.length, 0);
        expect(total).toBe(findings.length);
      }),
    );
  });
});
