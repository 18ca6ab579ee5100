import { delimiter, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './fixtures/browser.ts';
import { DEFAULT_PROFILE } from './fixtures/conformance.ts';
import { currentRun, RUN_FILES } from './src/report/runs.ts';
import { runReporters } from './src/report/reporters.ts';
import { profileProjects } from './src/runner/projects.ts';
import { TRACE_WORDS } from './src/profile/trace-setting.ts';

/**
 * Everything is set from the environment so `npx playwright test` works on its own:
 *   PSD2_PROFILE         ASPSP profile (default: the embedded reference ASPSP)
 *   PSD2_SUITES          suite files, path-delimiter separated (default: suites/**\/*.yaml)
 *   PSD2_SANDBOX_PORT    port of the embedded reference ASPSP (default 47310)
 *   PSD2_SANDBOX_FAULTS  fault modes for the embedded reference ASPSP, comma separated
 *   PSD2_REPORTS         reports root (default reports/): each run writes runs/<run-id>/ there and
 *                        points latest at it
 *   PSD2_RUN_DIR         this run's folder instead (what `run --out DIR` sets)
 *   PSD2_NO_REPORT       set: results, summary and coverage only, no HTML report
 *   PSD2_TRACE           on, snapshots or off: traces of the PSU's browser sessions, over the
 *                        profile's sca.traces (what `run --trace` sets)
 *   PSD2_MERGED_FROM     run folders being merged (set by `psd2-conformance merge`)
 *   PSD2_STOP_WITH_PARENT set (by `psd2-conformance run`): the runner interrupts itself when its
 *                        stdin closes, i.e. when the CLI that started it is gone
 *   PSD2_PROJECTS        a JSON file listing profiles to run in one go, [{ name, profile, grep? }]:
 *                        one project each, judged together and per project in summary.json
 */
if (process.env.PSD2_TRACE !== undefined && !Object.hasOwn(TRACE_WORDS, process.env.PSD2_TRACE)) {
  throw new Error(`PSD2_TRACE must be ${Object.keys(TRACE_WORDS).join(', ')}, got '${process.env.PSD2_TRACE}'`);
}
const profile = process.env.PSD2_PROFILE ? resolve(process.env.PSD2_PROFILE) : DEFAULT_PROFILE;
stopWithParent();
const port = process.env.PSD2_SANDBOX_PORT ?? '47310';
const projects = profileProjects(process.env.PSD2_PROJECTS);
// `psd2-conformance run` starts the reference ASPSP itself (PSD2_SANDBOX_STARTED) on a port the system gave it.
const embedded = profile === DEFAULT_PROFILE && !projects && !process.env.PSD2_SANDBOX_STARTED;
// Chosen once in the runner's main process and handed to its workers through the environment.
const run = currentRun();
const sharded = !!process.env.PSD2_SHARD || process.argv.some((a) => a === '--shard' || a.startsWith('--shard='));
const mergedFrom = process.env.PSD2_MERGED_FROM ? process.env.PSD2_MERGED_FROM.split(delimiter).filter(Boolean) : undefined;

export default defineConfig<object, { profileFile: string }>({
  testDir: './src/runner',
  testMatch: 'conformance.spec.ts',
  globalTeardown: './src/runner/teardown.ts',
  outputDir: `${run.dir}/${RUN_FILES.testResults}`,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.PSD2_WORKERS ? Number(process.env.PSD2_WORKERS) : 2,
  timeout: 120_000,
  reporter: runReporters(run, { profileFile: profile, sharded, html: !process.env.PSD2_NO_REPORT, ...(mergedFrom ? { mergedFrom } : {}) }),
  use: {
    profileFile: profile,
    launchOptions: chromiumLaunchOptions(),
    // Playwright's own trace would record what the PSU types (passwords, OTPs), unmasked: the PSU's
    // browser sessions are traced by the SCA driver instead and masked before they are attached
    // (src/report/trace-redact.ts; profile sca.traces).
    trace: 'off',
    screenshot: 'off',
  },
  // Several profiles: a project's workers end with it, so the run shares one browser among them.
  ...(projects ? { projects, globalSetup: './src/runner/browser-server.ts' } : {}),
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

/**
 * Under `psd2-conformance run` the runner has a process group of its own (so Ctrl-C reaches it
 * once, through the CLI): should the CLI die without passing one on (SIGKILL), its end of the
 * runner's stdin closes, and the runner stops as after Ctrl-C instead of running on unattended.
 * The runner's process only: its workers load this file too.
 */
function stopWithParent(): void {
  const once = globalThis as { psd2WatchingParent?: boolean };
  if (!process.env.PSD2_STOP_WITH_PARENT || process.env.TEST_WORKER_INDEX !== undefined || once.psd2WatchingParent) return;
  once.psd2WatchingParent = true;
  // One SIGINT (a second would make Playwright quit without its summary), whichever event comes first.
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.kill(process.pid, 'SIGINT');
  };
  process.stdin.once('end', stop).once('close', stop).resume();
  // Watching must not keep the runner alive once it is done.
  (process.stdin as NodeJS.ReadStream & { unref?: () => void }).unref?.();
}
