import { ErasureTablesEnv, erasureTablesFrom } from '#adapters/dynamodb/erasure-store.js';
import { readEnv } from '#config/env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createErasureHandler } from './create-erasure-handler.js';
import { privacyErasureDeps } from './privacy-services.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const env = readEnv(ErasureTablesEnv);

export const handler = createErasureHandler({
  ...observability('privacy-erasure'),
  erasure: privacyErasureDeps(documentClient(), erasureTablesFrom(env)),
  now: () => new Date(),
});
