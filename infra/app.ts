/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Environment-agnostic: no account or region, no
 * context lookups, so `npm run synth` works offline. cdk-nag AwsSolutions checks run on every synth.
 * `-c env=<name>` selects infra/environments/<name>.json (default dev).
 */
import { createApp } from './cdk/create-app.js';
import { SettingsError } from './cdk/settings.js';
import { DefinitionError } from './cdk/validate-definitions.js';

try {
  const { app } = createApp();
  app.synth();
} catch (error) {
  // A configuration mistake: the message names the setting and what was expected; a stack trace adds nothing.
  if (error instanceof SettingsError || error instanceof DefinitionError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
