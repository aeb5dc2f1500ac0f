/**
 * The CDK app: the pipeline stack plus cdk-nag's AwsSolutions rule pack, registered through the CDK
 * policy-validation API (cdk-nag v3). Shared by infra/app.ts (the `cdk` CLI entry point) and the tests, so
 * both check exactly the same app.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OfferPipelineStack, type OfferPipelineStackProps } from '../stack.js';

export const STACK_NAME = 'OfferPipeline';

export interface CreateAppOptions {
  readonly appProps?: AppProps;
  readonly stackProps?: OfferPipelineStackProps;
}

export interface PipelineApp {
  readonly app: App;
  readonly stack: OfferPipelineStack;
}

export function createApp(options: CreateAppOptions = {}): PipelineApp {
  const app = new App(options.appProps);
  // Findings land in the cloud assembly's validation report. Unacknowledged errors fail synthesis (the CLI
  // prints the report and exits 1); acknowledgements are also written to each resource's Metadata
  // (`cdk_nag.rules_to_suppress`) so the reasons travel with the template.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  const stack = new OfferPipelineStack(app, STACK_NAME, options.stackProps);
  return { app, stack };
}
