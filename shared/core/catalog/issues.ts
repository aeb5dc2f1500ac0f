import { duplicateKeys, type JsonDocument } from '#core/json-source.js';
import { type CatalogIssue, type CatalogProblem, placeIssue } from './problems.js';

/** The issues of one validation run, per file, until they are placed in their files' text. */
export class CatalogIssues {
  private readonly byFile = new Map<string, CatalogIssue[]>();

  /** The list for one file, to append to (./condition-check.ts appends to it directly). */
  for(file: string): CatalogIssue[] {
    let list = this.byFile.get(file);
    if (list === undefined) {
      list = [];
      this.byFile.set(file, list);
    }
    return list;
  }

  add(file: string, issues: CatalogIssue | readonly CatalogIssue[]): void {
    const list = this.for(file);
    if (Array.isArray(issues)) list.push(...(issues as readonly CatalogIssue[]));
    else list.push(issues as CatalogIssue);
  }

  get count(): number {
    let count = 0;
    for (const list of this.byFile.values()) count += list.length;
    return count;
  }

  /** Every issue as a problem, at its line and column in the file's document when there is one. */
  place(documents: ReadonlyMap<string, JsonDocument>): CatalogProblem[] {
    return [...this.byFile].flatMap(([file, list]) =>
      list.map((issue) => placeIssue(file, issue, documents.get(file))),
    );
  }
}

/** A key written twice in one object: JSON.parse would silently keep only the last value. */
export function duplicateKeyIssues(document: JsonDocument): CatalogIssue[] {
  return duplicateKeys(document.root).map(({ path }) => ({
    path,
    onKey: true,
    expected: 'each field once per object (JSON keeps only the last value)',
    found: `${JSON.stringify(String(path[path.length - 1]))} a second time`,
  }));
}
