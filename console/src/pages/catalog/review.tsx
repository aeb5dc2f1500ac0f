import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function ReviewQueuePage() {
  return (
    <Page title="ReviewQueue">
      <p>This page is being built.</p>
    </Page>
  );
}

/** Not built yet: a placeholder the page's owner replaces. */
export function ReviewPage() {
  return (
    <Page title="Review">
      <p>This page is being built.</p>
    </Page>
  );
}
