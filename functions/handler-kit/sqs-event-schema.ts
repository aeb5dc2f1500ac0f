import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';

const LooseSqsEventSchema = z.looseObject({
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

/**
 * The part of Lambda's SQS event the handlers rely on, checked by the Powertools parser middleware.
 * Our own schema rather than the parser's SqsSchema: that one imports zod's full namespace, which alone
 * would put ~450 KB into every bundle (see bench (c)). Loose objects keep every field Lambda sends, so the
 * parsed value is the whole SQSEvent; the type says so.
 */
export const SqsEventSchema = LooseSqsEventSchema as unknown as z.ZodType<SQSEvent>;
