import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function CustomerSearchPage() {
  return (
    <Page title="CustomerSearch">
      <p>This page is being built.</p>
    </Page>
  );
}

/** Not built yet: a placeholder the page's owner replaces. */
export function CustomerPage() {
  return (
    <Page title="Customer">
      <p>This page is being built.</p>
    </Page>
  );
}
