import type { ParseCatalogOptions } from '#core/catalog/parse.js';
import type { ClockGuard } from '#core/clock-guard.js';
import type { ItemVersion, JsonObject, Refusal } from '#core/governance/model.js';
import { contentRefusal, openVersion } from '#core/governance/rules.js';
import { effectiveAt, versionLabel } from '#core/governance/snapshot.js';
import { type ContentFinding, candidateFindings } from '#core/governance/working-catalog.js';
import { type Policy, policyVersion } from '#core/policy.js';
import type { SensitiveRules } from '#core/sensitive.js';
import type { CatalogRepository } from './catalog-ports.js';
import { type CatalogSide, candidateVersions, catalogSide, draftVersions } from './simulation-catalog.js';
import { compareCatalogs } from './simulation-compare.js';
import { type SimulationEventsSource, simulationInput } from './simulation-input.js';
import {
  type DecisionGist,
  FUNNEL_STAGES,
  type FunnelComparison,
  type Overlap,
} from './simulation-report.js';

/**
 * Simulation over HTTP (issue 14, `POST /catalog/simulations`): one trigger version — stored, or unsaved
 * editor content — decided on the same events as the live catalog, with the CLI's pure core
 * (./simulation-compare.ts): live side = the versions effective now, candidate side = those with this
 * version in place of its item's live version (or added). Read-only: nothing is written anywhere. What it
 * answers carries nothing of a payment and no customer id: counts, funnels, overlaps, and per changed event
 * its id and the decisions' gists.
 */

export type SimulationCandidate =
  | { readonly kind: 'trigger'; readonly id: string; readonly version: number }
  | { readonly kind: 'trigger'; readonly id: string; readonly content: JsonObject };

export interface SimulationRequest {
  readonly candidate: SimulationCandidate;
  readonly events: SimulationEventsSource;
  /** At most this many changed events are listed (all are counted). */
  readonly changedLimit: number;
}

export interface SimulationAnswer {
  readonly liveRevision: string;
  readonly candidate: {
    readonly kind: 'trigger';
    readonly id: string;
    /** The stored version simulated (absent for unsaved content). */
    readonly version?: number;
    readonly contentHash: string;
  };
  readonly policyVersion: string;
  readonly events: {
    readonly total: number;
    readonly invalid: number;
    readonly decided: number;
    /** Lines repeating an earlier line (same event id and content): a redelivery, not decided again. */
    readonly duplicates: number;
    /** Decided events whose customer is not among the customers given (decided as unknown). */
    readonly unknownCustomer: number;
  };
  readonly stages: readonly string[];
  readonly funnels: readonly FunnelComparison[];
  readonly overlap: readonly Overlap[];
  readonly changed: {
    readonly total: number;
    readonly lines: ReadonlyArray<{
      readonly eventId: string;
      readonly live: readonly DecisionGist[];
      readonly candidate: readonly DecisionGist[];
    }>;
  };
}

export type SimulationOutcome =
  | { readonly ok: true; readonly answer: SimulationAnswer }
  /** The version does not exist (not_found), the content fails the gate (invalid), no live catalog (conflict). */
  | { readonly ok: false; readonly refusal: Refusal; readonly findings?: readonly ContentFinding[] }
  /** Uploaded input that cannot be used (invalid fixtures): the request field and every problem. */
  | { readonly ok: false; readonly field: string; readonly problems: readonly string[] };

/** The simulation as the catalog API calls it (its deps bound). */
export type SimulateCandidate = (request: SimulationRequest) => Promise<SimulationOutcome>;

export interface CatalogSimulationDeps {
  readonly repository: Pick<CatalogRepository, 'listVersions'>;
  readonly now: () => Date;
  /** What evaluate-payments decides with: the same settings (shared/config/pipeline-config.ts). */
  readonly policy: Policy;
  readonly clockGuard: ClockGuard;
  readonly sensitive?: SensitiveRules;
}

type Side =
  | { readonly ok: true; readonly side: CatalogSide }
  | { readonly ok: false; readonly refusal: Refusal };

/** The versions effective now, through the catalog's gate: what the pipeline decides with. */
function liveSide(all: readonly ItemVersion[], now: Date, options: ParseCatalogOptions): Side {
  const effective = effectiveAt(all, now);
  const rule = 'there is no valid live catalog to simulate against';
  if (effective.versions.length === 0 || effective.ambiguous.length > 0)
    return {
      ok: false,
      refusal: {
        kind: 'conflict',
        rule,
        problems: effective.ambiguous.map((i) => `${i}: several live versions`),
      },
    };
  const side = catalogSide(effective.versions, options);
  return side.ok
    ? { ok: true, side }
    : { ok: false, refusal: { kind: 'conflict', rule, problems: side.problems } };
}

type Chosen =
  | { readonly ok: true; readonly version: ItemVersion; readonly stored: boolean }
  | { readonly ok: false; readonly refusal: Refusal; readonly findings?: readonly ContentFinding[] };

/** The candidate as a version: the stored one, or the content numbered as its next (or open) version. */
function chooseVersion(
  all: readonly ItemVersion[],
  live: readonly ItemVersion[],
  candidate: SimulationCandidate,
): Chosen {
  const own = all.filter((v) => v.kind === candidate.kind && v.id === candidate.id);
  if ('version' in candidate) {
    const version = own.find((v) => v.version === candidate.version);
    if (version !== undefined) return { ok: true, version, stored: true };
    const versions = own.map((v) => `${v.version} (${v.state})`).join(', ') || 'none';
    return {
      ok: false,
      refusal: {
        kind: 'not_found',
        rule: `${versionLabel(candidate.kind, candidate.id, candidate.version)} does not exist (its versions: ${versions})`,
      },
    };
  }
  const refusal = contentRefusal(candidate.kind, candidate.id, candidate.content);
  if (refusal) return { ok: false, refusal, findings: [{ path: refusal.path ?? '', message: refusal.rule }] };
  const number = openVersion(own)?.version ?? Math.max(0, ...own.map((v) => v.version)) + 1;
  const [draft] = draftVersions([{ ...candidate, file: '(content)' }], live);
  if (draft === undefined) throw new Error('draftVersions gave no version for one draft');
  return { ok: true, version: { ...draft, version: number }, stored: false };
}

export async function simulateCandidate(
  deps: CatalogSimulationDeps,
  request: SimulationRequest,
): Promise<SimulationOutcome> {
  const input = simulationInput(request.events);
  if (!input.ok) return input;
  const options = deps.sensitive === undefined ? {} : { sensitive: deps.sensitive };
  const all = await deps.repository.listVersions();
  const live = liveSide(all, deps.now(), options);
  if (!live.ok) return live;
  const chosen = chooseVersion(all, live.side.versions, request.candidate);
  if (!chosen.ok) return chosen;
  const { version } = chosen;
  // The same validation and lint as submit, against the catalog the version joins here: the live one.
  const findings = candidateFindings(live.side.versions, version, options);
  const label = versionLabel(version.kind, version.id, version.version);
  const invalid = (problems: readonly ContentFinding[]): SimulationOutcome => ({
    ok: false,
    refusal: {
      kind: 'invalid',
      rule: `${label} does not pass validation and lint against the live catalog`,
      problems: problems.map((f) => f.message),
    },
    findings: problems,
  });
  if (findings.length > 0) return invalid(findings);
  const candidate = catalogSide(candidateVersions(live.side.versions, [version]), options);
  if (!candidate.ok) return invalid(candidate.problems.map((message) => ({ path: '', message })));

  const comparison = compareCatalogs({
    events: input.events,
    customers: input.customers,
    live: live.side.catalog,
    candidate: candidate.catalog,
    policy: deps.policy,
    clockGuard: deps.clockGuard,
  });
  return {
    ok: true,
    answer: {
      liveRevision: live.side.revision,
      candidate: {
        kind: 'trigger',
        id: version.id,
        ...(chosen.stored ? { version: version.version } : {}),
        contentHash: version.contentHash,
      },
      policyVersion: policyVersion(deps.policy, candidate.catalog),
      events: {
        total: input.total,
        invalid: input.invalid,
        decided: input.events.length - comparison.duplicates,
        duplicates: comparison.duplicates,
        unknownCustomer: comparison.unknownCustomerEvents,
      },
      stages: FUNNEL_STAGES,
      funnels: comparison.funnels,
      overlap: comparison.candidate.overlaps,
      changed: {
        total: comparison.diff.length,
        // Only the event id and the gists: never the customer id, nothing of the payment.
        lines: comparison.diff
          .slice(0, request.changedLimit)
          .map(({ eventId, live: l, candidate: c }) => ({ eventId, live: l, candidate: c })),
      },
    },
  };
}
