import { runCommand } from './run.ts';
import { sandboxCommand } from './sandbox.ts';
import { lintCommand } from './lint.ts';
import { reportCommand } from './report.ts';

const USAGE = `psd2-conformance — Berlin Group NextGenPSD2 conformance harness

Usage:
  psd2-conformance run [suite.yaml…] [--profile FILE] [--grep PATTERN] [--workers N] [--fault NAME]… [--no-report]
      Run suites (default: suites/**/*.yaml) against an ASPSP profile (default: the embedded
      reference ASPSP, started for the run; --fault starts it with that fault mode).
  psd2-conformance sandbox [--port N] [--host H] [--fault NAME]… | --list-faults
      Start the reference ASPSP on its own.
  psd2-conformance lint [suite.yaml…]
      Check suite files; errors name file:line:column.
  psd2-conformance report
      Build the HTML report from reports/allure-results.
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  sandbox: sandboxCommand,
  lint: lintCommand,
  report: reportCommand,
};

const [name, ...argv] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stdout.write(USAGE);
  process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
} else {
  try {
    process.exitCode = await command(argv);
  } catch (e) {
    process.stderr.write(`psd2-conformance ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
