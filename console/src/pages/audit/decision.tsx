import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function DecisionPage() {
  return (
    <Page title="Decision">
      <p>This page is being built.</p>
    </Page>
  );
}
