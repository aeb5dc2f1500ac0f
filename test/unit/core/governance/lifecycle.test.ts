import { describe, expect, it } from 'vitest';
import { applyCommand } from '#core/governance/lifecycle.js';
import type { Caller, ContentCheck, ItemHistory } from '#core/governance/model.js';
import { effectiveAt } from '#core/governance/snapshot.js';
import {
  ann,
  approvedHistory,
  content,
  ed,
  minutes,
  ok,
  olga,
  passes,
  piet,
  refused,
  T0,
  TRIGGER,
} from './lifecycle-fixtures.js';

const seed: Caller = { id: 'seed-import', role: 'seed-import' };
const version = (history: ItemHistory, n: number) => history.versions.find((v) => v.version === n);

describe('roles', () => {
  it('only a product team drafts, edits and submits', () => {
    expect(refused(undefined, { action: 'draft', content: content() }, olga).rule).toBe(
      'only a product team may draft',
    );
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    expect(refused(drafted, { action: 'edit', version: 1, content: content('x') }, olga)).toEqual({
      kind: 'forbidden',
      rule: 'only a product team may edit',
    });
    expect(refused(drafted, { action: 'submit', version: 1 }, olga).rule).toBe(
      'only a product team may submit',
    );
  });

  it('only a privacy officer approves or rejects', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    const submitted = ok(drafted, { action: 'submit', version: 1 }, ann);
    expect(refused(submitted, { action: 'approve', version: 1 }, ed)).toEqual({
      kind: 'forbidden',
      rule: 'only a privacy officer may approve',
    });
    expect(refused(submitted, { action: 'reject', version: 1, reasons: ['no'] }, ed).rule).toBe(
      'only a privacy officer may reject',
    );
  });

  it('seed-import may run no command, and a caller without an identity none either', () => {
    for (const command of [
      { action: 'draft', content: content() },
      { action: 'approve', version: 1 },
      { action: 'activate', version: 1 },
      { action: 'retire' },
    ] as const) {
      const refusal = refused(approvedHistory(), command, seed);
      expect(refusal.kind).toBe('forbidden');
      expect(refusal.rule).toContain('seed-import may not');
    }
    expect(
      refused(undefined, { action: 'draft', content: content() }, { id: ' ', role: 'product-team' }).rule,
    ).toBe('the caller has no authenticated identity');
  });

  it('both roles activate and retire', () => {
    const byTeam = ok(approvedHistory(), { action: 'activate', version: 1 }, ed);
    expect(version(byTeam, 1)?.state).toBe('live');
    expect(version(ok(byTeam, { action: 'retire' }, olga), 1)?.state).toBe('retired');
  });
});

describe('draft', () => {
  it('creates version 1 with hash, author, no editors, and a transition', () => {
    const h = ok(undefined, { action: 'draft', content: content(), comment: 'first' }, ann);
    expect(h.revision).toBe(1);
    expect(h.versions).toEqual([
      expect.objectContaining({
        version: 1,
        state: 'draft',
        author: 'local:ann',
        editors: [],
        origin: 'authored',
        createdAt: T0.toISOString(),
      }),
    ]);
    expect(h.versions[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.transitions).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'draft',
        to: 'draft',
        by: 'local:ann',
        role: 'product-team',
        comment: 'first',
      }),
    ]);
    expect(h.transitions[0]).not.toHaveProperty('from');
  });

  it('is refused while another version is a draft or in review; allowed after a rejection (max + 1)', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    expect(refused(drafted, { action: 'draft', content: content('b') }, ed)).toMatchObject({
      kind: 'conflict',
      rule: expect.stringContaining('version 1 is still a draft'),
    });
    const submitted = ok(drafted, { action: 'submit', version: 1 }, ann);
    expect(refused(submitted, { action: 'draft', content: content('b') }, ed).rule).toContain('in review');
    const rejected = ok(submitted, { action: 'reject', version: 1, reasons: ['too broad'] }, olga);
    const second = ok(rejected, { action: 'draft', content: content('b') }, ed);
    expect(version(second, 2)).toMatchObject({ state: 'draft', author: 'local:ed' });
  });

  it('refuses an id that is not kebab-case or longer than 100, and content naming another item', () => {
    for (const id of ['Card', 'a--b', '-a', 'a_b', '', 'x'.repeat(101)]) {
      const refusal = refused(undefined, { action: 'draft', content: {} }, ann, T0, passes, {
        kind: 'offer',
        id,
      });
      expect(refusal.kind).toBe('invalid');
      expect(refusal.rule).toContain('kebab-case');
    }
    ok(undefined, { action: 'draft', content: {} }, ann, T0, passes, { kind: 'offer', id: 'x'.repeat(100) });
    expect(refused(undefined, { action: 'draft', content: { id: 'other' } }, ann).rule).toBe(
      'the content\'s id must equal the trigger id "card-abroad", got "other"',
    );
    const offer = { kind: 'offer', id: 'savings' } as const;
    expect(
      refused(undefined, { action: 'draft', content: { offerId: 'x' } }, ann, T0, passes, offer).rule,
    ).toContain('offerId must equal the offer id "savings"');
    expect(refused(undefined, { action: 'draft', content: [] as never }, ann).rule).toContain(
      'must be a JSON object',
    );
    const unknownKind = { kind: 'policy' as never, id: 'x' };
    expect(refused(undefined, { action: 'draft', content: {} }, ann, T0, passes, unknownKind).rule).toContain(
      'kind must be one of',
    );
  });

  it('records the origin file-import when asked, and never seed-import from a command', () => {
    const imported = ok(undefined, { action: 'draft', content: content(), origin: 'file-import' }, ann);
    expect(imported.versions[0]?.origin).toBe('file-import');
    const claimed = { action: 'draft', content: content(), origin: 'seed-import' } as never;
    expect(ok(undefined, claimed, ann).versions[0]?.origin).toBe('authored');
  });

  it('refuses a trigger content that carries version: the lifecycle numbers versions', () => {
    expect(refused(undefined, { action: 'draft', content: { ...content(), version: 7 } }, ann)).toEqual({
      kind: 'invalid',
      path: 'version',
      rule: "a trigger's content must not carry version: the lifecycle numbers versions",
    });
  });
});

describe('edit', () => {
  it('replaces the content and hash of a draft and adds the editor once (never the author)', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    const byAuthor = ok(drafted, { action: 'edit', version: 1, content: content('b') }, ann);
    expect(version(byAuthor, 1)?.editors).toEqual([]);
    const byEd = ok(byAuthor, { action: 'edit', version: 1, content: content('c') }, ed, minutes(1));
    const again = ok(byEd, { action: 'edit', version: 1, content: content('d') }, ed, minutes(2));
    expect(version(again, 1)).toMatchObject({
      editors: ['local:ed'],
      content: content('d'),
      updatedAt: minutes(2).toISOString(),
    });
    expect(version(again, 1)?.contentHash).not.toBe(version(drafted, 1)?.contentHash);
    expect(again.transitions.map((t) => [t.seq, t.action, t.by])).toEqual([
      [1, 'draft', 'local:ann'],
      [2, 'edit', 'local:ann'],
      [3, 'edit', 'local:ed'],
      [4, 'edit', 'local:ed'],
    ]);
    expect(again.revision).toBe(4);
  });

  it('only a draft, an existing version of an existing item, with valid content', () => {
    expect(refused(undefined, { action: 'edit', version: 1, content: content() }, ann)).toEqual({
      kind: 'not_found',
      rule: 'trigger card-abroad does not exist',
    });
    const submitted = ok(
      ok(undefined, { action: 'draft', content: content() }, ann),
      { action: 'submit', version: 1 },
      ann,
    );
    expect(refused(submitted, { action: 'edit', version: 1, content: content('b') }, ann)).toEqual({
      kind: 'conflict',
      rule: 'version 1 is in review, not a draft',
    });
    expect(refused(submitted, { action: 'edit', version: 4, content: content() }, ann)).toEqual({
      kind: 'not_found',
      rule: 'trigger card-abroad has no version 4',
    });
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    expect(refused(drafted, { action: 'edit', version: 1, content: { id: 'x' } }, ann).kind).toBe('invalid');
  });
});

describe('submit', () => {
  it('runs the check; problems refuse it as invalid and change nothing', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    const seen: unknown[] = [];
    const failing: ContentCheck = (...args) => {
      seen.push(args);
      return ['trigger:card-abroad@1: offerId: required'];
    };
    expect(refused(drafted, { action: 'submit', version: 1 }, ann, T0, failing)).toEqual({
      kind: 'invalid',
      rule: 'version 1 does not pass validation and lint',
      problems: ['trigger:card-abroad@1: offerId: required'],
    });
    expect(seen).toEqual([['trigger', 'card-abroad', content(), 'submit']]);
    const submitted = ok(drafted, { action: 'submit', version: 1 }, ed, minutes(5));
    expect(version(submitted, 1)).toMatchObject({
      state: 'in_review',
      submittedAt: minutes(5).toISOString(),
    });
    expect(refused(submitted, { action: 'submit', version: 1 }, ann).rule).toBe(
      'version 1 is in review, not a draft',
    );
  });
});

describe('approve (four eyes)', () => {
  const inReview = (editor?: Caller) => {
    let h = ok(undefined, { action: 'draft', content: content() }, ann);
    if (editor) h = ok(h, { action: 'edit', version: 1, content: content('edited') }, editor);
    return ok(h, { action: 'submit', version: 1 }, ann);
  };

  it('refuses the author and every editor, even as privacy officers', () => {
    expect(
      refused(inReview(), { action: 'approve', version: 1 }, { id: 'local:ann', role: 'privacy-officer' }),
    ).toEqual({
      kind: 'forbidden',
      rule: 'approver is the author of version 1',
    });
    expect(
      refused(inReview(ed), { action: 'approve', version: 1 }, { id: 'local:ed', role: 'privacy-officer' })
        .rule,
    ).toBe('approver edited version 1');
  });

  it('refuses the same person through another IAM role: the session, not the role, is the person', () => {
    const asProductTeam: Caller = {
      id: 'arn:aws:sts::111122223333:assumed-role/OfferPipeline-ProductTeamCallerRole/ann',
      role: 'product-team',
    };
    const asEditor: Caller = {
      id: 'arn:aws:sts::111122223333:assumed-role/OfferPipeline-ProductTeamCallerRole/ed',
      role: 'product-team',
    };
    let h = ok(undefined, { action: 'draft', content: content() }, asProductTeam);
    h = ok(h, { action: 'edit', version: 1, content: content('edited') }, asEditor);
    h = ok(h, { action: 'submit', version: 1 }, asProductTeam);
    const asOfficer = (session: string): Caller => ({
      id: `arn:aws:sts::111122223333:assumed-role/OfferPipeline-PrivacyOfficerCallerRole/${session}`,
      role: 'privacy-officer',
    });
    expect(refused(h, { action: 'approve', version: 1 }, asOfficer('ann')).rule).toBe(
      'approver is the author of version 1',
    );
    expect(refused(h, { action: 'approve', version: 1 }, asOfficer('ed')).rule).toBe(
      'approver edited version 1',
    );
    // Another account's "ann" is another principal; another session in the same account another person.
    const other = ok(h, { action: 'approve', version: 1 }, asOfficer('olga'));
    expect(version(other, 1)?.state).toBe('approved');
    expect(
      version(
        ok(
          h,
          { action: 'approve', version: 1 },
          {
            id: 'arn:aws:sts::444455556666:assumed-role/OfferPipeline-PrivacyOfficerCallerRole/ann',
            role: 'privacy-officer',
          },
        ),
        1,
      )?.state,
    ).toBe('approved');
  });

  it('records the approver and the exact content hash', () => {
    const h = ok(inReview(ed), { action: 'approve', version: 1, comment: 'fine' }, olga, minutes(3));
    const v = version(h, 1);
    expect(v?.state).toBe('approved');
    expect(v?.approval).toEqual({
      by: 'local:olga',
      at: minutes(3).toISOString(),
      contentHash: v?.contentHash,
      comment: 'fine',
    });
    expect(h.transitions.at(-1)).toMatchObject({
      action: 'approve',
      from: 'in_review',
      to: 'approved',
      role: 'privacy-officer',
    });
  });

  it('only in review', () => {
    expect(refused(approvedHistory(), { action: 'approve', version: 1 }, piet)).toEqual({
      kind: 'conflict',
      rule: 'version 1 is approved, not in review',
    });
  });
});

describe('reject', () => {
  it('needs reasons, only in review, and records them', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    expect(refused(drafted, { action: 'reject', version: 1, reasons: ['x'] }, olga).rule).toBe(
      'version 1 is a draft, not in review',
    );
    const submitted = ok(drafted, { action: 'submit', version: 1 }, ann);
    for (const reasons of [[], [''], ['ok', '  ']]) {
      expect(refused(submitted, { action: 'reject', version: 1, reasons }, olga).kind).toBe('invalid');
    }
    const h = ok(submitted, { action: 'reject', version: 1, reasons: ['matches a clinic name'] }, olga);
    expect(version(h, 1)).toMatchObject({
      state: 'rejected',
      rejection: { by: 'local:olga', reasons: ['matches a clinic name'] },
    });
    expect(h.transitions.at(-1)).toMatchObject({ action: 'reject', reasons: ['matches a clinic name'] });
    expect(refused(h, { action: 'activate', version: 1 }, olga).rule).toBe(
      'version 1 is rejected, not approved',
    );
  });
});

describe('activate', () => {
  it('makes an approved version live now, and runs the check at activation', () => {
    const failing: ContentCheck = (_k, _i, _c, moment) => (moment === 'activate' ? ['regions: unknown'] : []);
    expect(refused(approvedHistory(), { action: 'activate', version: 1 }, olga, T0, failing)).toMatchObject({
      kind: 'invalid',
      problems: ['regions: unknown'],
    });
    const h = ok(
      approvedHistory(),
      { action: 'activate', version: 1, at: '2020-01-01T00:00:00Z' },
      olga,
      minutes(1),
    );
    expect(version(h, 1)).toMatchObject({ state: 'live', liveFrom: minutes(1).toISOString() });
    expect(h.transitions.at(-1)).toMatchObject({ action: 'activate', liveFrom: minutes(1).toISOString() });
  });

  it('refuses a version that is not approved, or whose content is not the approved content', () => {
    const drafted = ok(undefined, { action: 'draft', content: content() }, ann);
    expect(refused(drafted, { action: 'activate', version: 1 }, olga).rule).toBe(
      'version 1 is a draft, not approved',
    );
    const h = approvedHistory();
    const tampered: ItemHistory = {
      ...h,
      versions: h.versions.map((v) => ({
        ...v,
        content: { ...v.content, description: 'changed after approval' },
      })),
    };
    expect(refused(tampered, { action: 'activate', version: 1 }, olga)).toEqual({
      kind: 'forbidden',
      rule: "version 1's content is not the content that was approved",
    });
  });

  it('refuses an approval that no privacy officer other than author and editors recorded', () => {
    const h = approvedHistory();
    const selfApproved: ItemHistory = {
      ...h,
      versions: h.versions.map((v) =>
        v.approval ? { ...v, approval: { ...v.approval, by: 'local:ann' } } : v,
      ),
    };
    expect(refused(selfApproved, { action: 'activate', version: 1 }, olga).rule).toBe(
      'version 1 has no approval by a privacy officer other than its author and editors',
    );
    const noRecord: ItemHistory = { ...h, transitions: h.transitions.filter((t) => t.action !== 'approve') };
    expect(refused(noRecord, { action: 'activate', version: 1 }, olga).kind).toBe('forbidden');
  });

  it('refuses an `at` that is not an ISO instant with offset', () => {
    for (const at of ['tomorrow', '2026-12-01', '2026-12-01T10:00:00']) {
      const refusal = refused(approvedHistory(), { action: 'activate', version: 1, at }, olga);
      expect(refusal.kind).toBe('invalid');
      expect(refusal.rule).toContain('at: expected an ISO 8601 instant');
    }
  });

  /** v1 live; v2 drafted by ed, approved by piet. */
  function withSecondApproved(): ItemHistory {
    let h = ok(approvedHistory(), { action: 'activate', version: 1 }, olga);
    h = ok(h, { action: 'draft', content: content('v2') }, ed, minutes(1));
    h = ok(h, { action: 'submit', version: 2 }, ed, minutes(1));
    return ok(h, { action: 'approve', version: 2 }, piet, minutes(2));
  }

  it("supersedes the live version at the successor's liveFrom: one effective version at every instant", () => {
    const at = minutes(60).toISOString();
    const h = ok(withSecondApproved(), { action: 'activate', version: 2, at }, olga, minutes(3));
    expect(version(h, 1)).toMatchObject({ state: 'retired', retiredAt: at });
    expect(version(h, 2)).toMatchObject({ state: 'live', liveFrom: at });
    expect(h.transitions.slice(-2).map((t) => [t.action, t.version, t.from, t.to])).toEqual([
      ['supersede', 1, 'live', 'retired'],
      ['activate', 2, 'approved', 'live'],
    ]);
    expect(effectiveAt(h.versions, minutes(59)).versions.map((v) => v.version)).toEqual([1]);
    expect(effectiveAt(h.versions, minutes(60)).versions.map((v) => v.version)).toEqual([2]);
  });

  it('refuses activating while another version is scheduled; retire first', () => {
    const scheduled = ok(
      withSecondApproved(),
      { action: 'activate', version: 2, at: minutes(60).toISOString() },
      olga,
      minutes(3),
    );
    let h = ok(scheduled, { action: 'draft', content: content('v3') }, ann, minutes(4));
    h = ok(h, { action: 'submit', version: 3 }, ann, minutes(4));
    h = ok(h, { action: 'approve', version: 3 }, olga, minutes(5));
    expect(refused(h, { action: 'activate', version: 3 }, olga, minutes(6))).toEqual({
      kind: 'conflict',
      rule: `version 2 is scheduled to go live at ${minutes(60).toISOString()}; retire it first`,
    });
    h = ok(h, { action: 'retire' }, olga, minutes(7));
    h = ok(h, { action: 'activate', version: 3 }, olga, minutes(8));
    for (const t of [minutes(0), minutes(7), minutes(8), minutes(60), minutes(600)]) {
      expect(effectiveAt(h.versions, t).ambiguous).toEqual([]);
    }
    expect(effectiveAt(h.versions, minutes(7)).versions).toEqual([]);
    expect(effectiveAt(h.versions, minutes(61)).versions.map((v) => v.version)).toEqual([3]);
  });
});

describe('retire', () => {
  it('retires the live version now; nothing live: refused', () => {
    const live = ok(approvedHistory(), { action: 'activate', version: 1 }, olga);
    const h = ok(live, { action: 'retire', comment: 'campaign over' }, ann, minutes(9));
    expect(version(h, 1)).toMatchObject({ state: 'retired', retiredAt: minutes(9).toISOString() });
    expect(h.transitions.at(-1)).toMatchObject({
      action: 'retire',
      from: 'live',
      to: 'retired',
      comment: 'campaign over',
    });
    expect(refused(h, { action: 'retire' }, ann, minutes(10))).toEqual({
      kind: 'conflict',
      rule: 'trigger card-abroad has no live or scheduled version to retire',
    });
    expect(refused(undefined, { action: 'retire' }, ann).kind).toBe('not_found');
  });
});

describe('bookkeeping', () => {
  it('changes list exactly the versions and transitions that differ, and the revision counts commands', () => {
    const before = approvedHistory();
    const result = applyCommand(before, TRIGGER, { action: 'activate', version: 1 }, olga, T0, passes);
    if (!result.ok) throw new Error(result.refusal.rule);
    expect(result.changes.versions.map((v) => v.version)).toEqual([1]);
    expect(result.changes.transitions).toEqual(result.history.transitions.slice(before.transitions.length));
    expect(result.history.revision).toBe(before.revision + 1);
    expect(result.history.transitions.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
  });

  it('throws on a programming error: the history of another item', () => {
    expect(() =>
      applyCommand(
        approvedHistory(),
        { kind: 'offer', id: 'card-abroad' },
        { action: 'retire' },
        olga,
        T0,
        passes,
      ),
    ).toThrow(/history of trigger:card-abroad/);
  });
});
