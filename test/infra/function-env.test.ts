/**
 * Configuration declared once: each function's environment in the synthesized template and the variables
 * its handler validates at cold start must agree. Each handler module is imported (a cold start) with the
 * environment the stack gives its function:
 * - exactly that environment: the cold start succeeds (the handler needs nothing the stack does not give);
 * - every given variable emptied: the cold start fails naming each one (the handler reads all it is given);
 * - every other known variable (settings, tables, queues of other functions) emptied: the cold start still
 *   succeeds (the handler reads nothing it is not given).
 * The one exception is EVENT_CLOCK, which only the local runtime sets: no deployment gives it to anyone.
 */

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SETTING_NAMES } from '#config/settings.js';
import { app as definition } from '#infra/definitions.js';
import { REPO_ROOT } from '#infra/stack.js';
import { type Json, logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './support.js';

/** Set by the stack for every function, read by Powertools rather than validated. */
const PLATFORM = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'];
const LOCAL_ONLY = 'EVENT_CLOCK';
const KNOWN = [
  ...SETTING_NAMES,
  ...definition.tables.map((t) => t.envVar),
  ...definition.queues.map((q) => q.envVar),
];

let synth: Synthesized;
const given = new Map<string, Record<string, string>>();

beforeAll(() => {
  synth = synthesize({ bundle: false });
  const resources = synth.template.toJSON().Resources as Record<string, Json>;
  for (const fn of definition.functions) {
    const construct = synth.stack.functions.get(fn.name);
    if (!construct) throw new Error(`no function ${fn.name}`);
    const variables: Record<string, Json> =
      resources[logicalId(construct.function)].Properties.Environment.Variables;
    // Table names and queue URLs are tokens in the template: any non-empty text stands in for them.
    given.set(
      fn.name,
      Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : `${key}-value`,
        ]),
      ),
    );
  }
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

/** Imports the handler module as a cold start with `env` (over a process environment without any KNOWN). */
async function coldStart(entry: string, env: Record<string, string>): Promise<unknown> {
  const saved = process.env;
  const base: NodeJS.ProcessEnv = { ...saved, AWS_REGION: 'eu-west-1' };
  for (const key of KNOWN) delete base[key];
  process.env = { ...base, ...env };
  vi.resetModules();
  try {
    await import(pathToFileURL(path.join(REPO_ROOT, entry)).href);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    process.env = saved;
  }
}

describe("each function's environment and its handler's env schema agree", () => {
  it('no deployment gives EVENT_CLOCK (deciding on event time is for local replays only)', () => {
    for (const [name, env] of given) expect(env, name).not.toHaveProperty(LOCAL_ONLY);
  });

  for (const fn of definition.functions) {
    describe(fn.name, () => {
      const env = () => given.get(fn.name) ?? {};
      const validated = () => Object.keys(env()).filter((key) => !PLATFORM.includes(key));

      it('starts with exactly the environment the stack gives it', async () => {
        expect(await coldStart(fn.entry, env())).toBeUndefined();
      });

      it('validates every variable the stack gives it', async () => {
        const emptied = Object.fromEntries(validated().map((key) => [key, '']));
        const error = await coldStart(fn.entry, { ...env(), ...emptied });
        if (validated().length === 0) {
          expect(error).toBeUndefined();
          return;
        }
        expect(error).toBeInstanceOf(Error);
        for (const key of validated()) expect(String((error as Error).message), key).toContain(`${key}:`);
      });

      it('reads no variable the stack does not give it', async () => {
        const others = KNOWN.filter((key) => !(key in env()) && key !== LOCAL_ONLY);
        const emptied = Object.fromEntries(others.map((key) => [key, '']));
        expect(await coldStart(fn.entry, { ...emptied, ...env() })).toBeUndefined();
      });
    });
  }
});
