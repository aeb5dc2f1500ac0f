import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The console's build (`npm run console:build`, and `npm start` when the sources changed): a static
 * single-page app in console/dist, served locally by infra/local/console-server.ts and in AWS from S3
 * behind CloudFront. No inline script or style is emitted, so the strict Content-Security-Policy
 * (script-src 'self'; style-src 'self') holds.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inline assets would need data: in the CSP for scripts/styles: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
