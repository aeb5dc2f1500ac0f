/**
 * The attributes of a `.table-scroll` container: a table wider than a phone screen scrolls sideways inside
 * it, so keyboard users must be able to reach it to scroll (WCAG 2.1.1; axe-core's
 * scrollable-region-focusable, which the end-to-end tests hold at 390 px). A named region with tabindex 0 is
 * the pattern for that; Biome's noNoninteractiveTabindex does not know scroll containers, hence one home here.
 */
export const SCROLL_REGION = {
  class: 'table-scroll',
  role: 'region',
  'aria-label': 'Table (scrolls sideways)',
  tabIndex: 0,
} as const;
