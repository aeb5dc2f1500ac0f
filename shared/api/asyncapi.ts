import type * as z from 'zod';
import { ConsentChangeSchema } from '#core/consent-change.js';
import { CustomerUpdateSchema } from '#core/customer-update.js';
import {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  OfferRetractionDataSchema,
  OfferRetractionSchema,
  OfferSuggestionDataSchema,
  OfferSuggestionSchema,
} from '#core/offer-message.js';
import { PaymentEventSchema } from '#core/payment-event.js';
import { API_LICENSE, componentSchemas, type Json } from './document-parts.js';

/**
 * The AsyncAPI 3.0 document of the pipeline's queues, generated like the OpenAPI one (./openapi.ts): every
 * message payload is a zod schema the code validates or builds with (z.toJSONSchema, draft-07: AsyncAPI's
 * default schema format is a superset of it), and the channels are the stack definitions' queues, passed in
 * (infra/definitions/queues.ts), so a queue cannot be added without being documented here.
 *
 * AsyncAPI 3.0 rather than 2.6: it is the current version, and it separates a channel (the queue) from the
 * operations on it, described from the pipeline's side: it `receive`s on the queues other systems send to and
 * `send`s on offer-suggestions, which push consumers receive from.
 */

export const ASYNCAPI_VERSION = '3.0.0';
/**
 * The version of the queues' contracts: bump on every change of a message (contracts: additions are minor).
 * 1.0.0 (issue 13): payment events, consent changes, customer updates in; offer messages as CloudEvents out.
 */
export const MESSAGES_VERSION = '1.0.0';

export interface QueueToDocument {
  readonly name: string;
  readonly purpose: string;
}

/** Named schemas, under components.schemas. */
export const ASYNC_COMPONENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  PaymentEvent: PaymentEventSchema,
  ConsentChange: ConsentChangeSchema,
  CustomerUpdate: CustomerUpdateSchema,
  OfferSuggested: OfferSuggestionSchema,
  OfferSuggestedData: OfferSuggestionDataSchema,
  OfferWithdrawn: OfferRetractionSchema,
  OfferWithdrawnData: OfferRetractionDataSchema,
};

interface MessageSpec {
  readonly schema: string;
  readonly title: string;
  readonly summary: string;
  readonly contentType?: string;
}

/** The messages, by component name. */
const MESSAGES: Readonly<Record<string, MessageSpec>> = {
  PaymentEvent: {
    schema: 'PaymentEvent',
    title: 'PaymentEvent v1',
    summary:
      'One payment of a customer (contracts.md). Screened for sensitive categories before anything else: a sensitive payment leaves nothing but its ids and the reason sensitive_category.',
  },
  ConsentChange: {
    schema: 'ConsentChange',
    title: 'Consent change',
    summary:
      "A consent record from the bank's preferences dashboard; a withdrawal or objection also withdraws the customer's open offers.",
  },
  CustomerUpdate: {
    schema: 'CustomerUpdate',
    title: 'Customer profile update',
    summary: 'Fields present replace the stored ones; an update older than the stored profile is ignored.',
  },
  OfferSuggested: {
    schema: 'OfferSuggested',
    title: 'offer.suggested (CloudEvents 1.0)',
    summary:
      'An emitted offer, published after its commit: show it. The CloudEvent id is the deduplication key; nothing describes the payment.',
    contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
  },
  OfferWithdrawn: {
    schema: 'OfferWithdrawn',
    title: 'offer.withdrawn (CloudEvents 1.0)',
    summary:
      'Take the offer (subject) down: consent withdrawn or objected, a CRM update ruled it out, or it was erased. Final: ignore any later offer.suggested for it.',
    contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
  },
};

interface ChannelSpec {
  /** The pipeline's side: it receives what others send, or sends what push consumers receive. */
  readonly action: 'receive' | 'send';
  readonly operationId: string;
  readonly messages: readonly string[];
  readonly summary: string;
}

/** Every queue of the definitions, by name: who sends, who receives, which messages. */
const CHANNELS: Readonly<Record<string, ChannelSpec>> = {
  'payment-events': {
    action: 'receive',
    operationId: 'receivePaymentEvents',
    messages: ['PaymentEvent'],
    summary: 'The payment system sends payment events; evaluate-payments decides on each.',
  },
  'consent-changes': {
    action: 'receive',
    operationId: 'receiveConsentChanges',
    messages: ['ConsentChange'],
    summary: "The bank's preferences dashboard sends consent changes; apply-consent-changes applies them.",
  },
  'customer-updates': {
    action: 'receive',
    operationId: 'receiveCustomerUpdates',
    messages: ['CustomerUpdate'],
    summary: "The bank's CRM sync sends profile updates; apply-customer-updates applies them.",
  },
  'offer-suggestions': {
    action: 'send',
    operationId: 'sendOfferMessages',
    messages: ['OfferSuggested', 'OfferWithdrawn'],
    summary:
      'publish-offers sends each committed offer and each withdrawal (the offers table is the outbox); push consumers such as the banner service receive them, at least once and in no guaranteed order.',
  },
};

/** A queue name as an AsyncAPI channel id: `offer-suggestions` -> `offerSuggestions`. */
const channelId = (queue: string) => queue.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const messageKey = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}`;

const SECURITY_SCHEME = 'awsIam';

/**
 * The whole document. Deterministic. Throws when a queue has no channel description here, or one is
 * described that the definitions do not have.
 */
export function buildAsyncApiDocument(queues: readonly QueueToDocument[]): Json {
  const names = queues.map((queue) => queue.name);
  for (const name of names) {
    if (CHANNELS[name] === undefined)
      throw new Error(`Queue "${name}" has no channel in the AsyncAPI document`);
  }
  for (const name of Object.keys(CHANNELS)) {
    if (!names.includes(name)) throw new Error(`Channel "${name}" is not a queue of the definitions`);
  }
  const { schemas } = componentSchemas(ASYNC_COMPONENT_SCHEMAS, 'draft-7');
  const security = [{ $ref: `#/components/securitySchemes/${SECURITY_SCHEME}` }];
  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  for (const queue of queues) {
    const spec = CHANNELS[queue.name] as ChannelSpec;
    const id = channelId(queue.name);
    channels[id] = {
      address: queue.name,
      title: queue.name,
      description: `${queue.purpose}. An SQS standard queue (at-least-once, unordered) with a dead-letter queue; deployed, its URL is the stack output ${id.charAt(0).toUpperCase()}${id.slice(1)}QueueUrl.`,
      messages: Object.fromEntries(
        spec.messages.map((name) => [messageKey(name), { $ref: `#/components/messages/${name}` }]),
      ),
    };
    operations[spec.operationId] = {
      action: spec.action,
      channel: { $ref: `#/channels/${id}` },
      summary: spec.summary,
      security,
      messages: spec.messages.map((name) => ({ $ref: `#/channels/${id}/messages/${messageKey(name)}` })),
    };
  }
  const messages = Object.fromEntries(
    Object.entries(MESSAGES).map(([name, message]) => [
      name,
      {
        name,
        title: message.title,
        summary: message.summary,
        contentType: message.contentType ?? 'application/json',
        payload: { $ref: `#/components/schemas/${message.schema}` },
      },
    ]),
  );
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Offer eligibility pipeline: queues',
      version: MESSAGES_VERSION,
      description:
        "The pipeline's queues: payment events, consent changes and customer updates in; offers and their " +
        'withdrawals out, as CloudEvents 1.0 (structured mode: the SQS message body is the whole event), for push ' +
        'consumers. The HTTP API is described by the OpenAPI document (npm run openapi).',
      license: API_LICENSE,
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:{port}',
        protocol: 'sqs',
        description: 'The local SQS emulator of npm start (its endpoint is printed)',
        variables: { port: { default: '9324', description: 'the port of the local SQS emulator' } },
        security,
      },
      aws: {
        host: 'sqs.{region}.amazonaws.com',
        protocol: 'sqs',
        description: 'Amazon SQS in the region of a deployment',
        variables: { region: { default: 'eu-west-1', description: 'the AWS region of the stack' } },
        security,
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'AWS4-HMAC-SHA256',
          description:
            'AWS IAM: every SQS call is signed with Signature Version 4 by a principal allowed the queue operation ' +
            '(sqs:SendMessage to send; sqs:ReceiveMessage, sqs:DeleteMessage to receive) and kms:Decrypt on its key. ' +
            '(The local emulator checks no signatures.)',
        },
      },
    },
  };
}
