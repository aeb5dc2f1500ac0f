import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function SimulatePage() {
  return (
    <Page title="Simulate">
      <p>This page is being built.</p>
    </Page>
  );
}
