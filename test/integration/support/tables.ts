import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { app } from '#infra/definitions.js';

/** JSON with object keys sorted at every depth, so equal items print alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Set) return `Set${canonical([...value].sort())}`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Every item of every table of the definitions, sorted, as JSON per table: the tests' way to compare the
 * whole store before and after (a test may scan; the code under test never does).
 */
export async function everyTable(documents: DynamoDBDocumentClient): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of app.tables) {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({ TableName: table.name, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) items.push(canonical(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    tables[table.name] = items.sort();
  }
  return tables;
}
