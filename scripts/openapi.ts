/**
 * `npm run openapi [-- --out <file>] [--server <url>] [--check]`: writes the OpenAPI 3.1 document of the
 * HTTP API, generated from the zod schemas (shared/api/openapi.ts), to openapi.json at the repository root
 * or to --out. --check writes nothing and fails when the file's document differs from what would be generated
 * (compared as JSON, so a reformatted file, e.g. by Biome, still counts as up to date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildOpenApiDocument } from '#api/openapi.js';

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
  if (values.check) {
    let current: string | undefined;
    try {
      current = JSON.stringify(JSON.parse(readFileSync(out, 'utf8')));
    } catch {
      current = undefined;
    }
    if (current === JSON.stringify(document)) {
      console.log(`${out} is up to date`);
      return 0;
    }
    console.error(`${out} is out of date: run npm run openapi`);
    return 1;
  }
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`OpenAPI document written to ${out}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
