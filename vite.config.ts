/**
 * Builds the renderer (renderer/ → dist/renderer/). The same files are served
 * by Electron's app:// protocol and by the loopback HTTP server at /, both
 * under a strict CSP (`default-src 'self'; script-src 'self'; style-src 'self'`),
 * so the build must emit no inline script, no inline style and no data: URLs.
 */
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  // Relative asset URLs: works under app:// and at / over HTTP.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The preload polyfill is inline code, which the CSP forbids.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs (img-src/font-src fall back to 'self').
    assetsInlineLimit: 0,
    // ECharts is large even when only the needed parts are imported.
    chunkSizeWarningLimit: 1500,
    target: 'es2022',
  },
});
