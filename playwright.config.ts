import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './fixtures/browser.ts';
import { DEFAULT_PROFILE } from './fixtures/conformance.ts';

/**
 * Everything is set from the environment so `npx playwright test` works on its own:
 *   PSD2_PROFILE         ASPSP profile (default: the embedded reference ASPSP)
 *   PSD2_SUITES          suite files, path-delimiter separated (default: suites/**\/*.yaml)
 *   PSD2_SANDBOX_PORT    port of the embedded reference ASPSP (default 47310)
 *   PSD2_SANDBOX_FAULTS  fault modes for the embedded reference ASPSP, comma separated
 *   PSD2_REPORTS         output folder (default reports/)
 */
const profile = process.env.PSD2_PROFILE ? resolve(process.env.PSD2_PROFILE) : DEFAULT_PROFILE;
const port = process.env.PSD2_SANDBOX_PORT ?? '47310';
const reports = resolve(process.env.PSD2_REPORTS ?? 'reports');
const embedded = profile === DEFAULT_PROFILE;

export default defineConfig<object, { profileFile: string }>({
  testDir: './src/runner',
  testMatch: 'conformance.spec.ts',
  outputDir: `${reports}/test-results`,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.PSD2_WORKERS ? Number(process.env.PSD2_WORKERS) : 2,
  timeout: 120_000,
  reporter: [
    ['./src/report/progress-reporter.ts'],
    ['allure-playwright', { resultsDir: `${reports}/allure-results`, detail: false, suiteTitle: true }],
    ['./src/report/summary-reporter.ts', { outputFile: `${reports}/summary.json` }],
  ],
  use: {
    profileFile: profile,
    launchOptions: chromiumLaunchOptions(),
    // Traces would record what the PSU types (passwords, OTPs): evidence comes from our own attachments.
    trace: 'off',
    screenshot: 'off',
  },
  webServer: embedded
    ? {
        command: `node bin/psd2-conformance.js sandbox --port ${port}`,
        url: `http://127.0.0.1:${port}/health`,
        // Locally, a reference ASPSP already on this port is used as is; never when a fault was asked
        // for (it might not have it) nor in CI (it might be another run's).
        reuseExistingServer: !process.env.CI && !process.env.PSD2_SANDBOX_FAULTS,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
      }
    : undefined,
});
