import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function TriggersPage() {
  return (
    <Page title="Triggers">
      <p>This page is being built.</p>
    </Page>
  );
}
