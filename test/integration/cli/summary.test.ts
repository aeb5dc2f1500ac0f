import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionSchema } from '#core/decision.js';
import { runLocalCli as cli } from '#test/integration/support/cli.js';

/**
 * `npm run replay` as a user runs it (tsx, a clean environment, its own local runtime): the summary tells
 * what happened to every message sent — decided, rejected, collapsed as a redelivery, dead-lettered —
 * adding up to the messages sent, then the decisions per event and the outcomes by main reason.
 */

const consent = {
  purpose: 'transaction-offers',
  status: 'granted',
  at: '2026-01-10T10:00:00Z',
  source: 'app-privacy-settings',
  noticeVersion: '2026-01',
};
const traveller = (customerId: string, consents: object[] = [consent]) => ({
  customerId,
  birthDate: '1990-04-01',
  holdings: ['current-account', 'travel-insurance-europe'],
  flags: [],
  consents,
});

const atm = (eventId: string, customerId: string) => ({
  eventId,
  occurredAt: '2026-07-03T14:22:05-04:00',
  customerId,
  type: 'atm_withdrawal',
  amount: { minor: 20_000, currency: 'USD' },
  merchant: { name: 'Chase ATM', mcc: '6011', country: 'US', city: 'New York' },
});

describe('replay: the summary reconciles every message sent', () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'offer-summary-'));
    const fixtures = join(dir, 'customers.json');
    writeFileSync(
      fixtures,
      JSON.stringify({ customers: [traveller('c-1'), traveller('c-2', []), traveller('c-3')] }),
    );
    const lines = [
      atm('evt-1', 'c-1'),
      // EUR 1,500 in New York: card-abroad-worldwide-cover and large-purchase-credit-card both fire.
      {
        eventId: 'evt-2',
        occurredAt: '2026-07-04T11:00:00-04:00',
        customerId: 'c-3',
        type: 'card_payment',
        amount: { minor: 150_000, currency: 'EUR' },
        merchant: { name: 'Apple Store', mcc: '5732', country: 'US', city: 'New York' },
      },
      atm('evt-1', 'c-1'), // the same event delivered again: collapsed
      '{"eventId":"evt-x","type":"card_payment",', // not JSON: rejected as invalid
      {
        eventId: 'evt-3',
        occurredAt: '2026-07-05T09:30:00+02:00',
        customerId: 'c-2',
        type: 'card_payment',
        amount: { minor: 2_350, currency: 'EUR' },
        merchant: { name: 'Albert Heijn 1234', mcc: '5411', country: 'NL', city: 'Utrecht' },
      },
      {
        eventId: 'evt-4',
        occurredAt: '2026-07-03T16:05:00-04:00',
        customerId: 'c-1',
        type: 'card_payment',
        amount: { minor: 4_321, currency: 'USD' },
        merchant: { name: 'Walgreens Pharmacy', mcc: '5912', country: 'US', city: 'Boston' },
      },
      atm('evt-5', 'c-2'), // no consent
    ];
    const events = join(dir, 'events.jsonl');
    writeFileSync(
      events,
      `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`,
    );
    out = join(dir, 'decisions.jsonl');
    run = await cli(['replay', '--fixtures', fixtures, '--events', events, '--allow-invalid', '--out', out]);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a reconciliation that adds up to the messages sent', () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const { stdout } = run;
    expect(stdout).toContain(
      'What happened to the 7 messages sent (counted from the audit table and the DLQ):',
    );
    expect(stdout).toMatch(/^ +5 {2}payment events decided$/m);
    expect(stdout).toMatch(/^ +1 {2}messages rejected as invalid \(invalid_event\)$/m);
    expect(stdout).toMatch(/^ +0 {2}event ids reused with other content, rejected \(duplicate_event_id\)$/m);
    expect(stdout).toMatch(/^ +1 {2}duplicate deliveries collapsed \(same event id and content/m);
    expect(stdout).toMatch(/^ +0 {2}dead-lettered \(in the payment-events DLQ\)$/m);
    expect(stdout).toMatch(/^ +7 {2}= 7 messages sent: it adds up\.$/m);
    expect(stdout).not.toContain('DOES NOT ADD UP');
  });

  it('prints the decisions per event and the outcomes by main reason', () => {
    const { stdout } = run;
    expect(stdout).toContain(
      'Decisions recorded: 7 = 6 for the 5 decided events (4 with one decision, 1 with two decisions;',
    );
    expect(stdout).toContain('+ 1 rejection.');
    expect(stdout).toMatch(/^emitted \(an offer\) +2$/m);
    expect(stdout).toMatch(/^suppressed +2$/m);
    expect(stdout).toMatch(/^ {2}by main reason no_consent +1$/m);
    expect(stdout).toMatch(/^ {2}by main reason sensitive_category +1$/m);
    expect(stdout).toMatch(/^no trigger +1$/m);
    expect(stdout).toMatch(/^rejected: invalid_event +1$/m);
    expect(stdout).toMatch(/^rejected: duplicate_event_id +0$/m);
    expect(stdout).toContain('Loaded 3 customers; their 2 consent records kept as evidence');
  });

  it('writes exactly the decisions it counted', () => {
    const decisions = readFileSync(out, 'utf8').trim().split('\n');
    expect(decisions).toHaveLength(7);
  });

  it('writes them contract-shaped, in the order of the event lines, and names the catalog revision', () => {
    const decisions = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const d of decisions) expect(DecisionSchema.strict().safeParse(d).success).toBe(true);
    expect(decisions.map((d) => d.eventId ?? '(no event id)')).toEqual([
      'evt-1',
      'evt-2',
      'evt-2',
      '(no event id)',
      'evt-3',
      'evt-4',
      'evt-5',
    ]);
    expect(decisions.slice(1, 3).map((d) => d.triggerId)).toEqual([
      'card-abroad-worldwide-cover',
      'large-purchase-credit-card',
    ]);
    const revision = /catalog=(r-[0-9a-f]{16})/.exec(String(decisions[0]?.policyVersion))?.[1];
    expect(revision).toBeDefined();
    expect(run.stdout).toContain(`Catalog revision: ${revision} (every decision)`);
  });
});
