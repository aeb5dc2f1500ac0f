/**
 * Every page of the console, once: its path (hash routing, so static hosting needs no rewrite rules), its
 * title, which role's navigation lists it, and the component. The end-to-end tests visit every page from
 * here (axe checks and screenshots), so a page added here is checked without further work. Paths carry
 * only the ids a page needs (a trigger id, a decision id, a customer id), never other customer data.
 */
import type { FunctionComponent } from 'preact';
import type { Identity, Role } from './auth/session.js';
import { AccessLogPage } from './pages/audit/access-log.js';
import { CustomerPage, CustomerSearchPage } from './pages/audit/customer.js';
import { DecisionPage } from './pages/audit/decision.js';
import { OverviewPage } from './pages/audit/overview.js';
import { SuppressedPage } from './pages/audit/suppressed.js';
import { EditorPage } from './pages/catalog/editor.js';
import { HistoryPage } from './pages/catalog/history.js';
import { ReviewPage, ReviewQueuePage } from './pages/catalog/review.js';
import { SimulatePage } from './pages/catalog/simulate.js';
import { TriggersPage } from './pages/catalog/triggers.js';

/** What every page gets: the route's parameters (e.g. `id`, `version`) and who is using the console. */
export interface PageProps {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly identity: Identity;
}

export type PageComponent = FunctionComponent<PageProps>;

export interface PageRoute {
  /** wouter path pattern, e.g. `/triggers/:id/history`. */
  readonly path: string;
  readonly title: string;
  /** Who may open it; `nav` lists it in that role's navigation. */
  readonly roles: readonly Role[];
  readonly nav?: boolean;
  readonly component: PageComponent;
  /** For the end-to-end tests: a concrete path to visit (patterns with ids get one from the demo data). */
  readonly example?: string;
}

const PRODUCT: readonly Role[] = ['product-team'];
const OFFICER: readonly Role[] = ['privacy-officer'];
const BOTH: readonly Role[] = ['product-team', 'privacy-officer'];

export const PAGES: readonly PageRoute[] = [
  { path: '/triggers', title: 'Triggers', roles: BOTH, nav: true, component: TriggersPage },
  { path: '/triggers/new', title: 'New trigger', roles: PRODUCT, component: EditorPage },
  {
    path: '/triggers/:id/versions/:version/edit',
    title: 'Edit trigger',
    roles: PRODUCT,
    component: EditorPage,
  },
  {
    path: '/triggers/:id/versions/:version/simulate',
    title: 'Simulate',
    roles: BOTH,
    component: SimulatePage,
  },
  { path: '/triggers/:id/history', title: 'Version history', roles: BOTH, component: HistoryPage },
  { path: '/review', title: 'Review queue', roles: OFFICER, nav: true, component: ReviewQueuePage },
  { path: '/review/:id/versions/:version', title: 'Review', roles: OFFICER, component: ReviewPage },
  { path: '/overview', title: 'Overview', roles: OFFICER, nav: true, component: OverviewPage },
  { path: '/suppressed', title: 'Suppressed offers', roles: OFFICER, nav: true, component: SuppressedPage },
  { path: '/decisions/:decisionId', title: 'Decision', roles: OFFICER, component: DecisionPage },
  { path: '/customers', title: 'Customers', roles: OFFICER, nav: true, component: CustomerSearchPage },
  { path: '/customers/:customerId', title: 'Customer', roles: OFFICER, component: CustomerPage },
  { path: '/access-log', title: 'Access log', roles: OFFICER, nav: true, component: AccessLogPage },
];

/** The first page of a role: where `/` leads. */
export const homeOf = (role: Role): string => (role === 'product-team' ? '/triggers' : '/review');
