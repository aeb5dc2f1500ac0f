/**
 * How a Lambda is bundled, shared by the CDK stack and `npm run bench` so that the bench measures the
 * very bundle that is deployed. No aws-cdk-lib import here.
 */

/** Lambda's runtime for every function; the bundle targets it. */
export const NODE_TARGET = 'node22';

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (node built-ins); esbuild's ESM output
 * has no `require`, so the bundle gets one from createRequire. The import is aliased so it cannot collide
 * with a `createRequire` import of the bundled code.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as __offerPipelineCreateRequire } from 'node:module'; " +
  'const require = __offerPipelineCreateRequire(import.meta.url);';

/**
 * The AWS SDK v3 is taken from the nodejs22.x runtime rather than bundled: it is three quarters of a
 * bundle (about 730 KB instead of under 200 KB for evaluate-payments) and the runtime's copy is already
 * on disk and patched by AWS. The price: the deployed SDK version follows the runtime, not
 * package-lock.json; the code uses only long-stable SDK v3 APIs.
 *
 * DuckDB (`@duckdb/node-api`, a native engine of tens of MB) is the archive's engine on a laptop only: the
 * privacy functions import it dynamically when AUDIT_ENGINE is `duckdb`, which the stack never sets (it sets
 * `athena`). It stays out of every bundle; a Lambda configured with `duckdb` by hand would fail its first
 * archive query with the import error (the privacy API answers 503), never start with a wrong engine.
 */
export const EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*', '@duckdb/*'];

/**
 * Which package.json field esbuild resolves a dependency through: the ES module build first. Some packages
 * (jsonc-parser) have a UMD `main` whose relative `require`s esbuild cannot follow, so the bundle would fail
 * at import with "Cannot find module './impl/format'".
 */
export const MAIN_FIELDS: readonly string[] = ['module', 'main'];
