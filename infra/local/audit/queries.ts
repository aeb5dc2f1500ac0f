import { DynamoAccessLog } from '#adapters/dynamodb/access-log-store.js';
import { DynamoPrivacyReader } from '#adapters/dynamodb/audit-reader.js';
import { defaultCatalogDir, loadCatalogFromDir } from '#adapters/fs/catalog-folder.js';
import { PrivacyQueries } from '#privacy/queries.js';
import { TABLES, type Target } from './target.js';

function catalogTriggerIds(): string[] {
  return loadCatalogFromDir(process.env.CATALOG_DIR ?? defaultCatalogDir()).triggers.map((t) => t.id);
}

/** The privacy officers' queries on a target, recorded in its access log. */
export function queriesOn(target: Target): PrivacyQueries {
  return new PrivacyQueries({
    reader: new DynamoPrivacyReader(target.documents, TABLES),
    accessLog: new DynamoAccessLog(target.documents, TABLES.accessLog),
    triggerIds: catalogTriggerIds(),
    now: () => new Date(),
  });
}
