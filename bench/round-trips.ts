import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Counts HTTP round trips per command with an SDK middleware in the deserialize step, which runs once per
 * attempt (inside the retry middleware): retries are counted, nothing is estimated.
 */
export class RoundTripCounter {
  private readonly counts = new Map<string, number>();

  attach(client: DynamoDBClient | SQSClient, service: string): void {
    (client as DynamoDBClient).middlewareStack.add(
      (next, context) => async (args) => {
        const key = `${service}:${context.commandName ?? 'unknown'}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        return next(args);
      },
      { step: 'deserialize', name: `roundTripCounter-${service}`, priority: 'low' },
    );
  }

  total(service: string): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (key.startsWith(`${service}:`)) sum += n;
    return sum;
  }

  of(service: string, command: string): number {
    return this.counts.get(`${service}:${command}`) ?? 0;
  }
}

interface Consumed {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** Data-plane commands that accept ReturnConsumedCapacity. */
const METERED = new Set([
  'BatchGetItemCommand',
  'GetItemCommand',
  'QueryCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

/**
 * Consumed request units as DynamoDB reports them: an SDK middleware asks every data-plane call for
 * `ReturnConsumedCapacity: 'TOTAL'` and adds up the `ConsumedCapacity` of each response (read and write
 * units where the answer separates them; otherwise `CapacityUnits` by the kind of call).
 */
export class CapacityMeter {
  read = 0;
  write = 0;

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        if (!METERED.has(command)) return next(args);
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
        const consumed = output.ConsumedCapacity;
        const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
        const isRead = /Get|Query/.test(command);
        for (const entry of entries) {
          if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
            this.read += entry.ReadCapacityUnits ?? 0;
            this.write += entry.WriteCapacityUnits ?? 0;
          } else if (isRead) {
            this.read += entry.CapacityUnits ?? 0;
          } else {
            this.write += entry.CapacityUnits ?? 0;
          }
        }
        return result;
      },
      { step: 'initialize', name: 'capacityMeter', priority: 'low' },
    );
  }
}
