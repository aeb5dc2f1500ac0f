/**
 * Cross-reference checks on the app definition that CloudFormation cannot make for us.
 *
 * CDK already rejects out-of-range values (batch sizes, retention periods) at synth time. What it cannot
 * know is how the entries of infra/definitions.ts relate: a function consuming a queue it has no event
 * source for, a stream source on a table without a stream, two HTTP routes with the same key. Those
 * mistakes would synthesise a stack that silently does the wrong thing, so synthesis stops instead,
 * with every problem listed at once.
 *
 * Free of aws-cdk-lib imports so that the local runtime can run the same checks.
 */
import { queueEnvVar, tableEnvVar } from '#config/function-env.js';
import {
  type AppDefinition,
  CHANGING_OPERATIONS,
  dlqName,
  TABLE_OPERATIONS,
  type TableAccess,
  type TableDefinition,
} from '#infra/definitions.js';

/** Environment variables the stack sets on every function; a definition must not set them itself. */
export const RESERVED_ENVIRONMENT_KEYS: readonly string[] = [
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
];

export class DefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`infra/definitions.ts is inconsistent:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DefinitionError';
  }
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dupes.add(v);
    seen.add(v);
  }
  return [...dupes];
}

/** Returns every problem found; an empty list means the definition is consistent. */
export function findDefinitionProblems(def: AppDefinition): string[] {
  const problems: string[] = [];
  const tables = new Map(def.tables.map((t) => [t.name, t]));
  const queues = new Map(def.queues.map((q) => [q.name, q]));

  for (const name of duplicates(def.tables.map((t) => t.name)))
    problems.push(`table "${name}" is defined twice`);
  for (const name of duplicates(def.queues.map((q) => q.name)))
    problems.push(`queue "${name}" is defined twice`);
  for (const name of duplicates(def.functions.map((f) => f.name)))
    problems.push(`function "${name}" is defined twice`);
  for (const q of def.queues) {
    if (queues.has(dlqName(q.name)))
      problems.push(`queue "${dlqName(q.name)}" clashes with the dead-letter queue of "${q.name}"`);
    if (q.deadLetter.retentionDays < q.retentionDays)
      problems.push(
        `queue "${q.name}": deadLetter.retentionDays (${q.deadLetter.retentionDays}) is shorter than retentionDays ` +
          `(${q.retentionDays}); SQS keeps the original enqueue time, so messages would expire in the DLQ early`,
      );
  }

  // Handlers derive these names from the table and queue names (shared/config/function-env.ts).
  for (const t of def.tables)
    if (t.envVar !== tableEnvVar(t.name))
      problems.push(
        `table "${t.name}": envVar "${t.envVar}" must be "${tableEnvVar(t.name)}" (what handlers read)`,
      );
  for (const q of def.queues)
    if (q.envVar !== queueEnvVar(q.name))
      problems.push(
        `queue "${q.name}": envVar "${q.envVar}" must be "${queueEnvVar(q.name)}" (what handlers read)`,
      );
  const envVars = [...def.tables.map((t) => t.envVar), ...def.queues.map((q) => q.envVar)];
  for (const v of duplicates(envVars))
    problems.push(`environment variable "${v}" is used by two tables/queues`);
  for (const v of envVars)
    if (RESERVED_ENVIRONMENT_KEYS.includes(v))
      problems.push(`environment variable "${v}" is reserved by the stack`);

  const consumers = new Map<string, string[]>();
  const routes = new Map<string, string>();
  for (const fn of def.functions) {
    const where = `function "${fn.name}"`;
    for (const [name, access] of Object.entries(fn.tables)) {
      const table = tables.get(name);
      if (!table) {
        problems.push(`${where} uses table "${name}", which is not defined`);
        continue;
      }
      problems.push(...tableAccessProblems(where, table, access, fn.erasesCustomers === true));
    }
    for (const queue of Object.keys(fn.queues))
      if (!queues.has(queue)) problems.push(`${where} uses queue "${queue}", which is not defined`);
    for (const key of Object.keys(fn.environment)) {
      if (RESERVED_ENVIRONMENT_KEYS.includes(key) || key.startsWith('AWS_'))
        problems.push(`${where}: environment.${key} is reserved (set by the stack or by Lambda)`);
      if (envVars.includes(key))
        problems.push(`${where}: environment.${key} clashes with a table/queue variable`);
    }

    const sqsSources = fn.events.filter((e) => e.kind === 'sqs');
    for (const source of sqsSources) {
      if (fn.queues[source.queue] !== 'consume')
        problems.push(
          `${where} has an SQS event source on "${source.queue}" but does not declare queues["${source.queue}"]: 'consume'`,
        );
      const queue = queues.get(source.queue);
      if (queue && queue.visibilityTimeoutSeconds < fn.timeoutSeconds)
        problems.push(
          `queue "${source.queue}": visibilityTimeoutSeconds (${queue.visibilityTimeoutSeconds}) is shorter than the ` +
            `timeout of its consumer "${fn.name}" (${fn.timeoutSeconds}s); Lambda rejects such an event source`,
        );
      consumers.set(source.queue, [...(consumers.get(source.queue) ?? []), fn.name]);
    }
    for (const [queue, access] of Object.entries(fn.queues))
      if (access === 'consume' && !sqsSources.some((s) => s.queue === queue))
        problems.push(`${where} declares queues["${queue}"]: 'consume' but has no SQS event source for it`);

    for (const source of fn.events) {
      if (source.kind === 'dynamodb-stream') {
        const table = tables.get(source.table);
        if (!table)
          problems.push(
            `${where} has a stream event source on table "${source.table}", which is not defined`,
          );
        else if (!table.stream)
          problems.push(`${where} has a stream event source on table "${source.table}", which has no stream`);
      }
      if (source.kind === 'http') {
        if (!source.path.startsWith('/'))
          problems.push(`${where}: HTTP route path "${source.path}" must start with /`);
        const key = `${source.method} ${source.path}`;
        const owner = routes.get(key);
        if (owner) problems.push(`HTTP route "${key}" is claimed by "${owner}" and "${fn.name}"`);
        routes.set(key, fn.name);
      }
    }
  }
  const erasers = def.functions.filter((f) => f.erasesCustomers === true).map((f) => f.name);
  if (erasers.length > 1)
    problems.push(
      `only one function may erase customers (the exception of the append-only rule); found ${erasers.join(', ')}`,
    );
  for (const [queue, fns] of consumers)
    if (fns.length > 1)
      problems.push(
        `queue "${queue}" is consumed by ${fns.join(' and ')}; SQS would split messages between them (fan out with SNS instead)`,
      );
  return problems;
}

/**
 * One function's access to one table: known operations, each once, on indexes the table has; and the
 * append-only rule — no BatchWriteItem (IAM cannot tell its puts from its deletes), UpdateItem or
 * DeleteItem on an append-only table, except UpdateItem / DeleteItem by the erasure function on an
 * `erasable` one.
 */
function tableAccessProblems(
  where: string,
  table: TableDefinition,
  access: TableAccess,
  erasesCustomers: boolean,
): string[] {
  const problems: string[] = [];
  const on = `${where} on table "${table.name}"`;
  const indexes = access.indexes ?? [];
  if (access.operations.length === 0 && indexes.length === 0)
    problems.push(`${on}: expected at least one operation or index (or leave the table out)`);
  for (const op of access.operations)
    if (!(TABLE_OPERATIONS as readonly string[]).includes(op))
      problems.push(`${on}: unknown operation "${op}"; expected one of ${TABLE_OPERATIONS.join(', ')}`);
  for (const op of duplicates(access.operations)) problems.push(`${on}: operation "${op}" is listed twice`);
  const known = (table.globalIndexes ?? []).map((i) => i.indexName);
  for (const index of indexes)
    if (!known.includes(index))
      problems.push(
        `${on}: index "${index}" does not exist; expected one of ${known.join(', ') || '(none)'}`,
      );
  for (const index of duplicates(indexes)) problems.push(`${on}: index "${index}" is listed twice`);
  if (table.appendOnly !== undefined) {
    for (const op of access.operations.filter((o) => CHANGING_OPERATIONS.includes(o))) {
      const erasure = table.appendOnly === 'erasable' && erasesCustomers && op !== 'BatchWriteItem';
      if (!erasure)
        problems.push(
          `${on}: ${op} is not allowed on an append-only table` +
            (op === 'BatchWriteItem'
              ? ' (IAM cannot tell its puts from its deletes: write with conditional PutItem)'
              : table.appendOnly === 'erasable'
                ? ' (only the erasure function may change or delete its records)'
                : ' (nobody may change or delete its records)'),
        );
    }
  }
  return problems;
}

export function assertValidDefinition(def: AppDefinition): void {
  const problems = findDefinitionProblems(def);
  if (problems.length > 0) throw new DefinitionError(problems);
}
