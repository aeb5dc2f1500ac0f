import { describe, expect, it } from 'vitest';
import { CustomerFixtureFileSchema, parseCustomerFixtures } from '#app/customer-fixtures.js';
import { traveller } from '#test/support/builders.js';

const example = {
  customers: [traveller('c-1')],
};

const paths = (value: unknown) => {
  const result = CustomerFixtureFileSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('customer fixtures', () => {
  it('accept the contracts.md example', () => {
    expect(CustomerFixtureFileSchema.parse(example)).toEqual(example);
  });

  it('reject duplicate customer ids, pointing at the second one', () => {
    const [first] = example.customers;
    const result = CustomerFixtureFileSchema.safeParse({ customers: [first, first] });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['customers', 1, 'customerId'],
        message: expect.stringContaining('customers[0]'),
      }),
    ]);
  });

  it('a grant needs its notice version (proof of informed consent); a withdrawal or objection may omit it', () => {
    const [first] = example.customers;
    const consent = (status: string) => {
      const { noticeVersion: _omitted, ...rest } = { ...first?.consents[0], status };
      return rest;
    };
    const withConsents = (...consents: unknown[]) => ({ customers: [{ ...first, consents }] });
    const refused = CustomerFixtureFileSchema.safeParse(withConsents(consent('granted')));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([
      expect.objectContaining({
        path: ['customers', 0, 'consents', 0, 'noticeVersion'],
        message: expect.stringContaining('required for a grant'),
      }),
    ]);
    expect(paths(withConsents(consent('withdrawn'), consent('objected')))).toEqual([]);
  });

  it('accept product codes the catalog does not know (a bank has more products than offers)', () => {
    const [first] = example.customers;
    expect(
      paths({ customers: [{ ...first, holdings: ['current-account', 'mortgage', 'pension'] }] }),
    ).toEqual([]);
  });

  it('reject malformed product codes, unknown flags, purposes, statuses and impossible dates', () => {
    const [first] = example.customers;
    const bad = {
      ...first,
      birthDate: '1990-02-30',
      holdings: ['Mortgage Loan'],
      flags: ['rich'],
      consents: [{ ...first?.consents[0], purpose: 'profiling', status: 'maybe', at: '2026-01-10' }],
    };
    expect(paths({ customers: [bad] })).toEqual([
      'customers.0.birthDate',
      'customers.0.holdings.0',
      'customers.0.flags.0',
      'customers.0.consents.0.purpose',
      'customers.0.consents.0.status',
      'customers.0.consents.0.at',
    ]);
  });
});

describe('parseCustomerFixtures', () => {
  const [customer] = example.customers;
  const line = JSON.stringify(customer);

  it('reads the contracts.md document, and with jsonLines also one customer per line', () => {
    expect(parseCustomerFixtures(JSON.stringify(example))).toEqual({
      ok: true,
      customers: example.customers,
    });
    const two = `${line}\n\n${JSON.stringify({ ...customer, customerId: 'c-2' })}\n`;
    expect(parseCustomerFixtures(two, { jsonLines: true })).toMatchObject({
      ok: true,
      customers: [{ customerId: 'c-1' }, { customerId: 'c-2' }],
    });
    expect(parseCustomerFixtures(line, { jsonLines: true })).toMatchObject({
      ok: true,
      customers: [{ customerId: 'c-1' }],
    });
    expect(parseCustomerFixtures(two)).toMatchObject({ ok: false, kind: 'json' });
  });

  it('names the line and the field of every problem, and never echoes a line that is not JSON', () => {
    const broken = `${line}\n{"customerId":"c-9","birthDate":"someday","holdings":[],"flags":[],"consents":[]}\nsecret text`;
    expect(parseCustomerFixtures(broken, { jsonLines: true })).toEqual({
      ok: false,
      kind: 'json',
      problems: ['line 3: expected a customer as one JSON object'],
    });
    const invalid = parseCustomerFixtures(broken.split('\n').slice(0, 2).join('\n'), { jsonLines: true });
    expect(invalid).toMatchObject({
      ok: false,
      kind: 'schema',
      problems: [expect.stringMatching(/^line 2, customers\.1\.birthDate: /)],
    });
  });
});
