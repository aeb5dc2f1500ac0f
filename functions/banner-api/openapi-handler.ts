import { buildOpenApiDocument } from '../../shared/api/openapi.js';
import { observability } from '../shared/powertools.js';
import { createOpenApiHandler } from './create-openapi-handler.js';

export const handler = createOpenApiHandler({
  ...observability('openapi'),
  document: () => buildOpenApiDocument(),
});
