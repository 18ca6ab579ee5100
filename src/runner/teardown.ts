import { dropSuiteCache } from './suite-cache.ts';

/** Playwright's global teardown: nothing of the run stays in the temp folder. */
export default function teardown(): void {
  dropSuiteCache(process.env.PSD2_RUN_ID);
}
