import * as z from 'zod';
import { nonEmpty, readEnv } from './env.js';
import { SETTINGS, type SettingName, type SettingValues } from './settings.js';

/**
 * A function's environment, derived from its definition (infra/definitions/functions.ts): the physical name
 * of each table it uses, the URL of each queue it uses, and the settings it reads. The stack and the local
 * runtime give a function exactly these variables; the handler validates exactly these at cold start.
 */
export interface FunctionEnvSpec<T extends string, Q extends string, S extends SettingName> {
  readonly name: string;
  readonly tables: Readonly<Record<T, unknown>>;
  readonly queues: Readonly<Record<Q, unknown>>;
  readonly settings: readonly S[];
}

export interface FunctionEnv<T extends string, Q extends string, S extends SettingName> {
  /** Physical table names by the definitions' table name (`contact-policy`). */
  readonly tables: Readonly<Record<T, string>>;
  /** Queue URLs by the definitions' queue name. */
  readonly queues: Readonly<Record<Q, string>>;
  readonly settings: SettingValues<S>;
}

const upperSnake = (name: string): string => name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

/** The variable through which a function receives a table's physical name: `contact-policy` -> CONTACT_POLICY_TABLE. */
export const tableEnvVar = (table: string): string => `${upperSnake(table)}_TABLE`;
/** The variable through which a function receives a queue's URL: `payment-events` -> PAYMENT_EVENTS_QUEUE_URL. */
export const queueEnvVar = (queue: string): string => `${upperSnake(queue)}_QUEUE_URL`;

/** The zod schema of a function's environment: one variable per table, queue and setting. */
export function functionEnvSchema<T extends string, Q extends string, S extends SettingName>(
  spec: FunctionEnvSpec<T, Q, S>,
): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const table of Object.keys(spec.tables))
    shape[tableEnvVar(table)] = nonEmpty(`the ${table} table name`);
  for (const queue of Object.keys(spec.queues))
    shape[queueEnvVar(queue)] = nonEmpty(`the ${queue} queue URL`);
  for (const setting of spec.settings) shape[setting] = SETTINGS[setting];
  return z.object(shape);
}

/**
 * Reads and validates the function's environment once (cold start); a bad or missing variable stops the
 * function with a message naming every offending variable and what was expected.
 */
export function readFunctionEnv<T extends string, Q extends string, S extends SettingName>(
  spec: FunctionEnvSpec<T, Q, S>,
  env: NodeJS.ProcessEnv = process.env,
): FunctionEnv<T, Q, S> {
  const values = readEnv(functionEnvSchema(spec), env) as Record<string, unknown>;
  const pick = <K extends string>(names: readonly K[], variable: (name: K) => string) =>
    Object.fromEntries(names.map((name) => [name, String(values[variable(name)])])) as Record<K, string>;
  return {
    tables: pick(Object.keys(spec.tables) as T[], tableEnvVar),
    queues: pick(Object.keys(spec.queues) as Q[], queueEnvVar),
    settings: Object.fromEntries(spec.settings.map((name) => [name, values[name]])) as SettingValues<S>,
  };
}
