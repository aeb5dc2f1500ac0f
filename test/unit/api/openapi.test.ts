import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { API_LICENSE } from '#api/document-parts.js';
import {
  API_VERSION,
  buildOpenApiDocument,
  COMPONENT_SCHEMAS,
  DEFAULT_SERVERS,
  DOCUMENTED_ROUTES,
  SECURITY_SCHEME,
} from '#api/openapi.js';
import { PROBLEMS } from '#api/problem.js';
import { audiencesOf, HTTP_AUDIENCES } from '#api/route-table.js';
import { API_ROUTES } from '#api/routes.js';
import { OfferEventRequestSchema, OpenApiDocumentSchema } from '#api/schemas.js';
import { functionEnvSchema } from '#config/function-env.js';
import { createOpenApiHandler } from '#functions/banner-api/create-openapi-handler.js';
import { bannerOfferEvents, bannerOffers } from '#infra/definitions/functions.js';
import { app, type HttpRoute } from '#infra/definitions.js';
import { CSV_CONTENT_TYPE, JSONL_CONTENT_TYPE } from '#privacy/export.js';
import { SuppressedParamsSchema } from '#privacy/query-params.js';
import { answer, apiEvent, context, observability } from '#test/support/http-api.js';
import { refsIn } from '#test/support/json-refs.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const doc = buildOpenApiDocument() as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

/** The routes this document covers: every HTTP route of the stack definitions, whoever its audience. */
const httpRoutes = app.functions.flatMap((fn) =>
  fn.events.filter((e): e is HttpRoute => e.kind === 'http').map((route) => ({ fn: fn.name, route })),
);

describe('the OpenAPI document', () => {
  it('has the OpenAPI 3.1 top-level structure', () => {
    expect(OpenApiDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ version: API_VERSION });
    const allowed = [
      'openapi',
      'info',
      'jsonSchemaDialect',
      'servers',
      'paths',
      'webhooks',
      'components',
      'security',
      'tags',
      'externalDocs',
    ];
    for (const key of Object.keys(doc)) if (!key.startsWith('x-')) expect(allowed).toContain(key);
  });

  it('has every HTTP route in the stack definitions (privacy routes too), and no other', () => {
    expect(httpRoutes.length).toBeGreaterThanOrEqual(20);
    // Every audience's routes are documented, the privacy officers' and erasers' included.
    const audiences = new Set(httpRoutes.flatMap(({ route }) => audiencesOf(route)));
    expect([...audiences].sort()).toEqual([...HTTP_AUDIENCES].sort());
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(httpRoutes.map(({ route }) => `${route.method} ${route.path}`).sort());
    expect(DOCUMENTED_ROUTES.map((r) => `${r.functionName} ${r.method} ${r.path}`).sort()).toEqual(
      httpRoutes.map(({ fn, route }) => `${fn} ${route.method} ${route.path}`).sort(),
    );
  });

  it('declares each path template parameter, required and in the path', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(item)) {
        const parameters = (operation.parameters ?? []) as Array<{
          name: string;
          in: string;
          required: boolean;
        }>;
        const inPath = parameters.filter((p) => p.in === 'path');
        expect(
          inPath.map((p) => p.name),
          `${method} ${path}`,
        ).toEqual(template);
        for (const p of inPath) expect(p).toMatchObject({ in: 'path', required: true });
        for (const p of parameters) expect(['path', 'query']).toContain(p.in);
      }
    }
  });

  it('gives every operation a unique operationId, a 200 (201 for a draft) answer, a 4xx and problem+json errors', () => {
    const ids = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        const id = String(operation.operationId);
        expect(ids.has(id)).toBe(false);
        ids.add(id);
        const responses = operation.responses as Record<string, Json>;
        expect(responses[id === 'draftCatalogVersion' ? '201' : '200'], id).toBeDefined();
        expect(
          Object.keys(responses).some((status) => /^4\d\d$/.test(status)),
          id,
        ).toBe(true);
        // API Gateway's refusal (not signed, or not allowed) can answer any operation.
        expect((responses['403']?.content as Json | undefined)?.['application/json'], id).toEqual({
          schema: { $ref: '#/components/schemas/GatewayRefusal' },
        });
        for (const [status, response] of Object.entries(responses)) {
          expect(typeof response.description).toBe('string');
          if (Number(status) >= 400) {
            const { 'application/json': gateway, ...problem } = response.content as Json;
            if (status === '403') expect(gateway).toBeDefined();
            else expect(gateway).toBeUndefined();
            // Every error a handler answers is problem+json (a 403 also when the handler can answer it).
            if (status !== '403' || Object.keys(problem).length > 0) {
              expect(problem, `${id} ${status}`).toEqual({
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              });
            }
          }
        }
      }
    }
  });

  it('documents the statuses the banner routes answer with', () => {
    const post = doc.paths['/customers/{customerId}/offers/{offerInstanceId}/events']?.post;
    expect(Object.keys((post?.responses ?? {}) as Json)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409', '413', '415', '422', '500', '503']),
    );
    expect(post?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/OfferEventRequest' } } },
    });
    const get = doc.paths['/customers/{customerId}/offers']?.get;
    expect(Object.keys((get?.responses ?? {}) as Json).sort()).toEqual(['200', '400', '403', '500', '503']);
  });

  it('documents the catalog routes: refusal statuses, optional bodies, the kind filter, the findings', () => {
    const version = '/catalog/items/{kind}/{id}/versions/{version}';
    const approve = doc.paths[`${version}/approve`]?.post;
    expect(Object.keys((approve?.responses ?? {}) as Json).sort()).toEqual(
      ['200', '400', '403', '404', '409', '413', '415', '422', '500', '503'].sort(),
    );
    expect((approve?.requestBody as Json | undefined)?.required).toBe(false);
    expect((doc.paths[`${version}/reject`]?.post?.requestBody as Json | undefined)?.required).toBe(true);
    const listParameters = doc.paths['/catalog/items']?.get?.parameters as Json[] | undefined;
    expect(listParameters?.map((p) => p.name)).toEqual(['kind', 'state', 'id', 'limit', 'cursor']);
    expect(listParameters?.[0]).toEqual({
      name: 'kind',
      in: 'query',
      required: false,
      description: 'only items of this kind: one of trigger, offer, region, product',
      schema: expect.objectContaining({ enum: ['trigger', 'offer', 'region', 'product'] }),
    });
    const problem = doc.components.schemas.Problem as { properties: Record<string, Json> };
    expect(problem.properties.problems).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(Object.keys(doc.paths['/catalog/items/{kind}/{id}/versions']?.post?.responses as Json)).toContain(
      '201',
    );
  });

  it('resolves every $ref to a component schema', () => {
    const all = refsIn(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) {
      const name = ref.replace('#/components/schemas/', '');
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });

  it('generates the component schemas from zod: exactly what z.toJSONSchema says, with refs', () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(Object.keys(COMPONENT_SCHEMAS).sort());
    // A schema without nested named schemas is byte for byte z.toJSONSchema's output.
    const { $schema: _, ...customerId } = z.toJSONSchema(COMPONENT_SCHEMAS.CustomerId as z.ZodType, {
      target: 'draft-2020-12',
      io: 'input',
    });
    expect(doc.components.schemas.CustomerId).toEqual(customerId);
    for (const schema of Object.values(doc.components.schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('$id');
    }
  });

  it('follows the zod schemas: fields, limits, strictness, descriptions', () => {
    const request = doc.components.schemas.OfferEventRequest as Json & { properties: Record<string, Json> };
    expect(Object.keys(request.properties)).toEqual(Object.keys(OfferEventRequestSchema.shape));
    expect(request.required).toEqual(['eventId', 'type']);
    expect(request.additionalProperties).toBe(false);
    expect(request.properties.eventId).toMatchObject({ type: 'string', minLength: 1, maxLength: 128 });
    expect(request.properties.type).toEqual({ $ref: '#/components/schemas/OfferEventType' });
    expect(request.properties.at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(request.properties.at?.description).toBe(OfferEventRequestSchema.shape.at.description);
    expect(doc.components.schemas.OfferEventType).toMatchObject({ enum: ['shown', 'clicked', 'dismissed'] });
    // Answers stay open to new optional fields (contracts: additions are not breaking).
    expect(doc.components.schemas.BannerOffer).not.toHaveProperty('additionalProperties');
    const problem = doc.components.schemas.Problem as { properties: Record<string, Json> };
    expect(problem.properties.type?.enum).toEqual(
      Object.values(PROBLEMS).map((p) => `urn:offer-pipeline:problem:${p.slug}`),
    );
  });

  it('gives request schemas the same shape for input and output (no defaults, no transforms)', () => {
    expect(z.toJSONSchema(OfferEventRequestSchema, { io: 'input' })).toEqual(
      z.toJSONSchema(OfferEventRequestSchema, { io: 'output' }),
    );
  });

  it('requires IAM (SigV4) on every operation', () => {
    expect(doc.security).toEqual([{ [SECURITY_SCHEME]: [] }]);
    expect(doc.components.securitySchemes[SECURITY_SCHEME]).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    });
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) expect(operation).not.toHaveProperty('security');
    }
  });

  it("takes further routes and components (another audience's API), refusing duplicates", () => {
    const Extra = z.object({ n: z.number().int() });
    const route = {
      ...API_ROUTES[3],
      path: '/extra',
      operationId: 'extra',
      tag: 'extra',
      success: { description: 'x', schema: Extra },
    } as (typeof API_ROUTES)[number];
    const extended = buildOpenApiDocument({
      routes: [...API_ROUTES, route],
      components: { Extra },
    }) as typeof doc;
    expect(extended.paths['/extra']?.get?.responses).toMatchObject({
      '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Extra' } } } },
    });
    expect(extended.components.schemas.Extra).toMatchObject({ type: 'object', required: ['n'] });
    expect(extended.tags).toContainEqual({ name: 'extra' });
    expect(() => buildOpenApiDocument({ routes: [...API_ROUTES, route, route] })).toThrow(/twice/);
    expect(() => buildOpenApiDocument({ components: { Problem: Extra } })).toThrow(/twice/);
  });

  it('is deterministic; lists the local runtime and a deployment, or the one deployment asked for', () => {
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc));
    expect(doc.servers).toEqual(DEFAULT_SERVERS);
    const urls = DEFAULT_SERVERS.map((server) => String(server.url));
    expect(urls[0]).toBe('http://127.0.0.1:{port}');
    expect(urls[1]).toMatch(/^https:\/\/\{apiId\}\.execute-api\.\{region\}\.amazonaws\.com$/);
    // Every variable a URL names is declared, with a default.
    for (const server of DEFAULT_SERVERS) {
      const named = [...String(server.url).matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const variables = server.variables as Record<string, { default: string }>;
      expect(Object.keys(variables).sort()).toEqual(named.sort());
      for (const variable of Object.values(variables)) expect(variable.default).not.toBe('');
    }
    expect(buildOpenApiDocument({ serverUrl: 'https://api.example' }).servers).toEqual([
      { url: 'https://api.example', description: 'This deployment' },
    ]);
  });

  it('states the licence package.json declares and the LICENSE file holds', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      license?: string;
    };
    expect((doc.info as { license: Json }).license).toEqual(API_LICENSE);
    expect(API_LICENSE.name).toBe(pkg.license);
    expect(readFileSync(resolve(import.meta.dirname, '../../../LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0',
    );
  });

  it('documents the privacy routes with the parameters their handlers validate', () => {
    const suppressed = doc.paths['/privacy/suppressed']?.get;
    const names = (
      (suppressed?.parameters ?? []) as Array<{ name: string; in: string; required: boolean }>
    ).map((p) => `${p.in}:${p.name}:${p.required}`);
    expect(names.sort()).toEqual(
      Object.keys(SuppressedParamsSchema.shape)
        .map((name) => `query:${name}:false`)
        .sort(),
    );
    // The exports come as CSV and JSON Lines besides JSON.
    expect(
      Object.keys(((suppressed?.responses ?? {}) as Record<string, Json>)['200']?.content ?? {}),
    ).toEqual(['application/json', CSV_CONTENT_TYPE, JSONL_CONTENT_TYPE]);
    const erasure = doc.paths['/privacy/customers/{customerId}/erasure']?.post;
    expect((erasure?.requestBody as Json | undefined)?.required).toBe(false);
    expect(erasure?.parameters).toContainEqual(
      expect.objectContaining({ name: 'dryRun', in: 'query', required: false }),
    );
    expect(Object.keys(doc.paths['/privacy/decisions/{decisionId}']?.get?.responses as Json)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '503']),
    );
    expect(doc.paths['/privacy/customers/{customerId}/history']?.get?.tags).toEqual(['privacy']);
  });
});

describe('the functions environments', () => {
  it('read exactly the table variables their definitions give them', () => {
    const envVarsOf = (name: string) => {
      const fn = app.functions.find((f) => f.name === name);
      const tables = Object.keys(fn?.tables ?? {});
      return app.tables
        .filter((t) => tables.includes(t.name))
        .map((t) => t.envVar)
        .sort();
    };
    const tableVars = (schema: z.ZodObject) =>
      Object.keys(schema.shape)
        .filter((k) => k.endsWith('_TABLE'))
        .sort();
    expect(tableVars(functionEnvSchema(bannerOffers))).toEqual(envVarsOf('banner-offers'));
    expect(tableVars(functionEnvSchema(bannerOfferEvents))).toEqual(envVarsOf('banner-offer-events'));
  });
});

describe('GET /openapi.json', () => {
  it('serves the generated document as JSON, building it once', async () => {
    let builds = 0;
    const handler = createOpenApiHandler({
      ...observability(),
      document: () => {
        builds++;
        return buildOpenApiDocument();
      },
    });
    const event = apiEvent({ routeKey: 'GET /openapi.json' });
    const first = answer(await handler(event, context()));
    const second = answer(await handler(event, context()));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(second.body).toEqual(first.body);
    expect(builds).toBe(1);
  });

  it('answers a 500 problem if the document cannot be built', async () => {
    const handler = createOpenApiHandler({
      ...observability(),
      document: () => {
        throw new Error('broken schema');
      },
    });
    const result = answer(await handler(apiEvent(), context()));
    expect(result.status).toBe(500);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(JSON.stringify(result.body)).not.toContain('broken schema');
  });
});
