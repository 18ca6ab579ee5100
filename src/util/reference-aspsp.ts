import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RunningAspsp {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The reference ASPSP in its own process (so the bank's work does not count against the harness's
 * event loop), on a port the system gives it as it binds: no port picked beforehand that another
 * server could take in between (and be tested in its place).
 */
export async function startReferenceAspsp(root: string, args: readonly string[] = []): Promise<RunningAspsp> {
  // A process group of its own, so a terminal's Ctrl-C does not stop the bank under the cases the
  // runner is still finishing; it stops when told, or when this process is gone (its stdin closes).
  const child = spawn(process.execPath, [resolve(root, 'bin/psd2-conformance.js'), 'sandbox', '--port', '0', '--until-stdin-closes', ...args], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolveUrl(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`reference ASPSP exited (${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
