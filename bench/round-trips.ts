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
