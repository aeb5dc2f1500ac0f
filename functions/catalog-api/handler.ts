import { DynamoCatalogStore } from '#adapters/dynamodb/catalog-store.js';
import { callerRoleNamesFrom } from '#api/catalog-caller.js';
import { CatalogGovernanceService } from '#app/catalog-governance.js';
import { simulateCandidate } from '#app/catalog-simulation.js';
import { clockGuardFrom } from '#config/clock-guard.js';
import { readFunctionEnv } from '#config/function-env.js';
import { policyFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { catalogApi } from '#infra/definitions/functions.js';
import { createCatalogApiHandler } from './create-handler.js';

// Cold start: the environment is read and validated once. Every rule of the lifecycle is enforced by the
// service (shared/app/catalog-governance.ts); the caller's identity and role come from IAM (the caller
// role names the stack passes), or on the local gateway from its identity headers.
const { tables, settings } = readFunctionEnv(catalogApi);
const repository = new DynamoCatalogStore(documentClient(), tables.catalog);
const now = () => new Date();
// Simulations decide with the policy and clock guard evaluate-payments has: the same settings.
const simulation = { repository, now, policy: policyFrom(settings), clockGuard: clockGuardFrom(settings) };

export const handler = createCatalogApiHandler({
  ...observability(catalogApi.name),
  governance: new CatalogGovernanceService({ repository, now }),
  simulate: (request) => simulateCandidate(simulation, request),
  roleNames: callerRoleNamesFrom(process.env),
});
