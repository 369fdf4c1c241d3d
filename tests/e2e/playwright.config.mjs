// Playwright for cinerec's browser tests (tests/e2e/*.spec.mjs), in Debian's
// Chromium (no browser download). The app is served from its production
// build (dist/app, built by `npx vite build --config web/app/vite.config.js`
// before the run — scripts/test.sh does it) by `vite preview` on port 4173
// (CINEREC_E2E_PORT to use another, e.g. for two checkouts on one machine: a
// server already on the port is reused outside CI).
// Specs that need another server (e.g. the embedding example) start their own.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const PORT = Number(process.env.CINEREC_E2E_PORT ?? 4173);
export const APP_URL = `http://127.0.0.1:${PORT}/`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: '../../test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.mjs',
  use: {
    browserName: 'chromium',
    baseURL: APP_URL,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --config web/app/vite.config.js --port ${PORT} --strictPort --host 127.0.0.1`,
    cwd: repo,
    url: APP_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
