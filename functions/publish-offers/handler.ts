import { SQSClient } from '@aws-sdk/client-sqs';
import { readFunctionEnv } from '#config/function-env.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { publishOffers } from '#infra/definitions/functions.js';
import { createHandler } from './create-handler.js';

const { queues } = readFunctionEnv(publishOffers);

export const handler = createHandler({
  ...observability(publishOffers.name),
  sqs: new SQSClient({}),
  queueUrl: queues['offer-suggestions'],
});
