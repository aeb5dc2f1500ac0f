import type { Role } from '#core/governance/model.js';
import { LocalRuntimeError } from './errors.js';
import {
  type CatalogClient,
  catalogClient,
  type Fetch,
  localGatewayUrl,
  localIdentity,
} from './triggers-client.js';
import { problemLines } from './triggers-output.js';
import { regionOf, sigv4 } from './triggers-sigv4.js';

/** How `npm run triggers` reaches the catalog API: the local gateway with --as, or AWS with SigV4. */

export interface TriggersIo {
  readonly fetch: Fetch;
  readonly out: (line: string) => void;
  /** The local gateway's URL when no --api is given (default: the running npm start's endpoints file). */
  readonly localUrl?: () => string;
}

/** A step the API refused or failed: its lines are printed and the command exits 1. */
export class StepFailedError extends Error {
  override readonly name = 'StepFailedError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

export interface Globals {
  readonly api?: string;
  readonly as?: string;
  readonly role?: Role;
}

/** The client for the globals: local headers, or SigV4 against --api. */
export function clientFor(globals: Globals, io: TriggersIo): CatalogClient {
  if (globals.api === undefined) {
    const url = (io.localUrl ?? localGatewayUrl)();
    return catalogClient(url, localIdentity(globals.as), io.fetch);
  }
  if (globals.as !== undefined)
    throw new LocalRuntimeError(
      '--as is honoured only locally: against AWS you are the principal that signs (assume the product-team or privacy-officer caller role)',
    );
  if (globals.role !== undefined)
    throw new LocalRuntimeError(
      '--role is for local calls: against AWS your role is the caller role you assumed',
    );
  let url: URL;
  try {
    url = new URL(globals.api);
  } catch {
    throw new LocalRuntimeError(
      `--api: expected the HTTP API URL (the stack output HttpApiUrl), got "${globals.api}"`,
    );
  }
  const region = regionOf(url);
  if (region === undefined) throw new LocalRuntimeError('--api: cannot tell the region: set AWS_REGION');
  return catalogClient(url.toString(), sigv4(region), io.fetch);
}

export async function ask(
  client: CatalogClient,
  method: string,
  path: string,
  role: Role | undefined,
  body?: unknown,
) {
  const answer = await client.request(method, path, role, body);
  if (answer.status >= 400) throw new StepFailedError(problemLines(answer.status, answer.body));
  return answer.body;
}
