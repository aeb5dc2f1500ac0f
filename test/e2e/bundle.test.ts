import { describe, expect, it } from 'vitest';
import { INITIAL_JS_TARGET_KB, initialJavaScript } from '#bench/console.js';

/**
 * Issue 14, "Fast": the initial JavaScript of the console (index.html's module scripts and their static
 * imports, as console/dist holds them after the build this project's global setup runs) is at most
 * 300 KB gzipped. Deterministic: bytes, not time (the timings are in `npm run bench -- --only console`).
 */
describe('the console build', () => {
  it(`ships at most ${INITIAL_JS_TARGET_KB} KB of gzipped JavaScript before the first page`, () => {
    const initial = initialJavaScript();
    expect(initial.files.length).toBeGreaterThan(0);
    expect(initial.gzippedBytes).toBeGreaterThan(0);
    expect(initial.gzippedBytes / 1024, initial.files.join(', ')).toBeLessThanOrEqual(INITIAL_JS_TARGET_KB);
  });
});
