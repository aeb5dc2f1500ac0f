import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function HistoryPage() {
  return (
    <Page title="History">
      <p>This page is being built.</p>
    </Page>
  );
}
