import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#api/openapi.js';
import { redoclyLint } from '#test/support/redocly.js';

/**
 * The OpenAPI document passes an external linter's recommended rules (@redocly/cli lint) with no error and
 * no warning: servers, licence, a 4xx answer on every operation, summaries, security, unused components...
 */
describe('the OpenAPI document under @redocly/cli lint (recommended rules)', () => {
  it('has no error and no warning', async () => {
    const result = await redoclyLint(buildOpenApiDocument(), 'openapi.json');
    expect(result.problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('reports what the recommended rules forbid (the linter really runs)', async () => {
    const {
      servers: _servers,
      info,
      ...rest
    } = buildOpenApiDocument() as {
      servers: unknown;
      info: Record<string, unknown>;
    };
    const { license: _license, ...unlicensed } = info;
    const result = await redoclyLint({ ...rest, info: unlicensed }, 'openapi.json');
    expect(result.problems.map((p) => p.ruleId)).toEqual(
      expect.arrayContaining(['no-empty-servers', 'info-license']),
    );
    expect(result.totals.errors).toBeGreaterThan(0);
  }, 60_000);
});
