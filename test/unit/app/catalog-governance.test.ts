import { describe, expect, it } from 'vitest';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import { parseCatalog } from '#core/catalog/parse.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { Caller, Command, JsonObject } from '#core/governance/model.js';
import { catalogInputFrom } from '#core/governance/snapshot.js';
import { InMemoryCatalog } from '#test/support/in-memory-catalog.js';
import {
  ann,
  ed,
  goLive,
  isFoundation,
  must,
  olga,
  piet,
  seedItems,
  seedOffer,
  seedTrigger,
} from './catalog-fixtures.js';

const T0 = Date.parse('2026-12-01T09:00:00Z');

const foundationsLive = (service: CatalogGovernanceService) =>
  goLive(service, seedItems().filter(isFoundation));
const savings = (service: CatalogGovernanceService, command: Command, caller: Caller) =>
  must(service, 'offer', 'savings-account', command, caller);

function setup() {
  const repository = new InMemoryCatalog();
  const clock = { ms: T0 };
  const service = new CatalogGovernanceService({ repository, now: () => new Date(clock.ms) });
  return { repository, clock, service };
}

/** A trigger on a sensitive merchant category (hospitals): the sensitive lint must refuse it. */
const clinicTrigger = (): JsonObject => ({
  ...seedTrigger('ticket-travel-insurance'),
  condition: { all: [{ field: 'merchant.mcc', in: ['8062'] }, { holdsNone: ['travel-insurance-europe'] }] },
});

describe('CatalogGovernanceService', () => {
  it('takes the seed catalog live through the lifecycle; live() is a catalog the parser accepts', async () => {
    const { service } = setup();
    await goLive(service, seedItems());
    const live = await service.live();
    expect(live.versions.filter((v) => v.kind === 'trigger')).toHaveLength(6);
    expect(live.revision).toMatch(/^r-[0-9a-f]{16}$/);
    const parsed = parseCatalog(catalogInputFrom(live.versions, live.revision));
    expect(parsed.ok ? parsed.catalog.triggers.map((t) => [t.id, t.version]) : parsed.errors).toContainEqual([
      'high-balance-savings',
      1,
    ]);
  });

  it('refuses to submit a trigger the sensitive lint refuses, naming the version and the field', async () => {
    const { service } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger'),
    );
    await must(
      service,
      'trigger',
      'clinic-cover',
      { action: 'draft', content: { ...clinicTrigger(), id: 'clinic-cover' } },
      ann,
    );
    const result = await service.execute('trigger', 'clinic-cover', { action: 'submit', version: 1 }, ann);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.kind).toBe('invalid');
    expect(result.refusal.rule).toBe('version 1 does not pass validation and lint');
    expect(result.refusal.problems?.join('\n')).toMatch(/^trigger:clinic-cover@1: condition\.all\[0\]/m);
    expect((await service.show('trigger', 'clinic-cover'))?.versions[0]?.state).toBe('draft');
  });

  it('a draft may lack its explanation; submit refuses it, and one that reveals the payment, naming the field', async () => {
    const { service } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger'),
    );
    const { explanation: _, ...withoutExplanation } = seedTrigger('ticket-travel-insurance');
    await must(
      service,
      'trigger',
      'ticket-travel-insurance',
      { action: 'draft', content: withoutExplanation },
      ann,
    );
    const submit = () =>
      service.execute('trigger', 'ticket-travel-insurance', { action: 'submit', version: 1 }, ann);
    const missing = await submit();
    expect(missing.ok ? [] : missing.refusal.problems).toEqual([
      expect.stringMatching(/^trigger:ticket-travel-insurance@1(:\d+:\d+)?: explanation: required, /),
    ]);
    await must(
      service,
      'trigger',
      'ticket-travel-insurance',
      {
        action: 'edit',
        version: 1,
        content: {
          ...withoutExplanation,
          explanation: { nl: 'Omdat je € 1.000 betaalde in Parijs.', en: 'Because you bought a ticket.' },
        },
      },
      ann,
    );
    const revealing = await submit();
    expect(revealing.ok ? [] : revealing.refusal.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/explanation\.nl: expected a sentence that reveals nothing/),
      ]),
    );
    expect((await service.show('trigger', 'ticket-travel-insurance'))?.versions[0]?.state).toBe('draft');
    await must(
      service,
      'trigger',
      'ticket-travel-insurance',
      { action: 'edit', version: 1, content: seedTrigger('ticket-travel-insurance') },
      ann,
    );
    expect((await submit()).ok).toBe(true);
  });

  it('checks against the working catalog: a trigger for an offer that is only drafted passes submit, not activation', async () => {
    const { service } = setup();
    await foundationsLive(service);
    await savings(service, { action: 'draft', content: seedOffer('savings-account') }, ann);
    await must(
      service,
      'trigger',
      'high-balance-savings',
      { action: 'draft', content: seedTrigger('high-balance-savings') },
      ed,
    );
    await must(service, 'trigger', 'high-balance-savings', { action: 'submit', version: 1 }, ed);
    await must(service, 'trigger', 'high-balance-savings', { action: 'approve', version: 1 }, olga);
    const early = await service.execute(
      'trigger',
      'high-balance-savings',
      { action: 'activate', version: 1 },
      olga,
    );
    expect(early.ok ? [] : early.refusal.problems).toEqual([
      expect.stringMatching(/^trigger:high-balance-savings@1: offerId: .*savings-account/),
    ]);
    await savings(service, { action: 'submit', version: 1 }, ann);
    await savings(service, { action: 'approve', version: 1 }, piet);
    await savings(service, { action: 'activate', version: 1 }, piet);
    await must(service, 'trigger', 'high-balance-savings', { action: 'activate', version: 1 }, olga);
  });

  it("reports a change that breaks another live item, and not other items' own problems", async () => {
    const { service } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger' || i.id === 'card-abroad-worldwide-cover'),
    );
    // Another team's broken draft does not block this submit.
    await must(service, 'offer', 'broken', { action: 'draft', content: { offerId: 'broken' } }, ed);
    // Retiring an offer a live trigger names would break the live catalog: refused, naming the trigger.
    const retire = await service.execute('offer', 'worldwide-travel-cover', { action: 'retire' }, olga);
    expect(retire.ok ? {} : retire.refusal).toMatchObject({
      kind: 'invalid',
      rule: 'retiring offer worldwide-travel-cover would leave the live catalog invalid; retire what refers to it first',
      problems: [expect.stringMatching(/^trigger:card-abroad-worldwide-cover@1: offerId: /)],
    });
    await savings(service, { action: 'retire' }, olga);
    await must(service, 'trigger', 'card-abroad-worldwide-cover', { action: 'retire' }, ann);
    await must(service, 'offer', 'worldwide-travel-cover', { action: 'retire' }, olga);
    await goLive(
      service,
      seedItems().filter((i) => i.id === 'worldwide-travel-cover'),
    );
    // A broken offer version is named by its own item and version (the re-activated offer is version 2).
    await must(
      service,
      'offer',
      'worldwide-travel-cover',
      { action: 'draft', content: { ...seedOffer('worldwide-travel-cover'), validityDays: 0 } },
      ann,
    );
    const refused = await service.execute(
      'offer',
      'worldwide-travel-cover',
      { action: 'submit', version: 3 },
      ann,
    );
    expect(refused.ok ? [] : refused.refusal.problems).toEqual([
      expect.stringMatching(/^offer:worldwide-travel-cover@3: validityDays: /),
    ]);
  });

  it('four eyes end to end: the author or an editor acting as privacy officer is refused', async () => {
    const { service } = setup();
    await foundationsLive(service);
    await savings(service, { action: 'draft', content: seedOffer('savings-account') }, ann);
    await savings(
      service,
      { action: 'edit', version: 1, content: { ...seedOffer('savings-account'), cooldownDays: 60 } },
      ed,
    );
    await savings(service, { action: 'submit', version: 1 }, ann);
    for (const [caller, rule] of [
      [{ id: ann.id, role: 'privacy-officer' }, 'approver is the author of version 1'],
      [{ id: ed.id, role: 'privacy-officer' }, 'approver edited version 1'],
      [ann, 'only a privacy officer may approve'],
    ] as const) {
      const result = await service.execute(
        'offer',
        'savings-account',
        { action: 'approve', version: 1 },
        caller,
      );
      expect(result.ok ? '' : result.refusal.rule).toBe(rule);
    }
    const approved = await savings(service, { action: 'approve', version: 1 }, olga);
    const version = approved.versions[0];
    expect(version?.approval?.contentHash).toBe(
      contentHash({ ...seedOffer('savings-account'), cooldownDays: 60 }),
    );
  });

  it('schedules an activation and supersedes the live version at that instant', async () => {
    const { service, clock } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger'),
    );
    const changed = { ...seedOffer('savings-account'), text: 'Sparen? Open een spaarrekening.' };
    await savings(service, { action: 'draft', content: changed }, ann);
    await savings(service, { action: 'submit', version: 2 }, ann);
    await savings(service, { action: 'approve', version: 2 }, olga);
    const at = new Date(T0 + 3_600_000).toISOString();
    await savings(service, { action: 'activate', version: 2, at }, olga);
    const liveNow = (await service.live()).versions.find((v) => v.id === 'savings-account');
    expect(liveNow?.version).toBe(1);
    clock.ms = T0 + 3_600_000;
    const later = await service.live();
    expect(later.versions.find((v) => v.id === 'savings-account')?.content).toEqual(changed);
  });

  it('an unknown kind or a malformed id is refused before the store is read', async () => {
    const { service, repository } = setup();
    repository.load = () => Promise.reject(new Error('the store must not be read'));
    const unknown = await service.execute('policy' as never, 'x', { action: 'retire' }, olga);
    expect(unknown).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', rule: expect.stringContaining('kind must be one of') },
    });
    const malformed = await service.execute('offer', 'Not An Id', { action: 'retire' }, olga);
    expect(malformed).toMatchObject({
      ok: false,
      refusal: { kind: 'invalid', rule: expect.stringContaining('kebab-case') },
    });
  });

  it('lint reports without storing; list is sorted and filters by kind', async () => {
    const { service, repository } = setup();
    await goLive(
      service,
      seedItems().filter((i) => i.kind !== 'trigger'),
    );
    const commits = repository.commits;
    expect(await service.lint('trigger', 'clinic-cover', { ...clinicTrigger(), id: 'clinic-cover' })).toEqual(
      [
        {
          path: 'condition.all.0.in.0',
          message: expect.stringMatching(/^trigger:clinic-cover@1: condition\.all\[0\]/),
        },
      ],
    );
    expect(await service.lint('trigger', 'x', { id: 'y' })).toEqual([
      { path: 'id', message: 'the content\'s id must equal the trigger id "x", got "y"' },
    ]);
    expect(await service.lint('offer', 'savings-account', seedOffer('savings-account'))).toEqual([]);
    expect(repository.commits).toBe(commits);
    const offers = await service.list('offer');
    expect(offers.every((v) => v.kind === 'offer')).toBe(true);
    expect(offers.map((v) => v.id)).toEqual([...offers.map((v) => v.id)].sort());
    const all = await service.list();
    expect(all.map((v) => v.kind)).toEqual([...all.map((v) => v.kind)].sort());
  });
});

describe('concurrency: one revision, one winner', () => {
  it('a submit racing an edit of the same draft: exactly one commits, and the version in review is what was checked', async () => {
    const { service, repository } = setup();
    await foundationsLive(service);
    await savings(service, { action: 'draft', content: seedOffer('savings-account') }, ann);
    const edited = { ...seedOffer('savings-account'), cooldownDays: 1 };
    const results = await Promise.all([
      service.execute('offer', 'savings-account', { action: 'submit', version: 1 }, ann),
      service.execute('offer', 'savings-account', { action: 'edit', version: 1, content: edited }, ed),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      refusal: { kind: 'conflict', rule: 'changed concurrently; reload and retry' },
    });
    const stored = await repository.load('offer', 'savings-account');
    expect(stored?.revision).toBe(2);
    expect(stored?.transitions).toHaveLength(2);
    // Whichever won, the stored version is consistent: in review with the original content, or a draft edited.
    const version = stored?.versions[0];
    expect(
      version?.state === 'in_review' ? version.content : { state: version?.state, content: version?.content },
    ).toEqual(results[0]?.ok ? seedOffer('savings-account') : { state: 'draft', content: edited });
  });

  it('an approval racing a rejection and a new draft: the approval of the stale state is refused, nothing of it written', async () => {
    const { service, repository } = setup();
    await foundationsLive(service);
    await savings(service, { action: 'draft', content: seedOffer('savings-account') }, ann);
    await savings(service, { action: 'submit', version: 1 }, ann);
    repository.beforeCommit = async () => {
      await savings(service, { action: 'reject', version: 1, reasons: ['text unclear'] }, piet);
      await savings(
        service,
        { action: 'draft', content: { ...seedOffer('savings-account'), text: 'x' } },
        ed,
      );
    };
    const approval = await service.execute(
      'offer',
      'savings-account',
      { action: 'approve', version: 1 },
      olga,
    );
    expect(approval).toEqual({
      ok: false,
      refusal: { kind: 'conflict', rule: 'changed concurrently; reload and retry' },
    });
    const stored = await repository.load('offer', 'savings-account');
    expect(stored?.versions.map((v) => [v.version, v.state, v.approval])).toEqual([
      [1, 'rejected', undefined],
      [2, 'draft', undefined],
    ]);
    expect(stored?.transitions.some((t) => t.action === 'approve')).toBe(false);
  });

  it('many officers approving at once: exactly one approval is recorded', async () => {
    const { service, repository } = setup();
    await must(
      service,
      'region',
      'benelux',
      { action: 'draft', content: { description: 'Benelux', countries: ['NL', 'BE', 'LU'] } },
      ann,
    );
    await must(service, 'region', 'benelux', { action: 'submit', version: 1 }, ann);
    const officers = ['a', 'b', 'c', 'd', 'e'].map((n) => ({
      id: `local:${n}`,
      role: 'privacy-officer' as const,
    }));
    const results = await Promise.all(
      officers.map((o, i) =>
        i % 2 === 0
          ? service.execute('region', 'benelux', { action: 'approve', version: 1 }, o)
          : service.execute('region', 'benelux', { action: 'reject', version: 1, reasons: ['no'] }, o),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const stored = await repository.load('region', 'benelux');
    expect(stored?.transitions.filter((t) => t.action === 'approve' || t.action === 'reject')).toHaveLength(
      1,
    );
  });
});
