import { expect } from 'vitest';
import { applyCommand, type Target } from '#core/governance/lifecycle.js';
import type { Caller, Command, ContentCheck, ItemHistory, Refusal } from '#core/governance/model.js';

/** Callers and a few helpers shared by the lifecycle's example and property tests. */
export const ann: Caller = { id: 'local:ann', role: 'product-team' };
export const ed: Caller = { id: 'local:ed', role: 'product-team' };
export const olga: Caller = { id: 'local:olga', role: 'privacy-officer' };
export const piet: Caller = { id: 'local:piet', role: 'privacy-officer' };

export const T0 = new Date('2026-12-01T09:00:00.000Z');
export const minutes = (n: number, from: Date = T0) => new Date(from.getTime() + n * 60_000);

export const passes: ContentCheck = () => [];
export const TRIGGER: Target = { kind: 'trigger', id: 'card-abroad' };
export const content = (description = 'Card payment abroad') => ({ id: 'card-abroad', description });

/** Applies a command that must succeed, and returns the new history. */
export function ok(
  history: ItemHistory | undefined,
  command: Command,
  caller: Caller,
  now: Date = T0,
  check: ContentCheck = passes,
  target: Target = TRIGGER,
): ItemHistory {
  const result = applyCommand(history, target, command, caller, now, check);
  if (!result.ok) expect.fail(`expected ${command.action} to succeed, refused: ${result.refusal.rule}`);
  return result.history;
}

/** Applies a command that must be refused, and returns the refusal. */
export function refused(
  history: ItemHistory | undefined,
  command: Command,
  caller: Caller,
  now: Date = T0,
  check: ContentCheck = passes,
  target: Target = TRIGGER,
): Refusal {
  const result = applyCommand(history, target, command, caller, now, check);
  if (result.ok) expect.fail(`expected ${command.action} by ${caller.id} to be refused`);
  return result.refusal;
}

/** Drafted by ann, submitted, approved by olga: version 1, ready to activate. */
export function approvedHistory(now: Date = T0): ItemHistory {
  const drafted = ok(undefined, { action: 'draft', content: content() }, ann, now);
  const submitted = ok(drafted, { action: 'submit', version: 1 }, ann, now);
  return ok(submitted, { action: 'approve', version: 1 }, olga, now);
}
