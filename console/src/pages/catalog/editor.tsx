import { Page } from '../../components/page.js';

/** Not built yet: a placeholder the page's owner replaces. */
export function EditorPage() {
  return (
    <Page title="Editor">
      <p>This page is being built.</p>
    </Page>
  );
}
