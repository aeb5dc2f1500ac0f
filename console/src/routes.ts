/**
 * The console's routes: the page table (./page-table.ts) with each page's component.
 */
import type { FunctionComponent } from 'preact';
import type { Identity } from './auth/session.js';
import { PAGE_TABLE, type PageEntry, type PageKey } from './page-table.js';
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

export { homeOf } from './page-table.js';

/** What every page gets: the route's parameters (e.g. `id`, `version`) and who is using the console. */
export interface PageProps {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly identity: Identity;
}

export type PageComponent = FunctionComponent<PageProps>;

const COMPONENTS: Readonly<Record<PageKey, PageComponent>> = {
  triggers: TriggersPage,
  newTrigger: EditorPage,
  editTrigger: EditorPage,
  simulate: SimulatePage,
  history: HistoryPage,
  reviewQueue: ReviewQueuePage,
  review: ReviewPage,
  overview: OverviewPage,
  suppressed: SuppressedPage,
  decision: DecisionPage,
  customers: CustomerSearchPage,
  customer: CustomerPage,
  accessLog: AccessLogPage,
};

export interface PageRoute extends PageEntry {
  readonly component: PageComponent;
}

export const PAGES: readonly PageRoute[] = PAGE_TABLE.map((page) => ({
  ...page,
  component: COMPONENTS[page.key],
}));
