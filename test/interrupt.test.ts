import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot, tempDir } from './helpers/cli.ts';

/**
 * Ctrl-C on a run: the runner stops gracefully, what ran is judged and written (summary, the rest
 * "not run"), the run is not called conformant, and the embedded bank it started is gone after it.
 */

const dir = tempDir('psd2-interrupt-');
after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });

/** `run` of every suite against the embedded bank; `progressed` once its first progress line shows (or it ended). */
function runUntilProgress(out: string) {
  const env = { ...process.env };
  delete env.PSD2_SANDBOX_PORT;
  const child = spawn(process.execPath, [resolve(repoRoot, 'bin/psd2-conformance.js'), 'run', '--out', out, '--no-report'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const progressed = new Promise<void>((done) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (/\[\d+\/\d+\]/.test(output)) done();
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then(() => done());
  });
  return { child, exited, progressed, output: () => output };
}

test('SIGINT to `run` mid-run: exit 2, summary written and marked interrupted, no rule failed, the embedded bank stopped', { timeout: 120_000 }, async () => {
  const out = join(dir, 'run');
  const run = runUntilProgress(out);
  await run.progressed;
  // The CLI alone, as a supervisor's `kill -INT` would; a terminal's Ctrl-C reaches it the same way (the runner has a process group of its own).
  run.child.kill('SIGINT');
  const [code] = await run.exited;
  assert.equal(code, 2, run.output());
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { outcome: string; interrupted?: boolean; rules: { verdict: string }[] };
  assert.equal(summary.interrupted, true);
  assert.equal(summary.outcome, 'not judged');
  assert.ok(summary.rules.some((r) => r.verdict === 'not run'), 'the cases that never ran leave their rules not run');
  assert.deepEqual(summary.rules.filter((r) => r.verdict === 'failed'), []);
  assert.match(run.output(), /The run was interrupted/);
  const { aspsp } = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { aspsp: { baseUrl: string } };
  const port = Number(new URL(aspsp.baseUrl).port);
  assert.ok(port > 0);
  assert.equal(await listening(port), false, 'the embedded reference ASPSP is stopped');
});

test('the CLI killed outright (SIGKILL): the runner it started stops as after Ctrl-C instead of running on, and the embedded bank is gone', { timeout: 120_000 }, async () => {
  const out = join(dir, 'killed');
  const run = runUntilProgress(out);
  await run.progressed;
  run.child.kill('SIGKILL');
  // The orphaned runner notices its stdin closed and writes an interrupted summary within seconds (a whole run takes far longer).
  const file = join(out, 'summary.json');
  const until = Date.now() + 60_000;
  while (!existsSync(file) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(file), `no summary.json after the CLI was killed:\n${run.output()}`);
  const summary = JSON.parse(readFileSync(file, 'utf8')) as { interrupted?: boolean; rules: { verdict: string }[] };
  assert.equal(summary.interrupted, true);
  assert.ok(summary.rules.some((r) => r.verdict === 'not run'));
  const { aspsp } = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { aspsp: { baseUrl: string } };
  assert.equal(await listening(Number(new URL(aspsp.baseUrl).port)), false, 'the embedded reference ASPSP is stopped');
  // The runner's last act is the manifest: once it is there, nothing more is written to the folder.
  const manifest = join(out, 'report.sha256');
  while (!existsSync(manifest) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(manifest), 'the orphaned runner still wrote its manifest');
});
