import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function SuppressedPage() {
  return (
    <Page title="Suppressed">
      <p>This page is being built.</p>
    </Page>
  );
}
