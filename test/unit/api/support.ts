import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type {
  ConsentReader,
  OfferEventRecord,
  OfferEventsStore,
  OfferReader,
  RecordOfferEventCommand,
  RecordOfferEventOutcome,
  StoredOffer,
} from '#api/ports.js';
import type { ConsentState, LastWithdrawnAt } from '#core/consent-change.js';
import type { ConsentRecord } from '#core/customer.js';
import { lambdaContext } from '#test/support/lambda.js';

/** Shared builders and in-memory ports for the banner API's unit tests. No module mocking anywhere. */

export const NOW = new Date('2026-07-10T08:00:00.000Z');

/**
 * Powertools for a handler under test. Quiet by default (no log lines, metrics disabled); `loud` logs from
 * DEBUG up and flushes metrics (EMF) to stdout, for tests that read the output with captureOutput.
 */
export function observability(options: { loud?: boolean } = {}) {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  // Metrics reads this variable when it is constructed.
  process.env.POWERTOOLS_METRICS_DISABLED = options.loud ? 'false' : 'true';
  try {
    return {
      logger: new Logger({ serviceName: 'banner-test', logLevel: options.loud ? 'DEBUG' : 'SILENT' }),
      metrics: new Metrics({ namespace: 'test', serviceName: 'banner-test' }),
    };
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

/** Runs `fn` while capturing (and swallowing) what is written to stdout and stderr. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    const result = await fn();
    return { result, output: chunks.join('') };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}

/** A Lambda context for the banner handlers (the shared test helper, named for these tests). */
export function context(functionName = 'banner-test'): Context {
  return lambdaContext(functionName);
}

export interface ApiEventInput {
  readonly method?: string;
  readonly routeKey?: string;
  readonly pathParameters?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** An API Gateway HTTP API (payload format 2.0) event. */
export function apiEvent(input: ApiEventInput = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: input.routeKey ?? 'GET /customers/{customerId}/offers',
    rawPath: '/customers/x/offers',
    rawQueryString: '',
    headers: input.headers ?? {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'test.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'test',
      http: {
        method: input.method ?? 'GET',
        path: '/customers/x/offers',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: input.routeKey ?? 'GET /customers/{customerId}/offers',
      stage: '$default',
      time: '10/Jul/2026:08:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    isBase64Encoded: input.isBase64Encoded ?? false,
    ...(input.pathParameters === undefined ? {} : { pathParameters: input.pathParameters }),
    ...(input.body === undefined ? {} : { body: input.body }),
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** The structured result's parsed JSON body, and its headers with lower-case names. */
export function answer(result: APIGatewayProxyStructuredResultV2 | string | undefined | object) {
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers = Object.fromEntries(
    Object.entries(structured.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    status: structured.statusCode,
    headers,
    body:
      structured.body === undefined ? undefined : (JSON.parse(structured.body) as Record<string, unknown>),
  };
}

export function grant(at = '2026-01-10T10:00:00Z'): ConsentRecord {
  return { purpose: 'transaction-offers', status: 'granted', at, source: 'app', noticeVersion: '2026-01' };
}

export function consentRecord(
  purpose: ConsentRecord['purpose'],
  status: ConsentRecord['status'],
  at: string,
): ConsentRecord {
  return { purpose, status, at, source: 'app', noticeVersion: '2026-01' };
}

export function storedOffer(overrides: Partial<StoredOffer> = {}): StoredOffer {
  return {
    customerId: 'c-1',
    offerInstanceId: 'o_0123456789abcdef0123456789abcdef',
    offerId: 'worldwide-travel-cover',
    text: 'Op reis buiten Europa?',
    disclosures: ['Lees de productinformatie (IPID).'],
    createdAt: '2026-07-05T08:00:00.000Z',
    expiresAt: '2026-07-20T08:00:00.000Z',
    status: 'active',
    ...overrides,
  };
}

/**
 * The banner API's ports in memory, with the semantics the DynamoDB adapters have: one record per
 * (offer, eventId), the offer ends only while active, cooldowns never shortened. Counts the calls.
 */
export class InMemoryBanner implements OfferReader, ConsentReader, OfferEventsStore {
  readonly consents = new Map<string, ConsentRecord[]>();
  readonly lastWithdrawnAt = new Map<string, LastWithdrawnAt>();
  readonly offers = new Map<string, StoredOffer>();
  readonly events = new Map<string, OfferEventRecord>();
  readonly cooldowns = new Map<string, Record<string, string>>();
  readonly calls = { consentState: 0, activeOffers: 0, findOffer: 0, record: 0 };
  /** Stored rows that do not validate, per customer (reported as skipped). */
  readonly unreadable = new Map<string, number>();
  failWith: Error | undefined;

  addOffer(offer: StoredOffer): this {
    this.offers.set(`${offer.customerId}/${offer.offerInstanceId}`, offer);
    return this;
  }

  setConsents(customerId: string, records: ConsentRecord[]): this {
    this.consents.set(customerId, records);
    return this;
  }

  setLastWithdrawnAt(customerId: string, lastWithdrawnAt: LastWithdrawnAt): this {
    this.lastWithdrawnAt.set(customerId, lastWithdrawnAt);
    return this;
  }

  async consentState(customerId: string): Promise<ConsentState> {
    this.calls.consentState++;
    if (this.failWith) throw this.failWith;
    return {
      records: this.consents.get(customerId) ?? [],
      lastWithdrawnAt: this.lastWithdrawnAt.get(customerId) ?? {},
    };
  }

  async activeOffers(customerId: string) {
    this.calls.activeOffers++;
    if (this.failWith) throw this.failWith;
    const offers = [...this.offers.values()].filter(
      (o) => o.customerId === customerId && o.status === 'active',
    );
    return { offers, skipped: this.unreadable.get(customerId) ?? 0 };
  }

  async findOffer(customerId: string, offerInstanceId: string) {
    this.calls.findOffer++;
    if (this.failWith) throw this.failWith;
    return this.offers.get(`${customerId}/${offerInstanceId}`);
  }

  async record(command: RecordOfferEventCommand): Promise<RecordOfferEventOutcome> {
    this.calls.record++;
    if (this.failWith) throw this.failWith;
    const key = `${command.record.offerInstanceId}/${command.record.eventId}`;
    const stored = this.events.get(key);
    if (stored) return { outcome: 'duplicate', record: stored };
    this.events.set(key, command.record);
    const offerKey = `${command.customerId}/${command.record.offerInstanceId}`;
    const offer = this.offers.get(offerKey);
    if (command.endsActiveLife && offer?.status === 'active') {
      this.offers.set(offerKey, { ...offer, status: command.endsActiveLife });
    }
    if (command.cooldown) {
      const current = this.cooldowns.get(command.customerId) ?? {};
      const before = current[command.cooldown.offerId];
      const until =
        before !== undefined && Date.parse(before) >= Date.parse(command.cooldown.until)
          ? before
          : command.cooldown.until;
      this.cooldowns.set(command.customerId, { ...current, [command.cooldown.offerId]: until });
    }
    return { outcome: 'recorded', record: command.record };
  }
}

/**
 * A DynamoDBDocumentClient stand-in for the adapters' tests: `respond` gets each command object (narrow it
 * with instanceof) and returns its output or throws. The code under test only calls `send`, so this one
 * cast is the only place a fake poses as the SDK type.
 */
export function fakeDocumentClient(respond: (command: object, index: number) => unknown) {
  const sent: Array<{ name: string; input: unknown }> = [];
  const client = {
    async send(command: { readonly input: unknown }) {
      const index = sent.length;
      sent.push({ name: command.constructor.name, input: structuredClone(command.input) });
      return respond(command, index);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}
