/**
 * The synth-time checks on infra/definitions.ts: a broken definition stops synthesis with a message that
 * names the problem (the settings' checks are in settings.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { findDefinitionProblems } from '../../infra/cdk/validate-definitions.js';
import { type AppDefinition, app, type FunctionDefinition } from '../../infra/definitions.js';

const fn = (name: string): FunctionDefinition => {
  const found = app.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

const withFunction = (changed: FunctionDefinition): AppDefinition => ({
  ...app,
  functions: app.functions.map((f) => (f.name === changed.name ? changed : f)),
});

describe('definition checks', () => {
  it('finds nothing wrong with the project definitions', () => {
    expect(findDefinitionProblems(app)).toEqual([]);
  });

  it('rejects a consumed queue without an event source, and an event source without consume access', () => {
    const evaluate = fn('evaluate-payments');
    expect(findDefinitionProblems(withFunction({ ...evaluate, events: [] }))).toEqual([
      `function "evaluate-payments" declares queues["payment-events"]: 'consume' but has no SQS event source for it`,
    ]);
    expect(findDefinitionProblems(withFunction({ ...evaluate, queues: {} }))).toEqual([
      `function "evaluate-payments" has an SQS event source on "payment-events" but does not declare queues["payment-events"]: 'consume'`,
    ]);
  });

  it('rejects unknown tables and queues, and stream sources on tables without a stream', () => {
    const problems = findDefinitionProblems(
      withFunction({
        ...fn('health'),
        tables: { nope: { operations: ['GetItem'] } },
        queues: { missing: 'send' },
        events: [
          {
            kind: 'dynamodb-stream',
            table: 'audit',
            batchSize: 10,
            maxBatchingWindowSeconds: 0,
            retryAttempts: 1,
            reportBatchItemFailures: true,
          },
        ],
      }),
    );
    expect(problems).toContain('function "health" uses table "nope", which is not defined');
    expect(problems).toContain('function "health" uses queue "missing", which is not defined');
    expect(problems).toContain(
      'function "health" has a stream event source on table "audit", which has no stream',
    );
  });

  it('rejects a visibility timeout shorter than the consumer timeout', () => {
    const evaluate = fn('evaluate-payments');
    const problems = findDefinitionProblems(withFunction({ ...evaluate, timeoutSeconds: 900 }));
    expect(problems).toEqual([
      expect.stringMatching(/visibilityTimeoutSeconds \(180\) is shorter than the timeout/),
    ]);
  });

  it('rejects duplicate routes, reserved environment keys and a DLQ that expires before its queue', () => {
    const health = fn('health');
    const def: AppDefinition = {
      ...app,
      queues: app.queues.map((q) => ({ ...q, deadLetter: { ...q.deadLetter, retentionDays: 1 } })),
      functions: [
        ...app.functions.map((f) =>
          f.name === 'health' ? { ...health, environment: { CATALOG_DIR: '/tmp' } } : f,
        ),
        { ...health, name: 'health-copy' },
      ],
    };
    const problems = findDefinitionProblems(def);
    expect(problems).toContain('HTTP route "GET /health" is claimed by "health" and "health-copy"');
    expect(problems).toContain(
      'function "health": environment.CATALOG_DIR is reserved (set by the stack or by Lambda)',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^queue "payment-events": deadLetter.retentionDays \(1\)/),
      ]),
    );
  });
});
