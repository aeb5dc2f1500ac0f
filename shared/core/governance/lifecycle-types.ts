import type { ItemVersion, Refusal, TransitionRecord } from './model.js';

/** A transition before the lifecycle stamps it with the item, sequence number, caller and instant. */
export type Step = Omit<TransitionRecord, 'kind' | 'id' | 'seq' | 'by' | 'role' | 'at'>;

/** What one command does to an item: the versions it creates or rewrites, and the steps to record. */
export interface Outcome {
  readonly versions: readonly ItemVersion[];
  readonly steps: readonly Step[];
}

export type StepResult = Outcome | { readonly refusal: Refusal };

export const isRefusal = (result: StepResult): result is { readonly refusal: Refusal } => 'refusal' in result;

/** A version with the fields a step changes, updatedAt stamped. */
export const updated = (version: ItemVersion, at: string, changes: Partial<ItemVersion>): ItemVersion => ({
  ...version,
  ...changes,
  updatedAt: at,
});

/** One step that moves `version` (as it was) to the state of `next`. */
export const stepOf = (
  action: Step['action'],
  before: ItemVersion | undefined,
  next: ItemVersion,
  extra: Partial<Step> = {},
): Step => ({
  version: next.version,
  action,
  ...(before === undefined ? {} : { from: before.state }),
  to: next.state,
  contentHash: next.contentHash,
  ...extra,
});
