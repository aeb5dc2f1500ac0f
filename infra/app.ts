/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Environment-agnostic: no account or region, no
 * context lookups, so `npm run synth` works offline. cdk-nag AwsSolutions checks run on every synth.
 */
import { createApp } from './cdk/create-app.js';

const { app } = createApp();
app.synth();
