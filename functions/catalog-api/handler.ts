import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { ConfigurationError } from '#shared/errors.js';

/**
 * Placeholder entry of the catalog-api function: the lead wires createCatalogApiHandler
 * (./create-handler.ts) to the CatalogGovernanceService and the DynamoDB catalog store at merge.
 */
export const handler = async (): Promise<APIGatewayProxyResultV2> => {
  throw new ConfigurationError('wired by the lead');
};
