/**
 * Retention periods per record kind, enforced by DynamoDB TTL (attribute `ttl`, epoch seconds). Each period is
 * proportional to the purpose the record serves (domain brief, point 5). Reviewed by the privacy officers.
 */
export const RETENTION_DAYS = {
  /** Emitted offers' decisions: proof of lawful use for complaints and regulator questions (2 years). */
  decisionEmitted: 730,
  /** Suppressed decisions: proof that the rules held (2 years, as emitted ones). */
  decisionSuppressed: 730,
  /** Events that matched nothing: only useful to show coverage in the short run (90 days). */
  decisionNoTrigger: 90,
  /** Rejected messages: enough to fix the sender and replay (90 days). */
  decisionRejected: 90,
  /** Contact-policy state: only needed for the longest frequency window or cooldown (1 year at most). */
  contactPolicy: 365,
  /**
   * Consent evidence: GDPR art. 7(1) requires showing consent was given for as long as processing relies
   * on it, and complaints may follow for the Dutch five-year limitation period (BW 3:310): 5 years.
   */
  consentHistory: 1_825,
  /** Records that an open offer was withdrawn (consent, holdings, flags): proof like a decision (2 years). */
  offerWithdrawal: 730,
} as const;

export type RetentionKind = keyof typeof RETENTION_DAYS;

export function ttlEpoch(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + days * 86_400;
}
