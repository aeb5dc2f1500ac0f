/**
 * `npm run lint` runs Biome, then this: the checks Biome cannot make without the TypeScript type checker
 * (floating-promises.ts). Exits 1 and lists each finding as file:line:column.
 */
import { relative, resolve } from 'node:path';
import { floatingPromises, programOf } from './floating-promises.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const findings = floatingPromises(programOf(resolve(repoRoot, 'tsconfig.json')));
for (const f of findings) {
  console.error(`${relative(repoRoot, f.file)}:${f.line}:${f.column} floating promise: ${f.text}`);
}
if (findings.length > 0) {
  console.error(
    `${findings.length} floating promise(s): await it, return it, or mark it \`void\` on purpose.`,
  );
  process.exitCode = 1;
}
