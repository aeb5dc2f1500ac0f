import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type Row,
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandOutput,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { ArchiveEngine, ArchiveStatement, EngineRow } from '#archive/ports.js';
import { InfrastructureError } from '#shared/errors.js';

/**
 * The archive engine in AWS: Amazon Athena over the Glue tables of the archive bucket (infra/cdk/archive*),
 * one table per dataset named as the dataset, so the query definitions (shared/archive/sql/) read
 * `FROM decisions` as on DuckDB. A statement runs in the workgroup (result encryption and the bytes-scanned
 * limit are the workgroup's) with the database as context and its `?` parameters as ExecutionParameters:
 * Athena takes each as SQL literal text, so a string is passed quoted with its quotes doubled and an
 * integer as its digits. The engine polls the execution with backoff; past the timeout it stops the query
 * (no bill for a runaway scan) and throws. Results are read page by page; the first row of the first page
 * is the header; values are converted by the result's column types.
 */

export class AthenaQueryError extends InfrastructureError {
  override readonly name = 'AthenaQueryError';
}

/** The query did not finish in time: it was stopped (the API answers 503; retry or narrow the period). */
export class AthenaQueryTimeoutError extends InfrastructureError {
  override readonly name = 'AthenaQueryTimeoutError';
}

export type AthenaCommand =
  | StartQueryExecutionCommand
  | GetQueryExecutionCommand
  | GetQueryResultsCommand
  | StopQueryExecutionCommand;

/** The one call the engine makes (AthenaClient.send); injected in tests. */
export type AthenaSend = (command: AthenaCommand) => Promise<unknown>;

export interface AthenaEngineOptions {
  readonly workGroup: string;
  readonly database: string;
  readonly send?: AthenaSend;
  /** Give up (and stop the query) after this long; default 25 s (under the API's 29 s). */
  readonly timeoutMs?: number;
  /** First poll delay (default 200 ms), doubled per poll up to maxPollMs (default 2 s). */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** A parameter as Athena's ExecutionParameters take it: SQL literal text. */
export function executionParameter(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new AthenaQueryError('Only whole numbers can be bound');
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function hexBytes(text: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new AthenaQueryError('A varbinary value is not hex text');
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const DECIMAL_TYPES = new Set(['double', 'float', 'real', 'decimal']);

/** One value of a result by its column's type (varchar, integers, boolean, varbinary as hex text). */
export function convertValue(
  text: string | undefined,
  type: string,
): string | number | boolean | Uint8Array | null {
  if (text === undefined) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '');
  if (INTEGER_TYPES.has(base) || DECIMAL_TYPES.has(base)) return Number(text);
  if (base === 'boolean') return text === 'true';
  if (base === 'varbinary') return hexBytes(text);
  return text;
}

function rowOf(row: Row, columns: readonly ColumnInfo[]): EngineRow {
  const data = row.Data ?? [];
  return Object.fromEntries(
    columns.map((column, i) => [
      column.Name ?? `_${i}`,
      convertValue(data[i]?.VarCharValue, column.Type ?? 'varchar'),
    ]),
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AthenaArchiveEngine implements ArchiveEngine {
  readonly name = 'athena';
  private readonly send: AthenaSend;
  private readonly client: AthenaClient | undefined;

  constructor(private readonly options: AthenaEngineOptions) {
    if (options.send === undefined) {
      const client = new AthenaClient({});
      this.client = client;
      this.send = (command) => client.send(command as StartQueryExecutionCommand);
    } else {
      this.client = undefined;
      this.send = options.send;
    }
  }

  private async call<T>(command: AthenaCommand, what: string, statement: ArchiveStatement): Promise<T> {
    try {
      return (await this.send(command)) as T;
    } catch (error) {
      throw new AthenaQueryError(`${what} failed for the archive query ${statement.name}`, { cause: error });
    }
  }

  async run(statement: ArchiveStatement): Promise<readonly EngineRow[]> {
    const started = await this.call<StartQueryExecutionCommandOutput>(
      new StartQueryExecutionCommand({
        QueryString: statement.sql,
        WorkGroup: this.options.workGroup,
        QueryExecutionContext: { Database: this.options.database },
        ...(statement.params.length === 0
          ? {}
          : { ExecutionParameters: statement.params.map(executionParameter) }),
      }),
      'StartQueryExecution',
      statement,
    );
    const id = started.QueryExecutionId;
    if (id === undefined) throw new AthenaQueryError(`Athena started ${statement.name} without an id`);
    await this.awaitSuccess(id, statement);
    return this.results(id, statement);
  }

  private async awaitSuccess(id: string, statement: ArchiveStatement): Promise<void> {
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? defaultSleep;
    const deadline = now() + (this.options.timeoutMs ?? 25_000);
    let delay = this.options.firstPollMs ?? 200;
    for (;;) {
      const execution = await this.call<GetQueryExecutionCommandOutput>(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
        'GetQueryExecution',
        statement,
      );
      const status = execution.QueryExecution?.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return;
        case 'FAILED':
        case 'CANCELLED':
          throw new AthenaQueryError(
            `The archive query ${statement.name} ended ${status.State}: ${status.StateChangeReason ?? 'no reason given'}`,
          );
        default:
          break;
      }
      if (now() + delay > deadline) {
        await this.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new AthenaQueryTimeoutError(
          `The archive query ${statement.name} did not finish in time and was stopped`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, this.options.maxPollMs ?? 2_000);
    }
  }

  private async results(id: string, statement: ArchiveStatement): Promise<EngineRow[]> {
    const rows: EngineRow[] = [];
    let columns: readonly ColumnInfo[] | undefined;
    let token: string | undefined;
    let first = true;
    do {
      const page: GetQueryResultsCommandOutput = await this.call(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
        'GetQueryResults',
        statement,
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const pageRows = page.ResultSet?.Rows ?? [];
      // The header row (the column names) comes first on the first page only.
      for (const row of first ? pageRows.slice(1) : pageRows) rows.push(rowOf(row, columns));
      first = false;
      token = page.NextToken;
    } while (token !== undefined);
    return rows;
  }

  async close(): Promise<void> {
    this.client?.destroy();
  }
}
