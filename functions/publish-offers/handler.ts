import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { nonEmpty, readEnv } from '#config/env.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { createHandler } from './create-handler.js';

const env = readEnv(z.object({ OFFER_SUGGESTIONS_QUEUE_URL: nonEmpty('the offer-suggestions queue URL') }));

export const handler = createHandler({
  ...observability('publish-offers'),
  sqs: new SQSClient({}),
  queueUrl: env.OFFER_SUGGESTIONS_QUEUE_URL,
});
