import { describe, expect, it } from 'vitest';
import { contentHashOf, DEFAULT_MAX_EVENT_BYTES, parsePaymentEvent } from '#core/payment-event.js';
import { COUNTRY_CODES, ISO_3166_ALPHA2 } from '#data/iso-3166.js';
import { ISO_4217_LIST_ONE, PAYMENT_CURRENCY_CODES } from '#data/iso-4217.js';

const valid = {
  eventId: 'evt-1',
  occurredAt: '2026-07-03T14:22:05-04:00',
  customerId: 'c-1',
  type: 'atm_withdrawal',
  amount: { minor: 20000, currency: 'USD' },
  merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
};

const parse = (value: unknown) => parsePaymentEvent(JSON.stringify(value));
const fields = (value: unknown) => {
  const result = parse(value);
  if (result.ok) throw new Error('expected a rejection');
  return result.problems.map((problem) => problem.field);
};

describe('parsePaymentEvent', () => {
  it('accepts the contracts.md example', () => {
    const result = parse(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.event).toEqual(valid);
  });

  it('accepts every event type with its required part', () => {
    const counterparty = { name: 'DUO', iban: 'NL91ABNA0417164300', reference: 'Studiefinanciering' };
    for (const type of ['transfer_in', 'transfer_out', 'direct_debit']) {
      const { merchant: _merchant, ...rest } = valid;
      expect(parse({ ...rest, type, counterparty }).ok).toBe(true);
    }
    expect(parse({ ...valid, type: 'card_payment' }).ok).toBe(true);
  });

  it('accepts UTC "Z" and fractional seconds, and a negative balance', () => {
    const result = parse({
      ...valid,
      occurredAt: '2026-07-03T18:22:05.123Z',
      balanceAfter: { minor: -5_000, currency: 'EUR' },
    });
    expect(result.ok).toBe(true);
  });

  it('drops unknown fields instead of carrying them along', () => {
    const result = parse({ ...valid, diagnosis: 'secret', merchant: { ...valid.merchant, owner: 'x' } });
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.stringify(result.event)).not.toMatch(/diagnosis|secret|owner/);
  });

  it('rejects a body that is not JSON, naming (body)', () => {
    const result = parsePaymentEvent('{"eventId": "half');
    expect(result).toEqual({
      ok: false,
      problems: [{ field: '(body)', expected: expect.stringContaining('not valid JSON') }],
    });
  });

  it('rejects JSON that is not an object', () => {
    for (const body of ['[1,2]', '"text"', 'null', '42']) {
      const result = parsePaymentEvent(body);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.problems).toEqual([{ field: '(body)', expected: expect.stringContaining('object') }]);
    }
  });

  it('rejects an oversized body (16 KiB by default) but still keys it by its ids', () => {
    const big = { ...valid, merchant: { ...valid.merchant, city: 'x'.repeat(DEFAULT_MAX_EVENT_BYTES) } };
    const result = parse(big);
    expect(result).toEqual({
      ok: false,
      eventId: 'evt-1',
      customerId: 'c-1',
      problems: [{ field: '(body)', expected: `at most ${DEFAULT_MAX_EVENT_BYTES} bytes of UTF-8 JSON` }],
    });
  });

  it('counts UTF-8 bytes, not characters, against maxBytes', () => {
    const body = JSON.stringify({ ...valid, merchant: { ...valid.merchant, city: 'é'.repeat(60) } });
    expect(parsePaymentEvent(body, { maxBytes: body.length + 10 }).ok).toBe(false);
    expect(parsePaymentEvent(body, { maxBytes: Buffer.byteLength(body) }).ok).toBe(true);
  });

  it('names merchant.mcc when it is not 4 digits', () => {
    for (const mcc of ['12', '12345', 'abcd', 6011]) {
      expect(fields({ ...valid, merchant: { ...valid.merchant, mcc } })).toEqual(['merchant.mcc']);
    }
    const result = parse({ ...valid, merchant: { ...valid.merchant, mcc: '12' } });
    if (!result.ok) expect(result.problems[0]?.expected).toBe('4 digits (ISO 18245 merchant category code)');
  });

  it('names amount.currency for an unknown or non-payment currency', () => {
    for (const currency of ['EURO', 'eur', 'ABC', 'XAU', 'XXX', 'HRK']) {
      expect(fields({ ...valid, amount: { minor: 1, currency } })).toEqual(['amount.currency']);
    }
    expect(fields({ ...valid, balanceAfter: { minor: 1, currency: 'ZZZ' } })).toEqual([
      'balanceAfter.currency',
    ]);
  });

  it('names merchant.country for an unknown country', () => {
    for (const country of ['UK', 'EU', 'nl', 'USA', 'ZZ']) {
      expect(fields({ ...valid, merchant: { ...valid.merchant, country } })).toEqual(['merchant.country']);
    }
  });

  it('requires merchant for card payments and ATM withdrawals, counterparty for transfers', () => {
    const { merchant: _merchant, ...withoutMerchant } = valid;
    expect(fields({ ...withoutMerchant, type: 'card_payment' })).toEqual(['merchant']);
    expect(fields(withoutMerchant)).toEqual(['merchant']);
    for (const type of ['transfer_in', 'transfer_out', 'direct_debit']) {
      expect(fields({ ...withoutMerchant, type })).toEqual(['counterparty']);
    }
  });

  it('lists every problem at once, including a missing merchant next to other failures', () => {
    const { merchant: _merchant, ...withoutMerchant } = valid;
    expect(
      fields({
        ...withoutMerchant,
        occurredAt: '2026-07-03T14:22:05',
        amount: { minor: -1, currency: 'EUR' },
      }),
    ).toEqual(['occurredAt', 'amount.minor', 'merchant']);
  });

  it('requires an offset on occurredAt and a real calendar date', () => {
    for (const occurredAt of ['2026-07-03T14:22:05', '2026-02-30T10:00:00Z', '3 July 2026', '2026-07-03']) {
      expect(fields({ ...valid, occurredAt })).toEqual(['occurredAt']);
    }
  });

  it('bounds ids and texts', () => {
    expect(fields({ ...valid, eventId: '' })).toEqual(['eventId']);
    expect(fields({ ...valid, eventId: 'e'.repeat(129) })).toEqual(['eventId']);
    expect(fields({ ...valid, customerId: 'c'.repeat(65) })).toEqual(['customerId']);
    expect(fields({ ...valid, merchant: { ...valid.merchant, name: 'n'.repeat(201) } })).toEqual([
      'merchant.name',
    ]);
    const { merchant: _merchant, ...rest } = valid;
    const transfer = {
      ...rest,
      type: 'transfer_in',
      counterparty: { name: 'X', reference: 'r'.repeat(501) },
    };
    expect(fields(transfer)).toEqual(['counterparty.reference']);
    expect(fields({ ...transfer, counterparty: { name: 'X', iban: 'NL91 ABNA 0417 1643 00' } })).toEqual([
      'counterparty.iban',
    ]);
  });

  it('rejects amounts that are not whole minor units', () => {
    expect(fields({ ...valid, amount: { minor: 12.5, currency: 'EUR' } })).toEqual(['amount.minor']);
    expect(fields({ ...valid, amount: { minor: '100', currency: 'EUR' } })).toEqual(['amount.minor']);
  });

  it('keys a rejection by eventId and customerId only when they are valid themselves', () => {
    const bad = { ...valid, merchant: { ...valid.merchant, mcc: '1' } };
    expect(parse(bad)).toMatchObject({ ok: false, eventId: 'evt-1', customerId: 'c-1' });
    const badIds = parse({ ...bad, eventId: 42, customerId: 'c'.repeat(65) });
    expect(badIds.ok).toBe(false);
    expect(badIds).not.toHaveProperty('eventId');
    expect(badIds).not.toHaveProperty('customerId');
  });

  it('never repeats a rejected value in its problems', () => {
    const result = parse({
      ...valid,
      amount: { minor: -777_123, currency: 'QQQ' },
      merchant: { name: 'Apotheek De Linde', mcc: '59x2', country: 'QQ', city: 'Zwolle' },
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/777123|QQQ|"QQ"|Apotheek|59x2|Zwolle/);
  });
});

describe('contentHashOf on untrusted bodies', () => {
  it('digests a body nested far deeper than any event without walking it (no stack overflow)', () => {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ] as const) {
      const depth = 3_000;
      const body = open.repeat(depth) + close.repeat(depth);
      const parsed = parsePaymentEvent(body);
      expect(parsed.ok).toBe(false);
      const digest = contentHashOf(body, parsed);
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      // Still a digest of the content: another depth digests differently.
      const other = open.repeat(depth + 1) + close.repeat(depth + 1);
      expect(contentHashOf(other, parsePaymentEvent(other))).not.toBe(digest);
    }
  });

  it('keeps semantically equal bodies equal (key order, whitespace)', () => {
    const a = '{"x":[1,{"b":2,"a":1}],"y":null}';
    const b = '{ "y": null, "x": [1, {"a": 1, "b": 2}] }';
    expect(contentHashOf(a, parsePaymentEvent(a))).toBe(contentHashOf(b, parsePaymentEvent(b)));
  });
});

describe('reference data', () => {
  it('holds all 249 ISO 3166-1 alpha-2 codes, plus XK', () => {
    expect(new Set(ISO_3166_ALPHA2).size).toBe(249);
    expect(COUNTRY_CODES.has('XK')).toBe(true);
    expect(COUNTRY_CODES.has('UK')).toBe(false);
  });

  it('holds ISO 4217 List One without duplicates, and payment currencies without funds or metals', () => {
    expect(new Set(ISO_4217_LIST_ONE).size).toBe(ISO_4217_LIST_ONE.length);
    for (const code of ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'XCG', 'ZWG'])
      expect(PAYMENT_CURRENCY_CODES.has(code)).toBe(true);
    for (const code of ['XAU', 'XTS', 'XXX', 'BOV', 'HRK'])
      expect(PAYMENT_CURRENCY_CODES.has(code)).toBe(false);
  });
});
