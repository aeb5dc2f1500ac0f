import { describe, expect, it } from 'vitest';
import type { CatalogRepository } from '#app/catalog-ports.js';
import { contentHash } from '#core/governance/content-hash.js';
import type { ItemHistory, ItemKind, ItemVersion, TransitionRecord } from '#core/governance/model.js';
import {
  type Explanation,
  explainRecord,
  formatExplanation,
  withTriggerRecord,
} from '#privacy/explain.query.js';
import { NOW } from '#test/support/builders.js';

const CONTENT = {
  id: 'card-abroad-worldwide-cover',
  description: 'Card used outside the European cover area',
  purpose: 'transaction-offers: travel cover that fits where the customer travels',
  legalBasis: 'GDPR art. 6(1)(a): consent',
  dpiaReference: 'DPIA-2026-014',
  compatibility: {
    linkToOriginalPurpose: 'the payment shows a trip the current cover does not include',
    howObtained: 'card payments the customer made',
    sensitivity: 'country only; no sensitive category',
    consequences: 'one banner',
    safeguards: 'consent, caps, no credit',
  },
  offerId: 'worldwide-travel-cover',
  condition: { holds: 'travel-insurance-europe' },
};
const hash = contentHash(CONTENT);

const step = (
  seq: number,
  action: TransitionRecord['action'],
  to: TransitionRecord['to'],
  by: string,
  at: string,
  role: TransitionRecord['role'],
): TransitionRecord => ({
  kind: 'trigger',
  id: CONTENT.id,
  version: 2,
  seq,
  action,
  to,
  by,
  role,
  at,
  contentHash: hash,
});

const version2: ItemVersion = {
  kind: 'trigger',
  id: CONTENT.id,
  version: 2,
  content: CONTENT,
  contentHash: hash,
  state: 'live',
  author: 'arn:aws:sts::1:assumed-role/ProductTeam/ann',
  editors: ['arn:aws:sts::1:assumed-role/ProductTeam/bob'],
  origin: 'authored',
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-04T09:00:00.000Z',
  approval: {
    by: 'arn:aws:sts::1:assumed-role/PrivacyOfficer/pia',
    at: '2026-03-03T15:00:00.000Z',
    contentHash: hash,
  },
  liveFrom: '2026-03-04T09:00:00.000Z',
};

const history: ItemHistory = {
  kind: 'trigger',
  id: CONTENT.id,
  revision: 4,
  versions: [version2],
  transitions: [
    step(1, 'draft', 'draft', version2.author, '2026-03-01T09:00:00.000Z', 'product-team'),
    step(2, 'submit', 'in_review', version2.author, '2026-03-02T09:00:00.000Z', 'product-team'),
    step(
      3,
      'approve',
      'approved',
      'arn:aws:sts::1:assumed-role/PrivacyOfficer/pia',
      '2026-03-03T15:00:00.000Z',
      'privacy-officer',
    ),
    step(4, 'activate', 'live', version2.author, '2026-03-04T09:00:00.000Z', 'product-team'),
  ],
};

/** A catalog port that answers from one history and remembers what it was asked. */
function catalogOf(item: ItemHistory | undefined) {
  const asked: Array<[ItemKind, string]> = [];
  const catalog: Pick<CatalogRepository, 'load'> = {
    load: async (kind, id) => {
      asked.push([kind, id]);
      return item !== undefined && item.kind === kind && item.id === id ? item : undefined;
    },
  };
  return { catalog, asked };
}

const emittedBy = (triggerVersion: number): Explanation =>
  explainRecord({
    kind: 'decision',
    decision: {
      decisionId: `d_${'a'.repeat(32)}`,
      outcome: 'emitted',
      reasons: [],
      decidedAt: NOW.toISOString(),
      policyVersion: 'r-0123456789abcdef',
      triggerId: CONTENT.id,
      triggerVersion,
      offerId: 'worldwide-travel-cover',
      gates: [{ gate: 'consent', passed: true }],
    },
  });

describe('explain with the governed catalog: which version decided, and who approved it', () => {
  it('shows the exact version, its content hash, compatibility answers, author, editors and approval', async () => {
    const { catalog } = catalogOf(history);
    const explanation = await withTriggerRecord(emittedBy(2), catalog);
    expect(explanation).toMatchObject({
      triggerRecord: {
        found: true,
        version: 2,
        contentHash: hash,
        dpiaReference: 'DPIA-2026-014',
        compatibility: CONTENT.compatibility,
        author: version2.author,
        editors: version2.editors,
        approval: { by: 'arn:aws:sts::1:assumed-role/PrivacyOfficer/pia', at: '2026-03-03T15:00:00.000Z' },
        liveFrom: '2026-03-04T09:00:00.000Z',
      },
    });
    if (explanation.kind === 'sensitive_screen' || explanation.triggerRecord?.found !== true) {
      throw new Error('expected a found trigger record');
    }
    expect(explanation.triggerRecord.transitions.map((t) => t.action)).toEqual([
      'draft',
      'submit',
      'approve',
      'activate',
    ]);
    const text = formatExplanation(explanation);
    expect(text).toMatch(
      /\napproved +by arn:aws:sts::1:assumed-role\/PrivacyOfficer\/pia at 2026-03-03T15:00:00\.000Z\n/,
    );
    expect(text).toContain('compatibility: sensitivity');
    expect(text).toContain(hash);
  });

  it('says plainly when the version is not in the catalog, never inventing an approval', async () => {
    const { catalog } = catalogOf(history);
    const explanation = await withTriggerRecord(emittedBy(1), catalog);
    expect(explanation).toMatchObject({ triggerRecord: { found: false, version: 1 } });
    expect(formatExplanation(explanation)).not.toContain('approved');
  });

  it('does not read the catalog for a sensitive screen or a decision without a trigger', async () => {
    const { catalog, asked } = catalogOf(history);
    const sensitive = explainRecord({
      kind: 'decision',
      decision: {
        decisionId: `d_${'b'.repeat(32)}`,
        outcome: 'suppressed',
        reasons: ['sensitive_category'],
        decidedAt: NOW.toISOString(),
        policyVersion: 'p',
      },
    });
    const noTrigger = explainRecord({
      kind: 'decision',
      decision: {
        decisionId: `d_${'c'.repeat(32)}`,
        outcome: 'no_trigger',
        reasons: [],
        decidedAt: NOW.toISOString(),
        policyVersion: 'p',
      },
    });
    expect(await withTriggerRecord(sensitive, catalog)).toEqual(sensitive);
    expect(await withTriggerRecord(noTrigger, catalog)).toEqual(noTrigger);
    expect(asked).toEqual([]);
  });
});
