import * as z from 'zod';
import { DynamoCustomerStateReader } from '#adapters/dynamodb/customer-state-reader.js';
import { DynamoDecisionWriter } from '#adapters/dynamodb/decision-writer.js';
import { TableNamesEnv, tableNamesFrom } from '#adapters/dynamodb/tables.js';
import { ClockGuardEnv, clockGuardFrom, readEnv } from '#config/env.js';
import { catalogFrom, PolicyEnv, policyFrom } from '#config/pipeline-config.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createHandler } from './create-handler.js';

// Cold start: configuration is read and validated once; a bad catalog or env stops the function here.
const env = readEnv(
  TableNamesEnv.extend(PolicyEnv.shape)
    .extend(ClockGuardEnv.shape)
    .extend({
      // Replays on the local runtime only: decide a past event on its own clock when the message asks.
      EVENT_CLOCK: z
        .enum(['off', 'allowed'], { error: 'expected "off" (the default) or "allowed" (local replays)' })
        .default('off'),
    }),
);
const tables = tableNamesFrom(env);
const client = documentClient();

export const handler = createHandler({
  ...observability('evaluate-payments'),
  reader: new DynamoCustomerStateReader(client, tables),
  writer: new DynamoDecisionWriter(client, tables),
  catalog: catalogFrom(env),
  policy: policyFrom(env),
  now: () => new Date(),
  clockGuard: clockGuardFrom(env),
  allowEventClock: env.EVENT_CLOCK === 'allowed',
});
