import { runCommand } from './run.ts';
import { sandboxCommand } from './sandbox.ts';
import { lintCommand } from './lint.ts';
import { reportCommand } from './report.ts';
import { archiveCommand } from './archive.ts';
import { verifyCommand } from './verify.ts';
import { mergeCommand } from './merge.ts';

const USAGE = `psd2-conformance — Berlin Group NextGenPSD2 conformance harness

Usage:
  psd2-conformance run [suite.yaml…] [--profile FILE] [--grep PATTERN] [--workers N] [--fault NAME]… [--no-report]
                       [--out DIR] [--shard I/N]
      Run suites (default: suites/**/*.yaml) against an ASPSP profile (default: the embedded
      reference ASPSP, started for the run; --fault starts it with that fault mode). Each run
      writes its own folder, reports/runs/<run-id>/ (or --out DIR); reports/latest points at it.
  psd2-conformance sandbox [--port N] [--host H] [--fault NAME]… | --list-faults
      Start the reference ASPSP on its own.
  psd2-conformance lint [suite.yaml…]
      Check suite files; errors name file:line:column.
  psd2-conformance report [--run ID|DIR]
      Rebuild a run's HTML report, coverage matrix and manifest (default: the latest run).
  psd2-conformance archive [--run ID|DIR|--latest] [--key JWK-FILE] [--out FILE]
      Write a signed archive of a run (reports/archive/<run-id>.zip).
  psd2-conformance verify ARCHIVE.zip [--key JWK-FILE]
      Check an archive's signature and every file in it.
  psd2-conformance merge RUN-DIR… [--out DIR]
      Merge the run folders of shards (run --shard i/n) into one run.
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  sandbox: sandboxCommand,
  lint: lintCommand,
  report: reportCommand,
  archive: archiveCommand,
  verify: verifyCommand,
  merge: mergeCommand,
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
