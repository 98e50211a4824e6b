import { defineConfig } from '@playwright/test';

import { findBrowser } from './scripts/browser.mjs';

// End-to-end journeys in a real browser against `energy-ledger serve` on the demo. The browser is
// the one scripts/browser.mjs finds ($CHROMIUM_PATH, Debian's Chromium, an installed Chrome or
// Chromium, Playwright's own); `npm test` installs or names one before this runs.
export const E2E_PORT = 4871;
export const E2E_TOKEN = 'e2e-token';
const browser = findBrowser();

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      ...(browser.path ? { executablePath: browser.path } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node test/e2e/serve-demo.mjs ${E2E_PORT} ${E2E_TOKEN}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
