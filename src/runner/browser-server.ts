import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../fixtures/browser.ts';

/** Where workers find the run's shared browser (set by the global setup below). */
export const SHARED_BROWSER_ENV = 'PSD2_BROWSER_WS';

/**
 * Playwright global setup for runs over several profiles: a project's workers cannot outlive it,
 * so each project would start its own Chromium. One browser server for the run instead; each
 * worker connects to it (a connection costs milliseconds, a launch most of a second), and every
 * SCA journey still gets a fresh context of its own. Workers inherit the endpoint through the
 * environment. Returns the teardown.
 */
export default async function startSharedBrowser(): Promise<() => Promise<void>> {
  const server = await chromium.launchServer(chromiumLaunchOptions());
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_BROWSER_ENV];
    await server.close();
  };
}
