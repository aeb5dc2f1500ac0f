import {
  createDynamoErasureDeps,
  ErasureTablesEnv,
  erasureTablesFrom,
} from '../../shared/adapters/dynamodb/erasure-store.js';
import { readEnv } from '../../shared/config/env.js';
import { documentClient } from '../shared/aws-clients.js';
import { observability } from '../shared/powertools.js';
import { createErasureHandler } from './create-erasure-handler.js';

// Cold start: the environment is read and validated once; a bad variable stops the function here.
const env = readEnv(ErasureTablesEnv);

export const handler = createErasureHandler({
  ...observability('privacy-erasure'),
  erasure: createDynamoErasureDeps(documentClient(), erasureTablesFrom(env)),
  now: () => new Date(),
});
