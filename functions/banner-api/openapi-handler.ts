import { buildOpenApiDocument } from '#api/openapi.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { openapi } from '#infra/definitions/functions.js';
import { createOpenApiHandler } from './create-openapi-handler.js';

export const handler = createOpenApiHandler({
  ...observability(openapi.name),
  document: () => buildOpenApiDocument(),
});
