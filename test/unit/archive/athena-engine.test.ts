import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import {
  AthenaArchiveEngine,
  type AthenaCommand,
  AthenaQueryError,
  AthenaQueryTimeoutError,
  convertValue,
  executionParameter,
} from '#adapters/archive/athena-engine.js';

const statement = {
  name: 'decisions.test',
  sql: 'SELECT reason, n FROM decisions WHERE record_day >= ? AND n > ?',
  params: ["it's", 3],
} as const;

/** A fake Athena: states in order for GetQueryExecution, pages for GetQueryResults. */
function fakeAthena(states: readonly string[], pages: ReadonlyArray<{ rows: string[][]; next?: string }>) {
  const calls: AthenaCommand[] = [];
  let poll = 0;
  let page = 0;
  const columns = [
    { Name: 'reason', Type: 'varchar' },
    { Name: 'n', Type: 'bigint' },
    { Name: 'applied', Type: 'boolean' },
    { Name: 'content', Type: 'varbinary' },
  ];
  const send = async (command: AthenaCommand): Promise<unknown> => {
    calls.push(command);
    if (command instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q-1' };
    if (command instanceof GetQueryExecutionCommand) {
      const state = states[Math.min(poll++, states.length - 1)];
      return { QueryExecution: { Status: { State: state, StateChangeReason: 'SYNTAX_ERROR' } } };
    }
    if (command instanceof GetQueryResultsCommand) {
      const current = pages[page++];
      return {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columns },
          Rows: (current?.rows ?? []).map((row) => ({
            Data: row.map((value) => (value === '<null>' ? {} : { VarCharValue: value })),
          })),
        },
        ...(current?.next === undefined ? {} : { NextToken: current.next }),
      };
    }
    return {};
  };
  return { calls, send };
}

const options = (send: (command: AthenaCommand) => Promise<unknown>) => ({
  workGroup: 'audit',
  database: 'offer_archive',
  send,
  sleep: async () => undefined,
});

describe('the Athena archive engine', () => {
  it('starts the query in the workgroup and database with literal parameters, polls, and reads every page', async () => {
    const fake = fakeAthena(
      ['QUEUED', 'RUNNING', 'SUCCEEDED'],
      [
        {
          rows: [
            ['reason', 'n', 'applied', 'content'],
            ['no_consent', '12', 'true', '68 69'],
          ],
          next: 't-2',
        },
        { rows: [['objected', '3', 'false', '<null>']] },
      ],
    );
    const engine = new AthenaArchiveEngine(options(fake.send));
    const rows = await engine.run(statement);
    expect(rows).toEqual([
      { reason: 'no_consent', n: 12, applied: true, content: new Uint8Array([0x68, 0x69]) },
      { reason: 'objected', n: 3, applied: false, content: null },
    ]);
    const start = fake.calls[0];
    if (!(start instanceof StartQueryExecutionCommand)) throw new Error('not started first');
    expect(start.input).toEqual({
      QueryString: statement.sql,
      WorkGroup: 'audit',
      QueryExecutionContext: { Database: 'offer_archive' },
      ExecutionParameters: ["'it''s'", '3'],
    });
    const polls = fake.calls.filter((c) => c instanceof GetQueryExecutionCommand);
    expect(polls).toHaveLength(3);
    const reads = fake.calls.filter((c) => c instanceof GetQueryResultsCommand);
    expect(reads.map((c) => c.input.NextToken)).toEqual([undefined, 't-2']);
  });

  it('throws a typed error when the query fails', async () => {
    const fake = fakeAthena(['RUNNING', 'FAILED'], []);
    await expect(new AthenaArchiveEngine(options(fake.send)).run(statement)).rejects.toThrow(
      AthenaQueryError,
    );
  });

  it('stops a query that does not finish in time', async () => {
    const fake = fakeAthena(['RUNNING'], []);
    let clock = 0;
    const engine = new AthenaArchiveEngine({
      ...options(fake.send),
      timeoutMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    await expect(engine.run(statement)).rejects.toThrow(AthenaQueryTimeoutError);
    expect(fake.calls.at(-1)).toBeInstanceOf(StopQueryExecutionCommand);
  });

  it('wraps a failing call', async () => {
    const engine = new AthenaArchiveEngine(
      options(async () => {
        throw new Error('AccessDenied');
      }),
    );
    await expect(engine.run(statement)).rejects.toThrow(AthenaQueryError);
  });

  it('binds strings as quoted literals and integers as digits only', () => {
    expect(executionParameter("a'b")).toBe("'a''b'");
    expect(executionParameter(42)).toBe('42');
    expect(() => executionParameter(1.5)).toThrow(AthenaQueryError);
    expect(convertValue('7', 'integer')).toBe(7);
    expect(convertValue(undefined, 'varchar')).toBeNull();
    expect(convertValue('x', 'varchar(10)')).toBe('x');
    expect(() => convertValue('zz', 'varbinary')).toThrow(AthenaQueryError);
  });
});
