import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ASYNC_COMPONENT_SCHEMAS, ASYNCAPI_VERSION, buildAsyncApiDocument } from '#api/asyncapi.js';
import { API_LICENSE } from '#api/document-parts.js';
import { OfferMessageSchema, suggestionMessage } from '#core/offer-message.js';
import { app } from '#infra/definitions.js';
import { writeOrCheck } from '#scripts/api-document.js';
import { refsIn } from '#test/support/json-refs.js';
import { SAMPLE_OFFER } from '#test/support/offers.js';
import { redoclyLint } from '#test/support/redocly.js';

type Json = Record<string, unknown>;
interface Doc {
  asyncapi: string;
  info: Json;
  servers: Record<string, Json>;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<
    string,
    { action: string; channel: { $ref: string }; messages: Array<{ $ref: string }> }
  >;
  components: { schemas: Record<string, Json>; messages: Record<string, Json> };
}

const doc = buildAsyncApiDocument(app.queues) as unknown as Doc;

/** Resolves a local `#/a/b` reference in the document, following a reference to a reference. */
function resolveRef(ref: string): unknown {
  const node = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
  const next = (node as { $ref?: unknown } | undefined)?.$ref;
  return typeof next === 'string' ? resolveRef(next) : node;
}

describe('the AsyncAPI document of the queues', () => {
  it('is AsyncAPI 3.0 with a licence and servers', () => {
    expect(doc.asyncapi).toBe(ASYNCAPI_VERSION);
    expect(doc.asyncapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info.license).toEqual(API_LICENSE);
    expect(Object.values(doc.servers).map((s) => s.protocol)).toEqual(['sqs', 'sqs']);
  });

  it('has one channel per queue of the stack definitions, and no other', () => {
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(app.queues.map((q) => q.name).sort());
  });

  it('refuses a queue it does not describe, and a channel that is not a queue', () => {
    expect(() => buildAsyncApiDocument([...app.queues, { name: 'new-queue', purpose: 'x' }])).toThrow(
      /new-queue/,
    );
    expect(() => buildAsyncApiDocument(app.queues.slice(1))).toThrow(/not a queue/);
  });

  it('receives on the inbound queues and sends the offer CloudEvents on offer-suggestions', () => {
    const byAddress = Object.fromEntries(
      Object.values(doc.operations).map((op) => [
        (resolveRef(op.channel.$ref) as { address: string }).address,
        {
          action: op.action,
          messages: op.messages.map((m) => (resolveRef(m.$ref) as { name: string }).name),
        },
      ]),
    );
    expect(byAddress).toEqual({
      'payment-events': { action: 'receive', messages: ['PaymentEvent'] },
      'consent-changes': { action: 'receive', messages: ['ConsentChange'] },
      'customer-updates': { action: 'receive', messages: ['CustomerUpdate'] },
      'offer-suggestions': { action: 'send', messages: ['OfferSuggested', 'OfferWithdrawn'] },
    });
    expect(doc.components.messages.OfferSuggested).toMatchObject({
      contentType: 'application/cloudevents+json',
    });
  });

  it('resolves every $ref', () => {
    const all = refsIn(doc);
    expect(all.length).toBeGreaterThan(15);
    for (const ref of all) expect(resolveRef(ref), ref).toBeDefined();
  });

  it('generates the payload schemas from zod (draft-07), the CloudEvents envelope included', () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(Object.keys(ASYNC_COMPONENT_SCHEMAS).sort());
    const { $schema: _, ...update } = z.toJSONSchema(ASYNC_COMPONENT_SCHEMAS.CustomerUpdate as z.ZodType, {
      target: 'draft-7',
      io: 'input',
    });
    expect(doc.components.schemas.CustomerUpdate).toEqual(update);
    const suggested = doc.components.schemas.OfferSuggested as {
      properties: Record<string, Json>;
      required: string[];
    };
    expect(suggested.required).toEqual(
      expect.arrayContaining([
        'specversion',
        'type',
        'source',
        'id',
        'time',
        'subject',
        'datacontenttype',
        'data',
      ]),
    );
    expect(suggested.properties.specversion).toMatchObject({ const: '1.0' });
    expect(suggested.properties.data).toEqual({ $ref: '#/components/schemas/OfferSuggestedData' });
    // Nothing about the payment in either offer message.
    const offerSchemas = JSON.stringify([
      doc.components.schemas.OfferSuggested,
      doc.components.schemas.OfferSuggestedData,
      doc.components.schemas.OfferWithdrawn,
      doc.components.schemas.OfferWithdrawnData,
    ]);
    expect(offerSchemas).not.toMatch(/"(merchant|amount|mcc|counterparty|eventId|triggerId|decisionId)"/);
    // A message the publisher builds validates against the schema the document states.
    expect(OfferMessageSchema.safeParse(suggestionMessage(SAMPLE_OFFER)).success).toBe(true);
  });

  it('passes @redocly/cli lint (recommended rules) with no error and no warning', async () => {
    const result = await redoclyLint(doc, 'asyncapi.json');
    expect(result.problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('the linter checks AsyncAPI 3.0 structure (an AsyncAPI 2 action is an error)', async () => {
    const broken = structuredClone(doc);
    const first = Object.values(broken.operations)[0];
    if (first) first.action = 'publish';
    const result = await redoclyLint(broken, 'asyncapi.json');
    expect(result.totals.errors).toBeGreaterThan(0);
  }, 60_000);
});

describe('npm run asyncapi / openapi: writing and --check', () => {
  it('writes the document, finds it up to date (also reformatted), and out of date once it differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncapi-'));
    const out = join(dir, 'asyncapi.json');
    expect(writeOrCheck(doc, out, true, 'npm run asyncapi')).toBe(1);
    expect(writeOrCheck(doc, out, false, 'npm run asyncapi')).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(doc);
    expect(writeOrCheck(doc, out, true, 'npm run asyncapi')).toBe(0);
    writeFileSync(out, JSON.stringify(doc));
    expect(writeOrCheck(doc, out, true, 'npm run asyncapi')).toBe(0);
    writeFileSync(out, JSON.stringify({ ...doc, asyncapi: '2.6.0' }));
    expect(writeOrCheck(doc, out, true, 'npm run asyncapi')).toBe(1);
  });
});
