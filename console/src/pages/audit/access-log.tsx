import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function AccessLogPage() {
  return (
    <Page title="AccessLog">
      <p>This page is being built.</p>
    </Page>
  );
}
