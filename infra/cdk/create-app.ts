/**
 * The CDK app: the pipeline stack plus cdk-nag's AwsSolutions rule pack, registered through the CDK
 * policy-validation API (cdk-nag v3). Shared by infra/app.ts (the `cdk` CLI entry point) and the tests, so
 * both check exactly the same app.
 *
 * The environment comes from the context key `env` (`npx cdk deploy -c env=prod`), `dev` when absent; its
 * settings file is infra/environments/<env>.json. The stack is named `OfferPipeline-<env>`, so a deploy
 * with the wrong (or a forgotten) `-c env` creates a separate stack instead of reconfiguring another
 * environment's.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OfferPipelineStack, type OfferPipelineStackProps } from '#infra/stack.js';
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_CONTEXT_KEY } from './environments.js';

/** Construct id of the stack (construct paths start with it); the stack name adds the environment. */
export const STACK_NAME = 'OfferPipeline';

export const stackNameFor = (environment: string): string => `${STACK_NAME}-${environment}`;

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
  const fromContext: unknown = app.node.tryGetContext(ENVIRONMENT_CONTEXT_KEY);
  const environmentName =
    options.stackProps?.environmentName ??
    (fromContext === undefined ? DEFAULT_ENVIRONMENT : String(fromContext));
  const stack = new OfferPipelineStack(app, STACK_NAME, {
    stackName: stackNameFor(environmentName),
    ...options.stackProps,
    environmentName,
  });
  return { app, stack };
}
