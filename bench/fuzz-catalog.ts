import fc from 'fast-check';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import { breakOneField, CANARY, junkBody, methodOf, queryString, segment } from './fuzz-inputs.js';

/**
 * Request generators for the governed catalog's routes (`/catalog/…`, issue 12): local identity headers
 * present, absent or forged (a role that does not exist, a name too long or with a space), kinds and ids
 * valid or not, version numbers and junk, trigger contents with one field broken, and junk bodies. Whatever
 * the request, the answer must be a 2xx or a problem+json 4xx: a lifecycle refusal is a value, never a 5xx.
 */

export interface CatalogCase {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const seedTrigger = SEED_CATALOG_INPUT.triggers[0]?.content as Record<string, unknown>;
const { version: _version, ...triggerContent } = seedTrigger;

const identity = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ 'x-local-caller': 'ann', 'x-local-role': 'product-team' }) },
  { weight: 3, arbitrary: fc.constant({ 'x-local-caller': 'pia', 'x-local-role': 'privacy-officer' }) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { 'x-local-caller': 'ann', 'x-local-role': 'seed-import' },
      { 'x-local-caller': 'ann', 'x-local-role': CANARY },
      { 'x-local-caller': `a${'b'.repeat(80)}`, 'x-local-role': 'privacy-officer' },
      { 'x-local-caller': 'ann pia', 'x-local-role': 'privacy-officer' },
      { 'x-local-caller': '', 'x-local-role': 'product-team' },
      { 'x-local-caller': 'ann' },
    ),
  },
);

const kind = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('trigger', 'offer', 'region', 'product') },
  { weight: 1, arbitrary: segment(['pension', CANARY]) },
);
const itemId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(String(triggerContent.id), 'fuzz-trigger', 'pension') },
  { weight: 2, arbitrary: segment([]) },
);
const version = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map(String),
  fc.constantFrom('0', '-1', '1.5', '99999999999999999999', 'x', '%20'),
);

const contentBody = fc.oneof(
  { weight: 3, arbitrary: breakOneField(triggerContent).map((content) => JSON.stringify(content)) },
  {
    weight: 2,
    arbitrary: breakOneField({ kind: 'trigger', id: triggerContent.id, content: triggerContent }).map((b) =>
      JSON.stringify(b),
    ),
  },
  {
    weight: 1,
    arbitrary: breakOneField({ reasons: ['too broad'], at: '2099-01-01T00:00:00Z' }).map((b) =>
      JSON.stringify(b),
    ),
  },
  { weight: 2, arbitrary: junkBody },
);

const jsonType = fc.constantFrom<Record<string, string>>({ 'content-type': 'application/json' }, {});

/** The generator of a catalog route key, or undefined when the key is not a catalog route. */
export function catalogCases(routeKey: string): fc.Arbitrary<() => CatalogCase> | undefined {
  const [method, template] = routeKey.split(' ') as [string, string];
  if (!template.startsWith('/catalog/')) return undefined;
  const fill = (k: string, i: string, v: string) =>
    template.replace('{kind}', k).replace('{id}', i).replace('{version}', v);
  return fc
    .tuple(methodOf(method), kind, itemId, version, identity, jsonType, contentBody, queryString())
    .map(([m, k, i, v, who, type, body, q]) => () => ({
      method: m,
      path: `${fill(k, i, v)}${q === '' ? '' : `?${q}`}`,
      headers: { ...who, ...type },
      ...(method === 'GET' ? {} : { body }),
    }));
}
