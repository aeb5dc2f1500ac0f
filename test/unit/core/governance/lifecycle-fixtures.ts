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

type Args = [
  history: ItemHistory | undefined,
  command: Command,
  caller: Caller,
  now?: Date,
  check?: ContentCheck,
  target?: Target,
];
const attempt = (...[history, command, caller, now = T0, check = passes, target = TRIGGER]: Args) =>
  applyCommand(history, target, command, caller, now, check);

/** Applies a command that must succeed, and returns the new history. */
export function ok(...args: Args): ItemHistory {
  const result = attempt(...args);
  if (!result.ok) expect.fail(`expected ${args[1].action} to succeed, refused: ${result.refusal.rule}`);
  return result.history;
}

/** Applies a command that must be refused, and returns the refusal. */
export function refused(...args: Args): Refusal {
  const result = attempt(...args);
  if (result.ok) expect.fail(`expected ${args[1].action} by ${args[2].id} to be refused`);
  return result.refusal;
}

/** Drafted by ann, submitted, approved by olga: version 1, ready to activate. */
export function approvedHistory(now: Date = T0): ItemHistory {
  const drafted = ok(undefined, { action: 'draft', content: content() }, ann, now);
  const submitted = ok(drafted, { action: 'submit', version: 1 }, ann, now);
  return ok(submitted, { action: 'approve', version: 1 }, olga, now);
}
