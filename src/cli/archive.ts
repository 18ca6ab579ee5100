import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signingKey } from '../report/archive-keys.ts';
import { writeArchive } from '../report/archive.ts';
import { displayPath, findRun, reportsRoot } from '../report/runs.ts';

export const archiveHelp = `Usage: psd2-conformance archive [--run ID|DIR | --latest] [--key JWK-FILE] [--out FILE]
  Write a signed, tamper-evident archive of one run: reports/archive/<run-id>.zip with the
  single-file report, raw Allure results, coverage matrix (HTML + JSON), redacted request log,
  profile with secrets removed, summary, JUnit XML, and manifest.json (SHA-256 and size of every
  file) signed as manifest.jws (ES256 or EdDSA).
  --run ID|DIR    a run id under $PSD2_REPORTS/runs (default reports/runs), or a run folder
  --latest        the newest run (the default)
  --key FILE      private JWK (EC P-256 or Ed25519) to sign with; else PSD2_ARCHIVE_KEY (a path
                  or the JWK itself); else a key generated for this archive only, whose public
                  JWK and thumbprint go into the archive
  --out FILE      where to write the archive
  Check it with: psd2-conformance verify FILE [--key PUBLIC-JWK]
`;

export async function archiveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { run: { type: 'string' }, latest: { type: 'boolean' }, key: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(archiveHelp);
    return 0;
  }
  if (values.run && values.latest) throw new Error('--run and --latest name different runs: give one');
  const root = reportsRoot();
  const run = findRun(root, values.run);
  const key = await signingKey(values.key);
  const file = values.out ? resolve(values.out) : join(root, 'archive', `${run.id}.zip`);
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
