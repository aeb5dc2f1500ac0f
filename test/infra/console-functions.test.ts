/**
 * The two CloudFront Functions of the console (infra/cdk/console-site.ts), run here as CloudFront runs them
 * (a `handler(event)` over the viewer request), and the console settings' validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#api/route-table.js';
import { isConsoleRoute } from '#cdk/console.js';
import { contentSecurityPolicy, SPA_FALLBACK_CODE, STRIP_API_PREFIX_CODE } from '#cdk/console-site.js';
import { resolveSettings, SettingsError } from '#cdk/settings.js';

interface ViewerRequest {
  uri: string;
  querystring: Record<string, { value: string }>;
}
type Handler = (event: { request: ViewerRequest }) => ViewerRequest;
const compile = (code: string): Handler => new Function(`${code}; return handler;`)() as Handler;
const run = (code: string, uri: string) =>
  compile(code)({ request: { uri, querystring: { a: { value: '1' } } } });

describe('the /api prefix is stripped before the console API', () => {
  it('maps /api/<route> to /<route>, keeping the query string', () => {
    expect(run(STRIP_API_PREFIX_CODE, '/api/catalog/items')).toEqual({
      uri: '/catalog/items',
      querystring: { a: { value: '1' } },
    });
    expect(run(STRIP_API_PREFIX_CODE, '/api/privacy/customers/c%2F1/history').uri).toBe(
      '/privacy/customers/c%2F1/history',
    );
    expect(run(STRIP_API_PREFIX_CODE, '/api/').uri).toBe('/');
    expect(run(STRIP_API_PREFIX_CODE, '/api').uri).toBe('/');
    // Only a whole leading segment: /apis/x is not an /api path.
    expect(run(STRIP_API_PREFIX_CODE, '/apis/x').uri).toBe('/apis/x');
  });

  it('property: every route path of the table arrives unchanged', () => {
    const paths = Object.values(ROUTES).map((r) => r.path.replace(/\{[^}]+\}/g, 'x-1'));
    fc.assert(
      fc.property(fc.constantFrom(...paths), (path) => {
        expect(run(STRIP_API_PREFIX_CODE, `/api${path}`).uri).toBe(path);
      }),
    );
  });
});

describe('pages of the single-page app are served index.html', () => {
  it('a path without a file extension is /index.html; files pass unchanged', () => {
    for (const page of ['/', '/triggers', '/privacy/decisions/d-1', '/review/'])
      expect(run(SPA_FALLBACK_CODE, page).uri, page).toBe('/index.html');
    for (const file of ['/config.json', '/assets/index-abc123.js', '/favicon.ico', '/index.html'])
      expect(run(SPA_FALLBACK_CODE, file).uri, file).toBe(file);
  });
});

describe('console settings and routes', () => {
  it('the content security policy allows no inline code and connects only to self and the given origins', () => {
    const csp = contentSecurityPolicy(['https://x.auth.eu-west-1.amazoncognito.com']);
    expect(csp).toContain("connect-src 'self' https://x.auth.eu-west-1.amazoncognito.com;");
    expect(csp).not.toMatch(/unsafe|\*/);
  });

  it('refuses a Cognito domain prefix Cognito would refuse, naming the setting', () => {
    const layer = (domainPrefix: string) => ({ source: 'test', value: { console: { domainPrefix } } });
    expect(resolveSettings(layer('bank-offers-console-prod')).console?.domainPrefix).toBe(
      'bank-offers-console-prod',
    );
    for (const bad of ['Bank', '-bank', 'bank-', 'my-aws-console', 'amazon', 'cognito-x', 'a'.repeat(64), ''])
      expect(() => resolveSettings(layer(bad)), bad).toThrow(SettingsError);
    expect(() => resolveSettings(layer('my-aws-console'))).toThrow(/console\.domainPrefix/);
  });

  it('the console serves the product-team, privacy-officer and privacy-eraser routes only', () => {
    expect(isConsoleRoute(ROUTES.eraseCustomer)).toBe(true);
    expect(isConsoleRoute(ROUTES.listCatalogItems)).toBe(true);
    expect(isConsoleRoute(ROUTES.getHealth)).toBe(false);
    expect(isConsoleRoute(ROUTES.recordOfferEvent)).toBe(false);
  });
});
