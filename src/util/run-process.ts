import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  /**
   * The child gets a process group of its own, and this process passes it an interrupt (SIGINT,
   * SIGTERM, SIGHUP) as one SIGINT instead of dying: a terminal's Ctrl-C then reaches the child
   * once, through here, while this process lives on to finish after it (Playwright's runner stops
   * gracefully on the first SIGINT and at once on the second, which a second Ctrl-C sends).
   */
  readonly passInterrupts?: boolean;
}

/** Runs a child with inherited stdio; resolves to its exit code. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, options: RunProcessOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env, cwd, detached: options.passInterrupts === true });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const pass = () => void child.kill('SIGINT');
    if (options.passInterrupts) for (const s of signals) process.on(s, pass);
    const done = () => {
      for (const s of signals) process.off(s, pass);
    };
    child.once('error', (e) => (done(), reject(e)));
    child.once('exit', (code, signal) => (done(), resolve(code ?? (signal ? 128 : 1))));
  });
}
