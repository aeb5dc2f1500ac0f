import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

/**
 * Fakes for the AWS SDK clients, injected through the constructors / deps of the code under test (no
 * module mocking). The code under test only ever calls `client.send(command)` and reads the output, so an
 * object with a `send` method that looks at `command.input` and answers with a canned output is enough.
 */

/** The commands the DynamoDB adapters send through the document client. */
export type DocumentCommand =
  | BatchGetCommand
  | BatchWriteCommand
  | DeleteCommand
  | GetCommand
  | PutCommand
  | QueryCommand
  | ScanCommand
  | TransactWriteCommand
  | UpdateCommand;

/** What a fake recorded for one `send`: the command's class name and a deep copy of its input. */
export interface SentCommand<TInput = unknown> {
  readonly name: string;
  readonly input: TInput;
}

type Respond<TCommand> = (command: TCommand, callIndex: number) => unknown;

/**
 * THE one place where a fake stands in for an SDK client type. A real client has hundreds of members
 * (config, middleware stack, destroy…) the code under test never touches; it calls `send` only. TypeScript
 * cannot know that, so the fake (an object with `send`) is cast here, and nowhere else.
 */
function asSdkClient<TClient>(fake: {
  send(command: { readonly input: unknown }): Promise<unknown>;
}): TClient {
  return fake as unknown as TClient;
}

export interface FakeClient<TClient, TCommand> {
  readonly client: TClient;
  /** Every command sent, in order, with its input as it was at the time of the call. */
  readonly sent: SentCommand[];
  /** Only the commands of one class, by name (e.g. 'BatchGetCommand'). */
  inputsOf<TInput = TCommand extends { input: infer I } ? I : unknown>(name: string): TInput[];
}

function fakeClient<TClient, TCommand extends { readonly input: unknown }>(
  respond: Respond<TCommand>,
): FakeClient<TClient, TCommand> {
  const sent: SentCommand[] = [];
  const client = asSdkClient<TClient>({
    async send(command) {
      const index = sent.length;
      // A deep copy: the code may reuse or mutate its request objects after the call returns.
      sent.push({ name: command.constructor.name, input: structuredClone(command.input) });
      return respond(command as TCommand, index);
    },
  });
  return {
    client,
    sent,
    inputsOf<TInput>(name: string) {
      return sent.filter((s) => s.name === name).map((s) => s.input as TInput);
    },
  };
}

/**
 * A fake DynamoDBDocumentClient. `respond` gets the real command object (narrow it with `instanceof
 * BatchGetCommand` etc.) and returns the output, or throws to simulate a failed call.
 */
export function fakeDocumentClient(
  respond: Respond<DocumentCommand>,
): FakeClient<DynamoDBDocumentClient, DocumentCommand> {
  return fakeClient<DynamoDBDocumentClient, DocumentCommand>(respond);
}

/** A fake SQSClient; `respond` gets each SendMessageCommand and returns its output or throws. */
export function fakeSqsClient(
  respond: Respond<SendMessageCommand>,
): FakeClient<SQSClient, SendMessageCommand> {
  return fakeClient<SQSClient, SendMessageCommand>(respond);
}

/** An error shaped as the SDK reports DynamoDB's ValidationException (name and message). */
export function validationException(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException' });
}
