import { ensureConsoleBuilt } from '#local/console-build.js';

/**
 * Builds console/dist once before the e2e files run, so their `npm start`s (two at a time) find it built
 * and do not both build into the same folder at once.
 */
export default async function setup(): Promise<void> {
  await ensureConsoleBuilt((line) => console.log(line));
}
