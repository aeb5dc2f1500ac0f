import { DEFAULT_POLICY, type DismissalPause } from '#core/policy.js';

/**
 * The dismissal pause both banner functions apply (N dismissals within D days pause all offers for M days):
 * the one place it is chosen. Until the DISMISSAL_PAUSE_COUNT / _WITHIN_DAYS / _DAYS settings are in the
 * banner functions' definitions (issue 13, evaluate-payments' dismissal_pause gate), this is
 * DEFAULT_POLICY's; then it becomes `policyFrom(settings).dismissalPause` (shared/config/pipeline-config.ts),
 * so that the API pauses exactly as the decisions do.
 */
export function bannerDismissalPause(): DismissalPause {
  return DEFAULT_POLICY.dismissalPause;
}
