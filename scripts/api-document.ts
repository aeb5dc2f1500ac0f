import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes a generated API document to `out`, or with `check` writes nothing and tells whether the file holds
 * exactly that document (compared as JSON, so a reformatted file, e.g. by Biome, still counts as up to
 * date). Returns the exit status: 0 written or up to date, 1 out of date (or missing).
 */
export function writeOrCheck(document: unknown, out: string, check: boolean, command: string): number {
  if (check) {
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
    console.error(`${out} is out of date: run ${command}`);
    return 1;
  }
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Written to ${out}`);
  return 0;
}
