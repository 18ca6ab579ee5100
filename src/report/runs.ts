import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { repoRoot } from '../util/repo-root.ts';

/**
 * Where a run's evidence lives. Every run has its own folder, never reused:
 *
 *   $PSD2_REPORTS/                 reports root (default reports/)
 *     runs/<run-id>/               one run (or `run --out DIR`, or PSD2_RUN_DIR)
 *       allure-results/ allure-report/ summary.json junit.xml coverage.{html,json}
 *       requests.log profile.yaml run.json report.sha256 [blob/]
 *     latest -> runs/<run-id>      the newest run under runs/ (a text file where symlinks fail)
 *     archive/<run-id>.zip         `psd2-conformance archive`
 */
export const RUN_FILES = {
  results: 'allure-results',
  report: 'allure-report',
  summary: 'summary.json',
  junit: 'junit.xml',
  coverageHtml: 'coverage.html',
  coverageJson: 'coverage.json',
  requestLog: 'requests.log',
  profile: 'profile.yaml',
  run: 'run.json',
  manifest: 'report.sha256',
  blob: 'blob',
  testResults: 'test-results',
} as const;

export interface RunRef {
  readonly id: string;
  readonly dir: string;
}

/** The reports root: PSD2_REPORTS, else reports/ in the repository. */
export function reportsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PSD2_REPORTS ?? join(repoRoot, 'reports'));
}

/** Sortable by time (UTC, to the millisecond) and unique across machines (random suffix). */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]{6}$/;

export function isRunId(text: string): boolean {
  return RUN_ID.test(text);
}

/**
 * This process's run: the one named by PSD2_RUN_DIR / PSD2_RUN_ID when a parent chose it (the
 * CLI, or the runner's main process for its workers), else a new one under the reports root.
 * The choice is written back to `env`, so every worker and reporter of the run agrees on it.
 */
export function currentRun(env: NodeJS.ProcessEnv = process.env): RunRef {
  if (env.PSD2_RUN_DIR) {
    const dir = resolve(env.PSD2_RUN_DIR);
    const id = env.PSD2_RUN_ID ?? (isRunId(basename(dir)) ? basename(dir) : newRunId());
    env.PSD2_RUN_ID = id;
    return { id, dir };
  }
  const id = newRunId();
  const dir = join(reportsRoot(env), 'runs', id);
  env.PSD2_RUN_DIR = dir;
  env.PSD2_RUN_ID = id;
  return { id, dir };
}

/**
 * `latest` in the reports root names the newest run under runs/: a relative symlink, so the root
 * can be moved or copied; a text file holding the run id where the file system has no symlinks.
 */
export function pointLatest(root: string, runDir: string): void {
  const runs = join(root, 'runs');
  if (resolve(dirname(runDir)) !== resolve(runs)) return;
  const link = join(root, 'latest');
  const next = `${link}.${process.pid}`;
  rmSync(next, { force: true });
  try {
    symlinkSync(join('runs', basename(runDir)), next, 'dir');
  } catch {
    writeFileSync(next, `${basename(runDir)}\n`);
  }
  // Removes a `latest` that is a real folder only if it is empty: evidence is never deleted.
  if (existsSync(link) && !lstatSync(link).isSymbolicLink() && lstatSync(link).isDirectory()) {
    rmSync(next, { force: true });
    throw new Error(`${link} is a folder, not a pointer: move it away so it can point at the newest run`);
  }
  renameSync(next, link);
}

/** The run `latest` names, if any. */
export function latestRun(root: string): RunRef | undefined {
  const link = join(root, 'latest');
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    return undefined;
  }
  const id = stat.isSymbolicLink() ? basename(readlinkSync(link)) : readFileSync(link, 'utf8').trim();
  const dir = join(root, 'runs', id);
  return existsSync(dir) ? { id, dir } : undefined;
}

/** Runs under the root, oldest first (run ids sort by time). */
export function listRuns(root: string): RunRef[] {
  const runs = join(root, 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ id: e.name, dir: join(runs, e.name) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A run named by the user: a run id under the root's runs/, or a path to a run folder; none
 * means the latest run.
 */
export function findRun(root: string, ref?: string): RunRef {
  if (!ref) {
    const latest = latestRun(root);
    if (!latest) throw new Error(`no run found in ${root} (no ${join(root, 'latest')}): run the suites first`);
    return latest;
  }
  const byId = join(root, 'runs', ref);
  const dir = !isAbsolute(ref) && existsSync(byId) ? byId : resolve(ref);
  if (!existsSync(dir)) {
    const known = listRuns(root).slice(-5).map((r) => r.id);
    throw new Error(`no run '${ref}' (neither ${byId} nor ${dir} exists)${known.length ? `; recent runs: ${known.join(', ')}` : ''}`);
  }
  return { id: readRunId(dir), dir };
}

function readRunId(dir: string): string {
  try {
    const meta = JSON.parse(readFileSync(join(dir, RUN_FILES.run), 'utf8')) as { runId?: unknown };
    if (typeof meta.runId === 'string') return meta.runId;
  } catch {
    // a run without run.json (stopped early): its folder name is its id
  }
  return basename(dir);
}

/** A folder a new run may write into: absent or empty, so no earlier evidence is overwritten. */
export function assertFreshRunDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} already holds files (an earlier run?): choose an empty or new folder, evidence is never overwritten`);
  }
  mkdirSync(dir, { recursive: true });
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Playwright's output folder stays only when a test wrote something there. Its `.last-run.json`
 * (for --last-failed) is written after the reporters finish, so the runner's caller prunes again;
 * a new run folder each time leaves it nothing to be used for.
 */
export function pruneTestResults(runDir: string): void {
  const prune = (dir: string): void => {
    if (!existsSync(dir)) return;
    rmSync(join(dir, '.last-run.json'), { force: true });
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) prune(join(dir, entry.name));
    try {
      rmdirSync(dir);
    } catch {
      // not empty: it holds a test's output, which is evidence
    }
  };
  prune(join(runDir, RUN_FILES.testResults));
}
