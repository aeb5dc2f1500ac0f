import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenCatalogProblems, writeBrokenCatalog } from '#test/fixtures/broken-catalog.js';
import { runLocalCli as cli, readDecisionsFile, repoRoot } from '#test/integration/support/cli.js';
import { traveller } from '#test/support/builders.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The issue's probes: eight draft triggers aimed at sensitive payments (church names, hospital MCCs, a
 * religious-giving word in the reference, a casino, an MCC range over political and religious
 * organisations, union dues nested in all/any, a dating MCC, pharmacies by name), each with the error
 * the lint must give. All carry a textMatchJustification: a justification never makes a target acceptable.
 */
const PROBES: ReadonlyArray<{ id: string; condition: unknown; error: string }> = [
  {
    id: 'probe-church',
    condition: { field: 'counterparty.name', containsIgnoreCase: 'Hervormde Gemeente' },
    error: 'condition: "Hervormde Gemeente" targets religion (art. 9)',
  },
  {
    id: 'probe-hospital-mcc',
    condition: { all: [{ field: 'merchant.mcc', in: ['8062', '8011'] }] },
    error: 'condition.all[0].in[0]: "8062" targets health (art. 9)',
  },
  {
    id: 'probe-church-giving',
    condition: { field: 'counterparty.reference', containsIgnoreCase: 'Kerkbalans' },
    error: 'condition: "Kerkbalans" targets religion (art. 9)',
  },
  {
    id: 'probe-casino',
    condition: { field: 'merchant.name', containsIgnoreCase: 'Holland Casino' },
    error: 'condition: "Holland Casino" targets gambling (duty of care)',
  },
  {
    id: 'probe-mcc-range',
    condition: { not: { field: 'merchant.mcc', between: ['8600', '8699'] } },
    error: 'condition.not: the range "8600"–"8699" includes sensitive MCCs',
  },
  {
    id: 'probe-union-dues',
    condition: {
      all: [
        {
          any: [
            { field: 'counterparty.name', containsIgnoreCase: 'FNV' },
            { field: 'counterparty.name', containsIgnoreCase: 'HIV Vereniging' },
          ],
        },
      ],
    },
    error: 'condition.all[0].any[1]: "HIV Vereniging" targets health (art. 9)',
  },
  {
    id: 'probe-dating-mcc',
    condition: { field: 'merchant.mcc', equals: '7273' },
    error: 'condition: "7273" targets sex-life (art. 9)',
  },
  {
    id: 'probe-pharmacies',
    condition: { field: 'merchant.name', in: ['Albert Heijn', 'Apotheek De Linde'] },
    error: 'condition.in[1]: "Apotheek De Linde" targets health (art. 9)',
  },
];

describe('replay --catalog refuses triggers aimed at sensitive payments', () => {
  let dir: string;
  let template: Record<string, unknown>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'offer-lint-'));
    template = JSON.parse(
      readFileSync(resolve(repoRoot, 'catalog/triggers/high-balance-savings.json'), 'utf8'),
    ) as Record<string, unknown>;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function draftWith(
    triggers: ReadonlyArray<{ id: string; condition: unknown; eventTypes?: string[] }>,
  ): string {
    const draft = mkdtempSync(join(dir, 'draft-'));
    cpSync(resolve(repoRoot, 'catalog'), draft, { recursive: true });
    for (const { id, condition, eventTypes } of triggers) {
      const trigger = {
        ...template,
        id,
        eventTypes: eventTypes ?? template.eventTypes,
        textMatchJustification: 'Drafted by a product team; the privacy officer reviews it.',
        condition,
      };
      writeFileSync(join(draft, 'triggers', `${id}.json`), JSON.stringify(trigger, null, 2));
    }
    return draft;
  }

  const fixtures = () => {
    const file = join(dir, 'customers.json');
    writeFileSync(
      file,
      JSON.stringify({
        customers: [traveller('c-1', { birthDate: '1980-04-01', holdings: ['current-account'] })],
      }),
    );
    return file;
  };

  it('refuses all eight probes, each naming file, trigger, path, value and category', async () => {
    const draft = draftWith(PROBES);
    const events = join(dir, 'none.jsonl');
    writeFileSync(events, '');
    const run = await cli(['replay', '--fixtures', fixtures(), '--events', events, '--catalog', draft]);
    expect(run.code).toBe(1);
    const folder = draft.slice(draft.lastIndexOf('/') + 1);
    for (const probe of PROBES) {
      // file:line:column, then the path and the finding.
      expect(run.stderr).toMatch(
        new RegExp(
          `${escapeRegExp(`${folder}/triggers/${probe.id}.json`)}:\\d+:\\d+: ${escapeRegExp(probe.error)}`,
        ),
      );
    }
    expect(run.stderr).not.toContain('DynamoDB'); // refused before anything started
  });

  it('loads a control trigger on a municipality’s tax and decides with it', async () => {
    const draft = draftWith([
      {
        id: 'municipal-tax-savings',
        eventTypes: ['transfer_out'],
        condition: {
          all: [
            { field: 'counterparty.name', containsIgnoreCase: 'Gemeente Amsterdam' },
            { field: 'counterparty.reference', containsIgnoreCase: 'belasting' },
            { holdsNone: ['savings-account'] },
          ],
        },
      },
    ]);
    const events = join(dir, 'tax.jsonl');
    writeFileSync(
      events,
      `${JSON.stringify({
        eventId: 'evt-tax-1',
        occurredAt: '2026-07-03T10:00:00+02:00',
        customerId: 'c-1',
        type: 'transfer_out',
        amount: { minor: 45_000, currency: 'EUR' },
        counterparty: { name: 'Gemeente Amsterdam', reference: 'Aanslag gemeentelijke belastingen 2026' },
      })}\n`,
    );
    const out = join(dir, 'tax-decisions.jsonl');
    const run = await cli([
      'replay',
      '--fixtures',
      fixtures(),
      '--events',
      events,
      '--catalog',
      draft,
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('targets');
    expect(run.code).toBe(0);
    const decisions = readDecisionsFile(out);
    expect(decisions).toContainEqual(
      expect.objectContaining({
        eventId: 'evt-tax-1',
        triggerId: 'municipal-tax-savings',
        outcome: 'emitted',
      }),
    );
    // A replay starts a whole runtime in a child process (DynamoDB Local, the SQS emulator, the archiver).
  }, 150_000);
});

describe('replay --catalog reports every problem of a broken draft at once', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'offer-broken-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints each problem with file:line:column, the field and what was expected, and starts nothing', async () => {
    const draft = writeBrokenCatalog(dir, 'my-draft');
    const events = join(dir, 'none.jsonl');
    writeFileSync(events, '');
    const customers = join(dir, 'customers.json');
    writeFileSync(customers, JSON.stringify({ customers: [] }));
    const run = await cli(['replay', '--fixtures', customers, '--events', events, '--catalog', draft]);
    expect(run.code).toBe(1);
    const problems = brokenCatalogProblems('my-draft');
    expect(run.stderr).toContain(
      `error: The offer catalog is invalid (${problems.length} problems):\n${problems.join('\n')}\n`,
    );
    expect(run.stdout).not.toContain('DynamoDB');
  });
});
