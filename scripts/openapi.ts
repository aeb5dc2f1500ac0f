/**
 * `npm run openapi [-- --out <file>] [--server <url>] [--check]`: writes the OpenAPI 3.1 document of the
 * HTTP API, generated from the zod schemas (shared/api/openapi.ts), to openapi.json at the repository root
 * or to --out. --check writes nothing and fails when the file's document differs from what would be generated
 * (compared as JSON, so a reformatted file, e.g. by Biome, still counts as up to date).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildOpenApiDocument } from '#api/openapi.js';
import { writeOrCheck } from './api-document.js';

const repoRoot = resolve(import.meta.dirname, '..');

function main(): number {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      server: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const out = values.out === undefined ? resolve(repoRoot, 'openapi.json') : resolve(values.out);
  const document = buildOpenApiDocument(values.server === undefined ? {} : { serverUrl: values.server });
  return writeOrCheck(document, out, values.check, 'npm run openapi');
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
