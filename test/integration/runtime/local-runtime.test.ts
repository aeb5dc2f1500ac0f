import { GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.js';
import { probeApp } from '#test/fixtures/probe-app/app.js';
import { eventually } from '#test/integration/support/wait.js';

describe('local runtime (probe app on DynamoDB Local and the SQS emulator)', () => {
  let runtime: LocalRuntime;
  const errors: unknown[] = [];

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      app: probeApp,
      visibilityTimeoutSeconds: 1,
      onError: (error) => errors.push(error),
    });
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  const queueUrl = (name: string) => {
    const queue = runtime.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  };

  it('creates the tables and queues of the definition', async () => {
    const tables = await runtime.dynamodb.send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual(['probe-items']);
    expect([...runtime.queues.keys()].sort()).toEqual(['probe-in', 'probe-out']);
    expect(runtime.env.PROBE_TABLE).toBe('probe-items');
    expect(runtime.env.PROBE_IN_QUEUE_URL).toBe(queueUrl('probe-in').url);
  });

  it('delivers a queued message to its handler, whose DynamoDB write is then readable', async () => {
    await runtime.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('probe-in').url,
        MessageBody: JSON.stringify({ id: 'a-1' }),
      }),
    );
    const item = await eventually(async () => {
      const got = await runtime.dynamodb.send(
        new GetItemCommand({ TableName: 'probe-items', Key: { id: { S: 'a-1' } } }),
      );
      return got.Item;
    });
    expect(item.receiveCount?.N).toBe('1');
  });

  it('hands the handler batches of up to batchSize messages', async () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify({ id: `b-${i}` }),
    }));
    await runtime.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl('probe-in').url, Entries: entries }),
    );
    await runtime.idle(20_000);
    const sizes: number[] = [];
    for (const entry of entries) {
      const got = await runtime.dynamodb.send(
        new GetItemCommand({
          TableName: 'probe-items',
          Key: { id: { S: JSON.parse(entry.MessageBody).id as string } },
        }),
      );
      sizes.push(Number(got.Item?.batchSize?.N));
    }
    expect(sizes.every((n) => n >= 1 && n <= 5)).toBe(true);
  });

  it('returns failed batch items to the queue and moves them to the DLQ after maxReceiveCount', async () => {
    const before = runtime.sqsPollers[0]?.stats.failed ?? 0;
    await runtime.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('probe-in').url,
        Entries: [
          { Id: 'bad', MessageBody: JSON.stringify({ id: 'c-bad', fail: true }) },
          { Id: 'good', MessageBody: JSON.stringify({ id: 'c-good' }) },
        ],
      }),
    );
    const dead = await eventually(async () => {
      const got = await runtime.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl('probe-in').dlqUrl,
          WaitTimeSeconds: 0,
          AttributeNames: ['All'],
        }),
      );
      return got.Messages?.[0];
    }, 30_000);
    expect(JSON.parse(dead.Body ?? '{}')).toEqual({ id: 'c-bad', fail: true });
    // Received maxReceiveCount (2) times by the handler before the redrive.
    expect((runtime.sqsPollers[0]?.stats.failed ?? 0) - before).toBe(2);
    const good = await runtime.dynamodb.send(
      new GetItemCommand({ TableName: 'probe-items', Key: { id: { S: 'c-good' } } }),
    );
    expect(good.Item?.receiveCount?.N).toBe('1');
  });

  it('feeds a table stream to its handler (the outbox path)', async () => {
    const ids = new Set<string>();
    await eventually(async () => {
      const got = await runtime.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl('probe-out').url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      for (const message of got.Messages ?? []) ids.add(message.Body ?? '');
      return ids.has('a-1') ? true : undefined;
    });
    expect(ids.has('a-1')).toBe(true);
  });

  it('turns an HTTP request into an API Gateway v2 event for its handler', async () => {
    const ok = await fetch(`${runtime.endpoints.http}/items/a-1?lang=nl`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'a-1', query: { lang: 'nl' } });
    const missing = await fetch(`${runtime.endpoints.http}/items/nope`);
    expect(missing.status).toBe(404);
    const noRoute = await fetch(`${runtime.endpoints.http}/nowhere`);
    expect(noRoute.status).toBe(404);
    const wrongMethod = await fetch(`${runtime.endpoints.http}/items/a-1`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
  });

  it('replaces the SQS emulator listener when it goes away, keeping queues and messages', async () => {
    await runtime.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl('probe-out').url, MessageBody: 'kept-across-restart' }),
    );
    const before = runtime.sqsEmulator.restarts;
    runtime.sqsEmulator.server.closeAllConnections();
    runtime.sqsEmulator.server.close();
    await eventually(async () => (runtime.sqsEmulator.restarts > before ? true : undefined), 10_000);
    const bodies: string[] = [];
    await eventually(async () => {
      const got = await runtime.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl('probe-out').url, MaxNumberOfMessages: 10 }),
      );
      for (const m of got.Messages ?? []) bodies.push(m.Body ?? '');
      return bodies.includes('kept-across-restart') ? true : undefined;
    });
    // The pipeline goes on through the new listener.
    await runtime.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl('probe-in').url,
        MessageBody: JSON.stringify({ id: 'after' }),
      }),
    );
    const item = await eventually(async () => {
      const got = await runtime.dynamodb.send(
        new GetItemCommand({ TableName: 'probe-items', Key: { id: { S: 'after' } } }),
      );
      return got.Item;
    });
    expect(item.receiveCount?.N).toBe('1');
  });

  it('reported no unexpected errors', () => {
    expect(errors).toEqual([]);
  });
});
