/**
 * The one source of truth for the stack's resources.
 *
 * The CDK stack (infra/stack.ts) and the local runtime (infra/local/) both read these definitions, so a
 * table, queue or function added here appears in AWS and on a laptop without a second edit. Keep this
 * file free of aws-cdk-lib imports: the local runtime must not load the CDK. The data lives in
 * ./definitions/ (tables.ts, queues.ts, functions.ts; HTTP routes in shared/api/route-table.ts), the
 * shapes in ./definitions/types.ts.
 */

import { FUNCTIONS } from './definitions/functions.js';
import { QUEUES } from './definitions/queues.js';
import { TABLES } from './definitions/tables.js';
import type { AppDefinition, QueueDefinition, TableDefinition } from './definitions/types.js';

export * from './definitions/types.js';

export const app: AppDefinition = { tables: TABLES, queues: QUEUES, functions: FUNCTIONS };

export function tableByName(def: AppDefinition, name: string): TableDefinition {
  const table = def.tables.find((t) => t.name === name);
  if (!table) throw new Error(`No table named "${name}" in the app definition`);
  return table;
}

export function queueByName(def: AppDefinition, name: string): QueueDefinition {
  const queue = def.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`No queue named "${name}" in the app definition`);
  return queue;
}
