import { contentHash } from '#core/governance/content-hash.js';
import type { Caller, ItemKind, ItemVersion, JsonObject, Refusal } from '#core/governance/model.js';
import { openVersion } from '#core/governance/rules.js';
import { workingVersions } from '#core/governance/working-catalog.js';
import type { CatalogGovernance } from './catalog-ports.js';

/**
 * A catalog folder as values, for teams that keep files (issue 12): `import` turns the files into DRAFTS
 * that still need review and approval; `export` gives the live catalog back as files. Reading and writing
 * the folder itself is the caller's (shared/config, infra/local); these functions work on values.
 */

/** The folder's files, parsed as JSON: catalog.json, offers.json, regions.json, products.json, triggers/*.json. */
export interface CatalogFolderContent {
  readonly catalog?: unknown;
  readonly offers?: unknown;
  readonly regions?: unknown;
  readonly products?: unknown;
  readonly triggers: ReadonlyArray<{ readonly file: string; readonly content: unknown }>;
}

export type ImportOutcome = 'drafted' | 'edited' | 'unchanged' | 'refused';

export interface ImportedItem {
  readonly kind: ItemKind;
  readonly id: string;
  /** Where it came from: `offers.json`, `triggers/x.json`. */
  readonly source: string;
  readonly outcome: ImportOutcome;
  /** The draft created or edited, or the version whose content is already the same. */
  readonly version?: number;
  readonly notes: readonly string[];
  readonly refusal?: Refusal;
}

export interface ImportResult {
  readonly items: readonly ImportedItem[];
}

const APPROVALS_NOTE = 'approvals are recorded by the lifecycle';
/** Fields a file may carry that the lifecycle owns: dropped on import, each with a note. */
const LIFECYCLE_FIELDS: Readonly<Record<string, string>> = {
  version: 'version dropped: the lifecycle numbers versions',
  approvedBy: `approvedBy dropped: ${APPROVALS_NOTE}`,
  approvedAt: `approvedAt dropped: ${APPROVALS_NOTE}`,
};

export interface FileItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly source: string;
  /** Absent when the file's entry is not an object (`notes` say what was expected). */
  readonly content?: JsonObject;
  /** A trigger file's own `version` (a whole number from 1), dropped from the content. */
  readonly fileVersion?: number;
  readonly notes: readonly string[];
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function triggerItem(file: string, content: unknown): FileItem {
  const fromName = /([^/\\]+)\.json$/.exec(file)?.[1] ?? file;
  if (!isObject(content))
    return { kind: 'trigger', id: fromName, source: file, notes: ['expected a JSON object'] };
  const id = typeof content.id === 'string' ? content.id : fromName;
  const kept: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(content)) {
    // Own keys only: a field named "toString" is content, not a lifecycle field.
    const note = Object.hasOwn(LIFECYCLE_FIELDS, key) ? LIFECYCLE_FIELDS[key] : undefined;
    if (note === undefined) kept[key] = value;
    else notes.push(note);
  }
  const version = content.version;
  const fileVersion =
    typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined;
  return { kind: 'trigger', id, source: file, content: kept, ...(fileVersion ? { fileVersion } : {}), notes };
}

/** `{"<key>": {"<id>": {...}}}` (regions.json, products.json) into items. */
function namedItems(kind: ItemKind, source: string, file: unknown, key: string): FileItem[] {
  if (file === undefined) return [];
  const entries = isObject(file) ? file[key] : undefined;
  if (!isObject(entries)) {
    return [{ kind, id: `(${source})`, source, notes: [`expected an object {"${key}": {...}}`] }];
  }
  return Object.entries(entries).map(([id, content]) =>
    isObject(content)
      ? { kind, id, source, content, notes: [] }
      : { kind, id, source, notes: ['expected a JSON object'] },
  );
}

function offerItems(file: unknown): FileItem[] {
  if (file === undefined) return [];
  const offers = isObject(file) ? file.offers : undefined;
  if (!Array.isArray(offers)) {
    return [
      {
        kind: 'offer',
        id: '(offers.json)',
        source: 'offers.json',
        notes: ['expected an object {"offers": [...]}'],
      },
    ];
  }
  return offers.map((offer: unknown, index) => {
    const source = `offers.json offers[${index}]`;
    return isObject(offer) && typeof offer.offerId === 'string'
      ? { kind: 'offer' as const, id: offer.offerId, source, content: offer, notes: [] }
      : {
          kind: 'offer' as const,
          id: `(offers[${index}])`,
          source,
          notes: ['expected an offer object with an offerId'],
        };
  });
}

/** Every item the folder holds, in a stable order: regions, products, offers, triggers (what refers to what). */
export function folderItems(files: CatalogFolderContent): FileItem[] {
  return [
    ...namedItems('region', 'regions.json', files.regions, 'regions'),
    ...namedItems('product', 'products.json', files.products, 'products'),
    ...offerItems(files.offers),
    ...files.triggers.map((t) => triggerItem(t.file, t.content)),
  ];
}

async function importItem(
  item: FileItem,
  caller: Caller,
  governance: CatalogGovernance,
): Promise<ImportedItem> {
  const base = { kind: item.kind, id: item.id, source: item.source };
  if (item.content === undefined) {
    return {
      ...base,
      outcome: 'refused',
      notes: item.notes,
      refusal: { kind: 'invalid', rule: item.notes.join('; ') },
    };
  }
  const history = await governance.show(item.kind, item.id);
  const versions: readonly ItemVersion[] = history?.versions ?? [];
  const current = workingVersions(versions)[0];
  if (current !== undefined && current.contentHash === contentHash(item.content)) {
    return { ...base, outcome: 'unchanged', version: current.version, notes: item.notes };
  }
  const open = openVersion(versions);
  const command =
    open === undefined
      ? ({
          action: 'draft',
          content: item.content,
          origin: 'file-import',
          comment: `imported from ${item.source}`,
        } as const)
      : ({
          action: 'edit',
          version: open.version,
          content: item.content,
          comment: `imported from ${item.source}`,
        } as const);
  const result = await governance.execute(item.kind, item.id, command, caller);
  if (!result.ok) return { ...base, outcome: 'refused', notes: item.notes, refusal: result.refusal };
  const version = command.action === 'edit' ? command.version : result.history.versions.at(-1)?.version;
  return {
    ...base,
    outcome: command.action === 'edit' ? 'edited' : 'drafted',
    ...(version === undefined ? {} : { version }),
    notes: item.notes,
  };
}

/**
 * Files into drafts by `caller` (never approved): per item a `draft`, or an `edit` of its open draft; an
 * item whose current version already has the file's content is left alone. One item's refusal does not
 * stop the others; the result says per item what happened.
 */
export async function importFolder(
  files: CatalogFolderContent,
  caller: Caller,
  governance: CatalogGovernance,
): Promise<ImportResult> {
  const items: ImportedItem[] = [];
  for (const item of folderItems(files)) items.push(await importItem(item, caller, governance));
  return { items };
}

/** The live catalog as a folder's content; triggers as `triggers/<id>.json` with their `version`. */
export async function exportLive(
  governance: CatalogGovernance,
): Promise<CatalogFolderContent & { readonly catalog: JsonObject }> {
  const { revision, versions } = await governance.live();
  const of = (kind: ItemKind) => versions.filter((v) => v.kind === kind);
  return {
    catalog: {
      version: revision,
      description:
        'The live governed catalog, exported. Importing these files creates drafts that need approval.',
    },
    offers: { offers: of('offer').map((v) => v.content) },
    regions: { regions: Object.fromEntries(of('region').map((v) => [v.id, v.content])) },
    products: { products: Object.fromEntries(of('product').map((v) => [v.id, v.content])) },
    triggers: of('trigger').map((v) => ({
      file: `triggers/${v.id}.json`,
      content: { id: v.id, version: v.version, ...v.content },
    })),
  };
}
