import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function OverviewPage() {
  return (
    <Page title="Overview">
      <p>This page is being built.</p>
    </Page>
  );
}
