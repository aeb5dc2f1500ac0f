/**
 * How a function definition is built (./functions.ts holds the definitions themselves): the SQS event source
 * every consumer uses, HTTP routes from the one route table, and the literal types a handler's env keeps.
 */

import { routesOf } from '#api/route-table.js';
import type { SettingName } from '#config/settings.js';
import { settingDefaults } from '#config/settings.js';
import type { FunctionDefinition, HttpRoute, QueueAccess, SqsEventSource, TableAccess } from './types.js';

/** The event source every SQS consumer here uses: batches of 10 within 1 s, partial batch responses. */
export const sqsSource = (queue: string): SqsEventSource => ({
  kind: 'sqs',
  queue,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  reportBatchItemFailures: true,
});

/** The function's routes from the one route table (shared/api/route-table.ts). */
const httpRoutes = (functionName: string): HttpRoute[] =>
  routesOf(functionName).map(({ method, path, audience }) => ({ kind: 'http', method, path, audience }));

/** A function whose table, queue and setting names keep their literal types (for its handler's env). */
export type TypedFunction<T extends string, Q extends string, S extends SettingName> = Omit<
  FunctionDefinition,
  'tables' | 'queues' | 'settings'
> & {
  readonly tables: Readonly<Record<T, TableAccess>>;
  readonly queues: Readonly<Record<Q, QueueAccess>>;
  readonly settings: readonly S[];
};

type FunctionSpec<T extends string, Q extends string, S extends SettingName> = Omit<
  FunctionDefinition,
  'tables' | 'queues' | 'settings' | 'environment' | 'handler' | 'events'
> & {
  readonly tables: Readonly<Record<T, TableAccess>>;
  readonly queues: Readonly<Record<Q, QueueAccess>>;
  readonly settings?: readonly S[];
  /** Event sources other than HTTP routes; the routes come from the route table. */
  readonly events?: FunctionDefinition['events'];
};

/** Every handler module exports `handler`; `environment` holds the defaults of the declared settings. */
export function defineFunction<
  const T extends string,
  const Q extends string,
  const S extends SettingName = never,
>(spec: FunctionSpec<T, Q, S>): TypedFunction<T, Q, S> {
  const settings = spec.settings ?? [];
  return {
    ...spec,
    handler: 'handler',
    settings,
    environment: settingDefaults(settings),
    events: [...(spec.events ?? []), ...httpRoutes(spec.name)],
  };
}
