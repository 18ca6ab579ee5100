import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  /**
   * The child gets a process group of its own, and this process passes it an interrupt (SIGINT,
   * SIGTERM, SIGHUP) as one SIGINT instead of dying: a terminal's Ctrl-C then reaches the child
   * once, through here, while this process lives on to finish after it (Playwright's runner stops
   * gracefully on the first SIGINT and at once on the second, which a second Ctrl-C sends).
   */
  readonly passInterrupts?: boolean;
  /**
   * The child's stdin is a pipe from this process, which the OS closes when this process dies
   * however it dies: a child that watches it (PSD2_STOP_WITH_PARENT) stops then, not on its own.
   */
  readonly stdinPipe?: boolean;
}

/** Runs a child with inherited stdio; resolves to its exit code. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, options: RunProcessOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [options.stdinPipe ? 'pipe' : 'inherit', 'inherit', 'inherit'], env, cwd, detached: options.passInterrupts === true });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    // One interrupt, however many ways it arrives at once (a wrapper forwarding the terminal's own
    // Ctrl-C): a second SIGINT makes Playwright quit without its summary. A later one still passes.
    let passedAt = 0;
    const pass = () => {
      if (Date.now() - passedAt < 1000) return;
      passedAt = Date.now();
      child.kill('SIGINT');
    };
    if (options.passInterrupts) for (const s of signals) process.on(s, pass);
    const done = () => {
      for (const s of signals) process.off(s, pass);
    };
    child.once('error', (e) => (done(), reject(e)));
    child.once('exit', (code, signal) => (done(), resolve(code ?? (signal ? 128 : 1))));
  });
}
