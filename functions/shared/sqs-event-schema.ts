import * as z from 'zod';

/**
 * The part of Lambda's SQS event the handler relies on, checked by the Powertools parser middleware.
 * Our own schema rather than the parser's SqsSchema: that one imports zod's full namespace, which alone
 * would put ~450 KB into every bundle (see bench (c)).
 */
export const SqsEventSchema = z.object({
  Records: z.array(
    z.looseObject({
      messageId: z.string().min(1),
      receiptHandle: z.string(),
      body: z.string(),
      attributes: z.looseObject({ ApproximateReceiveCount: z.string() }),
      eventSource: z.literal('aws:sqs'),
      eventSourceARN: z.string(),
    }),
  ),
});
