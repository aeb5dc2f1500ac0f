import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  API_VERSION,
  buildOpenApiDocument,
  COMPONENT_SCHEMAS,
  DOCUMENTED_ROUTES,
  SECURITY_SCHEME,
} from '#api/openapi.js';
import { PROBLEMS } from '#api/problem.js';
import { audiencesOf } from '#api/route-table.js';
import { API_ROUTES } from '#api/routes.js';
import { OfferEventRequestSchema, OpenApiDocumentSchema } from '#api/schemas.js';
import { functionEnvSchema } from '#config/function-env.js';
import { createOpenApiHandler } from '#functions/banner-api/create-openapi-handler.js';
import { bannerOfferEvents, bannerOffers } from '#infra/definitions/functions.js';
import { app, type HttpAudience, type HttpRoute } from '#infra/definitions.js';
import { answer, apiEvent, context, observability } from '#test/support/http-api.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const doc = buildOpenApiDocument() as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

/** Every `$ref` anywhere in the value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

/** The routes this document covers: the banner service's, the operators' and the catalog's (issue 12). */
const DOCUMENTED_AUDIENCES: readonly HttpAudience[] = ['banner-service', 'operator'];
const httpRoutes = app.functions.flatMap((fn) =>
  fn.events
    .filter(
      (e): e is HttpRoute =>
        e.kind === 'http' &&
        (fn.name === 'catalog-api' || audiencesOf(e).some((a) => DOCUMENTED_AUDIENCES.includes(a))),
    )
    .map((route) => ({ fn: fn.name, route })),
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

  it('has every HTTP route of the banner service, the operators and the catalog in the stack definitions, and no other', () => {
    expect(httpRoutes.length).toBeGreaterThanOrEqual(15);
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

  it('gives every operation a unique operationId, a 200 (201 for a draft) answer and problem+json errors', () => {
    const ids = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        const id = String(operation.operationId);
        expect(ids.has(id)).toBe(false);
        ids.add(id);
        const responses = operation.responses as Record<string, Json>;
        expect(responses[id === 'draftCatalogVersion' ? '201' : '200'], id).toBeDefined();
        for (const [status, response] of Object.entries(responses)) {
          expect(typeof response.description).toBe('string');
          if (Number(status) >= 400) {
            expect(response.content).toEqual({
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            });
          }
        }
      }
    }
  });

  it('documents the statuses the banner routes answer with', () => {
    const post = doc.paths['/customers/{customerId}/offers/{offerInstanceId}/events']?.post;
    expect(Object.keys((post?.responses ?? {}) as Json).sort()).toEqual(
      ['200', '400', '404', '409', '413', '415', '422', '500', '503'].sort(),
    );
    expect(post?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/OfferEventRequest' } } },
    });
    const get = doc.paths['/customers/{customerId}/offers']?.get;
    expect(Object.keys((get?.responses ?? {}) as Json).sort()).toEqual(['200', '400', '500', '503']);
  });

  it('documents the catalog routes: refusal statuses, optional bodies, the kind filter, the findings', () => {
    const version = '/catalog/items/{kind}/{id}/versions/{version}';
    const approve = doc.paths[`${version}/approve`]?.post;
    expect(Object.keys((approve?.responses ?? {}) as Json).sort()).toEqual(
      ['200', '400', '403', '404', '409', '413', '415', '422', '500', '503'].sort(),
    );
    expect((approve?.requestBody as Json | undefined)?.required).toBe(false);
    expect((doc.paths[`${version}/reject`]?.post?.requestBody as Json | undefined)?.required).toBe(true);
    expect(doc.paths['/catalog/items']?.get?.parameters).toEqual([
      {
        name: 'kind',
        in: 'query',
        required: false,
        description: 'only items of this kind: one of trigger, offer, region, product',
        schema: expect.objectContaining({ enum: ['trigger', 'offer', 'region', 'product'] }),
      },
    ]);
    const problem = doc.components.schemas.Problem as { properties: Record<string, Json> };
    expect(problem.properties.problems).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(Object.keys(doc.paths['/catalog/items/{kind}/{id}/versions']?.post?.responses as Json)).toContain(
      '201',
    );
  });

  it('resolves every $ref to a component schema', () => {
    const all = refs(doc);
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

  it('is deterministic and lists a server only when asked', () => {
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc));
    expect(doc).not.toHaveProperty('servers');
    expect(buildOpenApiDocument({ serverUrl: 'https://api.example' }).servers).toEqual([
      { url: 'https://api.example' },
    ]);
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
