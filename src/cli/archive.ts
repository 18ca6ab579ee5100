import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildRunReport } from '../report/build.ts';
import { parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { signingKey } from '../report/archive-keys.ts';
import { writeArchive } from '../report/archive.ts';
import { displayPath, findRun, reportsRoot, RUN_FILES } from '../report/runs.ts';

const options = {
  run: { type: 'string', arg: 'ID|DIR', help: 'a run id under reports/runs, or a run folder (default: the latest run)' },
  latest: { type: 'boolean', help: 'the newest run (the default)' },
  key: { type: 'string', arg: 'JWK-FILE', help: 'private JWK (EC P-256 or Ed25519) to sign with; else PSD2_ARCHIVE_KEY (a path or the JWK); else a key generated for this archive, whose public JWK and thumbprint go into it' },
  out: { type: 'string', arg: 'FILE', help: 'where to write the archive (default reports/archive/<run-id>.zip)' },
} as const;

export const archiveHelp: CommandHelp = {
  usage: 'archive [--run ID|DIR | --latest] [--key JWK-FILE] [--out FILE]',
  summary: 'Write a signed, tamper-evident archive of one run.',
  details: [
    'The archive holds the single-file report, raw Allure results, coverage matrix (HTML + JSON),',
    'redacted request log, profile with secrets removed, summary, JUnit XML, and manifest.json',
    '(SHA-256 and size of every file) signed as manifest.jws (ES256 or EdDSA).',
    'Check it with: psd2-conformance verify FILE [--key PUBLIC-JWK]',
  ].join('\n'),
  options,
};

export async function archiveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, { positionals: false });
  if (values.run && values.latest) throw new UsageError('--run and --latest name different runs: give one');
  const root = reportsRoot();
  const run = findRun(root, values.run);
  const key = await signingKey(values.key);
  const file = values.out ? resolve(values.out) : join(root, 'archive', `${run.id}.zip`);
  // An archive already made may be the one a team signed and filed: never replaced.
  if (existsSync(file)) throw new UsageError(`${displayPath(file)} already exists: give --out for another file`);
  if (!existsSync(join(run.dir, RUN_FILES.report, 'index.html'))) {
    // A run made with --no-report: its report is built from its results first.
    process.stdout.write(`Run ${run.id} has no HTML report: building it first\n`);
    const built = await buildRunReport(run.dir);
    for (const m of built.messages) process.stderr.write(`${m}\n`);
    if (!built.ok) return 2;
  }
  const manifest = await writeArchive(file, run, key);
  process.stdout.write(
    `Archive: ${displayPath(file)} (${manifest.files.length} files, run ${run.id})\n` +
      `Signed ${key.alg} by key ${key.thumbprint}` +
      (key.origin === 'generated'
        ? ' — generated for this archive and not kept: it proves the files match the manifest, not who made it (give --key or PSD2_ARCHIVE_KEY to sign as your organisation)\n'
        : '\n'),
  );
  return 0;
}
