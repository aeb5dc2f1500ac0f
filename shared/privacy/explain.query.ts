import type { CatalogRepository } from '#app/catalog-ports.js';
import type { Gate, Outcome, Reason } from '#core/decision.js';
import { provenanceLines, type TriggerProvenance, triggerProvenance } from './provenance.query.js';
import { decisionFacts, optional, type WithdrawalFacts, withdrawalFacts } from './record-views.js';
import type { AuditRecord, StoredDecision, StoredWithdrawal } from './stored-records.js';

/**
 * "Explain one decision": which gates passed and failed, the reasons, the policy and trigger version, the
 * consent regime and the outcome. Built field by field from a whitelist, never by copying the stored item.
 *
 * A payment screened out as sensitive is explained as "sensitive category" and nothing else: the screen
 * ran before any trigger, customer read or gate, and the audit keeps nothing that says which category
 * (domain brief, point 2) — and if it ever did, this renderer would still not show it.
 */

export const SENSITIVE_CATEGORY = 'sensitive category';

interface RecordBase {
  readonly recordId: string;
  readonly customerId?: string;
}

export interface SensitiveScreenExplanation extends RecordBase {
  readonly kind: 'sensitive_screen';
  readonly eventId?: string;
  readonly outcome: 'suppressed';
  readonly decidedAt: string;
  readonly policyVersion: string;
  readonly reasons: readonly ['sensitive_category'];
  readonly screen: typeof SENSITIVE_CATEGORY;
  readonly summary: string;
}

export interface DecisionExplanation extends RecordBase {
  readonly kind: 'decision';
  readonly eventId?: string;
  readonly outcome: Outcome;
  readonly decidedAt: string;
  readonly occurredAt?: string;
  readonly policyVersion: string;
  readonly consentRegime?: string;
  readonly triggerId?: string;
  readonly triggerVersion?: number;
  readonly offerId?: string;
  readonly offerInstanceId?: string;
  readonly reasons: readonly Reason[];
  /** Present when gates ran (a trigger matched); absent for no_trigger and rejected decisions. */
  readonly gates?: {
    readonly passed: readonly Gate[];
    readonly failed: ReadonlyArray<{ readonly gate: Gate; readonly reason?: Reason }>;
  };
  /** For a rejected message: each field that was wrong and what was expected (never the value). */
  readonly problems?: ReadonlyArray<{ readonly field: string; readonly expected: string }>;
  /** The governed catalog's record of the trigger version that decided (./provenance.query.ts). */
  readonly triggerRecord?: TriggerProvenance;
  readonly summary: string;
}

export interface WithdrawalExplanation extends RecordBase, WithdrawalFacts {
  readonly kind: 'offer_withdrawal';
  readonly customerId: string;
  readonly decidedAt: string;
  readonly triggerRecord?: TriggerProvenance;
  readonly summary: string;
}

export type Explanation = SensitiveScreenExplanation | DecisionExplanation | WithdrawalExplanation;

export function isSensitiveScreen(decision: Pick<StoredDecision, 'outcome' | 'reasons'>): boolean {
  return decision.outcome === 'suppressed' && decision.reasons.includes('sensitive_category');
}

function explainSensitive(decision: StoredDecision): SensitiveScreenExplanation {
  return {
    kind: 'sensitive_screen',
    recordId: decision.decisionId,
    ...decisionFacts(decision, ['eventId', 'customerId']),
    outcome: 'suppressed',
    decidedAt: decision.decidedAt,
    policyVersion: decision.policyVersion,
    reasons: ['sensitive_category'],
    screen: SENSITIVE_CATEGORY,
    summary:
      'Suppressed: the payment was screened out as a sensitive category before any trigger, customer data or ' +
      'consent was looked at. Which category is not recorded anywhere.',
  };
}

function gateList(gates: readonly Gate[]): string {
  return gates.length === 0 ? 'none' : gates.join(', ');
}

function decisionSummary(decision: StoredDecision, explanation: Pick<DecisionExplanation, 'gates'>): string {
  switch (decision.outcome) {
    case 'no_trigger':
      return 'No trigger: no trigger of the catalog matched the payment, so no gate ran and nothing was offered.';
    case 'rejected':
      return 'Rejected: the message was not a valid payment event (see problems); it was recorded and not retried.';
    default: {
      const trigger = `trigger ${decision.triggerId ?? '?'} v${decision.triggerVersion ?? '?'}`;
      const passed = explanation.gates?.passed ?? [];
      const failed = (explanation.gates?.failed ?? []).map((f) => `${f.gate} (${f.reason ?? 'failed'})`);
      if (decision.outcome === 'emitted') {
        return `Emitted: ${trigger} matched and every gate passed (${gateList(passed)}).`;
      }
      return (
        `Suppressed: ${trigger} matched; failed ${failed.length === 0 ? 'none' : failed.join(', ')}; ` +
        `passed ${gateList(passed)}.`
      );
    }
  }
}

function explainDecision(decision: StoredDecision): DecisionExplanation {
  const gates =
    decision.gates === undefined
      ? undefined
      : {
          passed: decision.gates.filter((g) => g.passed).map((g) => g.gate),
          failed: decision.gates
            .filter((g) => !g.passed)
            .map((g) => ({ gate: g.gate, ...optional('reason', g.reason) })),
        };
  return {
    kind: 'decision',
    recordId: decision.decisionId,
    ...decisionFacts(decision, [
      'eventId',
      'customerId',
      'outcome',
      'decidedAt',
      'occurredAt',
      'policyVersion',
      'consentRegime',
      'triggerId',
      'triggerVersion',
      'offerId',
      'offerInstanceId',
      'reasons',
    ]),
    ...optional('gates', gates),
    ...optional(
      'problems',
      decision.problems?.map((p) => ({ field: p.field, expected: p.expected })),
    ),
    summary: decisionSummary(decision, { ...optional('gates', gates) }),
  };
}

function explainWithdrawal(withdrawal: StoredWithdrawal): WithdrawalExplanation {
  return {
    kind: 'offer_withdrawal',
    recordId: withdrawal.decisionId,
    customerId: withdrawal.customerId,
    decidedAt: withdrawal.decidedAt,
    ...withdrawalFacts(withdrawal),
    summary: `Offer withdrawn (${withdrawal.withdrawalReason}): the open offer ${withdrawal.offerId} was ended before the customer acted on it.`,
  };
}

export function explainRecord(record: AuditRecord): Explanation {
  if (record.kind === 'offer_withdrawal') return explainWithdrawal(record.withdrawal);
  return isSensitiveScreen(record.decision)
    ? explainSensitive(record.decision)
    : explainDecision(record.decision);
}

/**
 * The explanation with the governed catalog's record of the trigger version that decided (when a trigger
 * took part and a catalog is given): version, content hash, compatibility answers, who approved it when.
 */
export async function withTriggerRecord(
  explanation: Explanation,
  catalog: Pick<CatalogRepository, 'load'> | undefined,
): Promise<Explanation> {
  if (catalog === undefined || explanation.kind === 'sensitive_screen') return explanation;
  const { triggerId, triggerVersion } = explanation;
  if (triggerId === undefined || triggerVersion === undefined) return explanation;
  return { ...explanation, triggerRecord: await triggerProvenance(catalog, triggerId, triggerVersion) };
}

/** The explanation as lines of text, for people (the CLI). */
export function formatExplanation(explanation: Explanation): string {
  const lines: Array<[string, string | number | undefined]> = [
    ['record', explanation.recordId],
    ['customer', explanation.customerId],
  ];
  if (explanation.kind === 'offer_withdrawal') {
    lines.push(
      ['kind', 'offer withdrawal'],
      ['at', explanation.decidedAt],
      ['offer', `${explanation.offerId} (${explanation.offerInstanceId})`],
      ['trigger', `${explanation.triggerId} v${explanation.triggerVersion}`],
      ['reason', explanation.withdrawalReason],
    );
  } else if (explanation.kind === 'sensitive_screen') {
    lines.push(
      ['event', explanation.eventId],
      ['outcome', explanation.outcome],
      ['decided at', explanation.decidedAt],
      ['policy', explanation.policyVersion],
      ['screen', explanation.screen],
      ['reasons', explanation.reasons.join(', ')],
    );
  } else {
    lines.push(
      ['event', explanation.eventId],
      ['outcome', explanation.outcome],
      ['decided at', explanation.decidedAt],
      ['occurred at', explanation.occurredAt],
      ['policy', explanation.policyVersion],
      ['consent regime', explanation.consentRegime],
      [
        'trigger',
        explanation.triggerId === undefined
          ? undefined
          : `${explanation.triggerId} v${explanation.triggerVersion ?? '?'}`,
      ],
      ['offer', explanation.offerId],
      ['reasons', explanation.reasons.length === 0 ? 'none' : explanation.reasons.join(', ')],
    );
    if (explanation.gates) {
      lines.push(['gates passed', gateList(explanation.gates.passed)]);
      lines.push([
        'gates failed',
        explanation.gates.failed.length === 0
          ? 'none'
          : explanation.gates.failed.map((f) => `${f.gate} (${f.reason ?? 'failed'})`).join(', '),
      ]);
    }
    for (const problem of explanation.problems ?? [])
      lines.push(['problem', `${problem.field}: ${problem.expected}`]);
  }
  if (explanation.kind !== 'sensitive_screen' && explanation.triggerRecord !== undefined) {
    lines.push(...provenanceLines(explanation.triggerRecord));
  }
  const shown = lines.filter((line): line is [string, string | number] => line[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return [...shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`), '', explanation.summary].join(
    '\n',
  );
}
