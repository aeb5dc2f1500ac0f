import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '#core/policy.js';
import { createHandler } from '#functions/evaluate-payments/create-handler.js';
import { catalogSource, NOW, pharmacyPayment } from '#test/support/builders.js';
import { inMemoryPorts } from '#test/support/in-memory-ports.js';
import { captureOutput, lambdaContext, sqsEvent, withEnv } from '#test/support/lambda.js';
import { PHARMACY } from '#test/support/payments.js';

/**
 * Regression (fixed; functions/evaluate-payments/create-handler.ts, `.use(injectLambdaContext(deps.logger))`): the logger
 * middleware is left to Powertools' default for logging the incoming event, which the standard environment
 * variable POWERTOOLS_LOGGER_LOG_EVENT=true switches on. Anyone setting it (a common step when debugging a
 * Lambda) makes the function log every SQS event whole — merchant, MCC, city, amount and customer id of
 * sensitive payments included — against domain.md point 2 ("no trace … not in logs"). Passing
 * `{ logEvent: false }` to injectLambdaContext pins it off whatever the environment says.
 */
describe('evaluate-payments handler: POWERTOOLS_LOGGER_LOG_EVENT', () => {
  it('still writes nothing about a sensitive payment when the event-logging variable is set', async () => {
    await withEnv(
      {
        POWERTOOLS_DEV: undefined,
        POWERTOOLS_METRICS_DISABLED: undefined,
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        POWERTOOLS_LOGGER_LOG_EVENT: 'true',
      },
      async () => {
        const ports = inMemoryPorts();
        const handler = createHandler({
          reader: ports.reader,
          writer: ports.writer,
          catalog: catalogSource(),
          policy: DEFAULT_POLICY,
          now: () => NOW,
          logger: new Logger({ serviceName: 'test' }),
          metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
        });
        const event = sqsEvent({
          messageId: 'm-sensitive',
          body: JSON.stringify(pharmacyPayment('evt-sensitive', 'c-priv-sensitive')),
        });
        const { result, output } = await captureOutput(() => handler(event, lambdaContext()));

        expect(result).toEqual({ batchItemFailures: [] });
        expect(output).toContain('reason_sensitive_category');
        expect(output.toLowerCase()).not.toContain('pharmac');
        expect(output).not.toContain(PHARMACY.city);
        expect(output).not.toContain('c-priv-sensitive');
      },
    );
  });
});
