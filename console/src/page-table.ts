/**
 * Every page of the console, once, without its component: the key, the path (hash routing, so static
 * hosting needs no rewrite rules), the title, and which roles may open it (`nav`: listed in that role's
 * navigation). Free of JSX and DOM on purpose: ./routes.ts adds the components, and the end-to-end tests
 * (test/e2e) import this table to visit every page. Paths carry only the ids a page needs (a trigger id and
 * version, a decision id, a customer id), never other customer data.
 */
import type { Role } from './auth/session.js';

export interface PageEntry {
  readonly key: PageKey;
  /** wouter path pattern, e.g. `/triggers/:id/history`. */
  readonly path: string;
  readonly title: string;
  readonly roles: readonly Role[];
  readonly nav?: boolean;
}

export type PageKey =
  | 'triggers'
  | 'newTrigger'
  | 'editTrigger'
  | 'simulate'
  | 'history'
  | 'reviewQueue'
  | 'review'
  | 'overview'
  | 'suppressed'
  | 'decision'
  | 'customers'
  | 'customer'
  | 'accessLog';

const PRODUCT: readonly Role[] = ['product-team'];
const OFFICER: readonly Role[] = ['privacy-officer'];
const BOTH: readonly Role[] = ['product-team', 'privacy-officer'];

export const PAGE_TABLE: readonly PageEntry[] = [
  { key: 'triggers', path: '/triggers', title: 'Triggers', roles: BOTH, nav: true },
  { key: 'newTrigger', path: '/triggers/new', title: 'New trigger', roles: PRODUCT },
  { key: 'editTrigger', path: '/triggers/:id/versions/:version/edit', title: 'Edit trigger', roles: PRODUCT },
  { key: 'simulate', path: '/triggers/:id/versions/:version/simulate', title: 'Simulate', roles: BOTH },
  { key: 'history', path: '/triggers/:id/history', title: 'Version history', roles: BOTH },
  { key: 'reviewQueue', path: '/review', title: 'Review queue', roles: OFFICER, nav: true },
  { key: 'review', path: '/review/:id/versions/:version', title: 'Review', roles: OFFICER },
  { key: 'overview', path: '/overview', title: 'Overview', roles: OFFICER, nav: true },
  { key: 'suppressed', path: '/suppressed', title: 'Suppressed offers', roles: OFFICER, nav: true },
  { key: 'decision', path: '/decisions/:decisionId', title: 'Decision', roles: OFFICER },
  { key: 'customers', path: '/customers', title: 'Customers', roles: OFFICER, nav: true },
  { key: 'customer', path: '/customers/:customerId', title: 'Customer', roles: OFFICER },
  { key: 'accessLog', path: '/access-log', title: 'Access log', roles: OFFICER, nav: true },
];

/** The first page of a role: where `/` leads. */
export const homeOf = (role: Role): string => (role === 'product-team' ? '/triggers' : '/review');
