import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type AppDefinition, dlqName, type KeyDefinition, type TableDefinition } from '#infra/definitions.js';

export interface ProvisionedQueue {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

const DAY_SECONDS = 86_400;

function keySchema(partitionKey: KeyDefinition, sortKey?: KeyDefinition) {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

/** The CreateTable input for a table definition: the same keys, indexes and stream as the CDK table. */
export function createTableInput(table: TableDefinition) {
  const attributes = new Map<string, AttributeDefinition>();
  const addKey = (key: KeyDefinition | undefined) => {
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  };
  addKey(table.partitionKey);
  addKey(table.sortKey);
  const indexes: GlobalSecondaryIndex[] = (table.globalIndexes ?? []).map((index) => {
    addKey(index.partitionKey);
    addKey(index.sortKey);
    return {
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: index.projection },
    };
  });
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: [...attributes.values()],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
  };
}

/** The names of every table the endpoint holds, all pages. */
export async function listTableNames(client: DynamoDBClient): Promise<Set<string>> {
  const names = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) names.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

/** Creates every table of the definition that does not exist yet (a persisted --data-dir keeps them). */
export async function provisionTables(client: DynamoDBClient, app: AppDefinition): Promise<void> {
  const existing = await listTableNames(client);

  for (const table of app.tables) {
    if (existing.has(table.name)) continue;
    try {
      await client.send(new CreateTableCommand(createTableInput(table)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    if (table.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table.name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const attributes = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`The SQS emulator returned no ARN for ${url}`);
  return arn;
}

/** Creates each queue and its dead-letter queue with the definition's redrive policy and timeouts. */
export async function provisionQueues(
  client: SQSClient,
  app: AppDefinition,
  overrides: { visibilityTimeoutSeconds?: number } = {},
): Promise<Map<string, ProvisionedQueue>> {
  const queues = new Map<string, ProvisionedQueue>();
  for (const queue of app.queues) {
    const dlq = await client.send(
      new CreateQueueCommand({
        QueueName: dlqName(queue.name),
        Attributes: { MessageRetentionPeriod: String(queue.deadLetter.retentionDays * DAY_SECONDS) },
      }),
    );
    if (!dlq.QueueUrl) throw new Error(`The SQS emulator did not create ${dlqName(queue.name)}`);
    const dlqArn = await queueArn(client, dlq.QueueUrl);
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: queue.name,
        Attributes: {
          VisibilityTimeout: String(overrides.visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(queue.retentionDays * DAY_SECONDS),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn,
            maxReceiveCount: queue.deadLetter.maxReceiveCount,
          }),
        },
      }),
    );
    if (!main.QueueUrl) throw new Error(`The SQS emulator did not create ${queue.name}`);
    queues.set(queue.name, {
      url: main.QueueUrl,
      arn: await queueArn(client, main.QueueUrl),
      dlqUrl: dlq.QueueUrl,
      dlqArn,
    });
  }
  return queues;
}
