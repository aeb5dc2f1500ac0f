/**
 * The pure decision core, in one import. Nothing here performs I/O except
 * ./catalog/load-from-dir.ts, which is deliberately not re-exported (import it directly where a file
 * system exists: the Lambdas read the catalog folder copied into their bundle, CATALOG_DIR). seedCatalog()
 * is the shipped seed catalog embedded, for tests and benchmarks.
 */

export * from './catalog/catalog.js';
export type { Condition, Matcher } from './catalog/condition.js';
export { FIELD_PATHS, type FieldPath } from './catalog/fields.js';
export { CATALOG_FILE, OFFERS_FILE, parseCatalog, REGIONS_FILE } from './catalog/parse.js';
export { SEED_CATALOG_INPUT, seedCatalog } from './catalog/seed.js';
export * from './clock-guard.js';
export * from './customer.js';
export {
  CustomerMismatchError,
  type DecideInput,
  type DecideResult,
  decide,
  isStale,
  occurredAtProblem,
  type ScreenResult,
  screen,
} from './decide.js';
export * from './decision.js';
export * from './payment-event.js';
export * from './policy.js';
export * from './sensitive.js';
