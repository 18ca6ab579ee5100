import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { latestRun } from '../../src/report/runs.ts';

export { repoRoot } from '../../src/util/repo-root.ts';
import { repoRoot } from '../../src/util/repo-root.ts';
const bin = resolve(repoRoot, 'bin/psd2-conformance.js');

export interface CliResult {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs the CLI as a user would; output is stdout and stderr together. Test files run side by side:
 * each run starts its embedded reference ASPSP on a port of its own (the CLI binds port 0) unless
 * the caller names one.
 */
export async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const whole = { ...process.env, ...env };
  if (!('PSD2_SANDBOX_PORT' in env)) delete whole.PSD2_SANDBOX_PORT;
  return run(process.execPath, [bin, ...args], whole, true);
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

/** Any command from the repo root; output is stdout and stderr together. `exact`: `env` is the whole environment. */
export async function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, exact = false): Promise<CliResult> {
  const child = spawn(command, args, { cwd: repoRoot, env: exact ? env : { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? 1, output };
}

/** Starts `psd2-conformance sandbox` on its own and waits until it listens. */
export async function startSandboxProcess(args: readonly string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'sandbox', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening on (https?:\/\/\S+)/.exec(output);
      if (m?.[1]) resolveUrl(m[1]);
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}): ${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The folder of the newest run written under a reports root (what PSD2_REPORTS names). */
export function latestRunDir(reports: string): string {
  const run = latestRun(reports);
  if (!run) throw new Error(`no run under ${reports} (no latest)`);
  return run.dir;
}
