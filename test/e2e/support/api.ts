/**
 * The HTTP API of a running `npm start`, called directly as the console calls it locally: the caller named
 * in `x-local-caller` / `x-local-role` (shared/api/catalog-caller.ts).
 */
import { LOCAL_CALLER_HEADER, LOCAL_ROLE_HEADER } from '#api/catalog-caller.js';

export type ConsoleRole = 'product-team' | 'privacy-officer';

export interface Person {
  readonly name: string;
  readonly role: ConsoleRole;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

export class LocalApi {
  constructor(private readonly apiUrl: string) {}

  async call(who: Person, method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        [LOCAL_CALLER_HEADER]: who.name,
        [LOCAL_ROLE_HEADER]: who.role,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (CSV, JSONL): the text is the body
    }
    return { status: response.status, body: parsed, text };
  }

  /** Like call, throwing (with the answer) unless the status is `status`. */
  async expect(status: number, who: Person, method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.call(who, method, path, body);
    if (answer.status !== status)
      throw new Error(
        `${method} ${path} as ${who.name} (${who.role}): expected ${status}, got ${answer.status} ${answer.text}`,
      );
    return answer.body;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of a JSON object as a string, or a clear failure naming what was expected. */
export function stringField(value: unknown, field: string, what: string): string {
  const got = isRecord(value) ? value[field] : undefined;
  if (typeof got !== 'string')
    throw new Error(`${what}: expected a string ${field}, got ${JSON.stringify(value)}`);
  return got;
}

/** The array under `field` of a JSON object. */
export function arrayField(value: unknown, field: string, what: string): unknown[] {
  const got = isRecord(value) ? value[field] : undefined;
  if (!Array.isArray(got))
    throw new Error(`${what}: expected an array ${field}, got ${JSON.stringify(value)}`);
  return got;
}

export interface ConcreteIds {
  readonly triggerId: string;
  readonly version: number;
  readonly decisionId: string;
  readonly customerId: string;
}

/**
 * Concrete ids for the page table's patterns: a trigger and its version from GET /catalog/items, a
 * suppressed decision from GET /privacy/suppressed and its customer.
 */
export async function concreteIds(api: LocalApi): Promise<ConcreteIds> {
  const reader: Person = { name: 'e2e-reader', role: 'product-team' };
  const items = await api.expect(200, reader, 'GET', '/catalog/items');
  const trigger = arrayField(items, 'versions', 'GET /catalog/items').find(
    (v) => isRecord(v) && v.kind === 'trigger' && typeof v.version === 'number',
  );
  if (!isRecord(trigger) || typeof trigger.version !== 'number')
    throw new Error('GET /catalog/items lists no trigger version');
  const officer: Person = { name: 'e2e-reader', role: 'privacy-officer' };
  const suppressed = await api.expect(200, officer, 'GET', '/privacy/suppressed?by=decided&limit=5');
  const decision = arrayField(suppressed, 'items', 'GET /privacy/suppressed').find(
    (item) => isRecord(item) && typeof item.customerId === 'string',
  );
  if (decision === undefined)
    throw new Error('GET /privacy/suppressed found no suppressed decision with a customer');
  return {
    triggerId: stringField(trigger, 'id', 'a catalog version'),
    version: trigger.version,
    decisionId: stringField(decision, 'decisionId', 'a suppressed decision'),
    customerId: stringField(decision, 'customerId', 'a suppressed decision'),
  };
}
