/**
 * Start: read /config.json (served locally by infra/local/console-server.ts, in AWS deployed beside the
 * assets), establish who uses the console (./auth), render the shell.
 */
import { render } from 'preact';
import { App } from './app.js';
import { signIn } from './auth/cognito.js';
import { type ConsoleConfig, type Identity, localIdentity } from './auth/session.js';

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (root === null) return;
  const response = await fetch('./config.json');
  const config = (await response.json()) as ConsoleConfig;
  const identity: Identity | undefined =
    config.mode === 'local' ? localIdentity('sam', 'product-team') : await signIn(config);
  if (identity === undefined) {
    root.textContent =
      'Signing in failed, or your account is in neither the product-team nor the privacy-officer group.';
    return;
  }
  render(<App config={config} identity={identity} />, root);
}

start().catch((error: unknown) => {
  const root = document.getElementById('app');
  if (root !== null) root.textContent = `The console could not start: ${String(error)}`;
});
