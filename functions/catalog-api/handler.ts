import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { callerRoleNamesFrom } from '#api/catalog-caller.js';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import { readFunctionEnv } from '#config/function-env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { catalogApi } from '#infra/definitions/functions.js';
import { createCatalogApiHandler } from './create-handler.js';

// Cold start: the environment is read and validated once. Every rule of the lifecycle is enforced by the
// service (shared/app/catalog-governance.ts); the caller's identity and role come from IAM (the caller
// role names the stack passes), or on the local gateway from its identity headers.
const { tables } = readFunctionEnv(catalogApi);

export const handler = createCatalogApiHandler({
  ...observability(catalogApi.name),
  governance: new CatalogGovernanceService({
    repository: new DynamoCatalogStore(documentClient(), tables.catalog),
    now: () => new Date(),
  }),
  roleNames: callerRoleNamesFrom(process.env),
});
