/**
 * `npm run asyncapi [-- --out <file>] [--check]`: writes the AsyncAPI 3.0 document of the queues, generated
 * from the zod schemas and the stack definitions' queues (shared/api/asyncapi.ts), to asyncapi.json at the
 * repository root or to --out. --check writes nothing and fails when the file's document differs from what
 * would be generated (compared as JSON).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAsyncApiDocument } from '#api/asyncapi.js';
import { app } from '#infra/definitions.js';
import { writeOrCheck } from './api-document.js';

const repoRoot = resolve(import.meta.dirname, '..');

function main(): number {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, check: { type: 'boolean', default: false } },
    strict: true,
  });
  const out = values.out === undefined ? resolve(repoRoot, 'asyncapi.json') : resolve(values.out);
  return writeOrCheck(buildAsyncApiDocument(app.queues), out, values.check, 'npm run asyncapi');
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
