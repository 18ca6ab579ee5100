import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readJwk } from '../report/archive-keys.ts';
import { verifyArchive } from '../report/archive-verify.ts';

export const verifyHelp = `Usage: psd2-conformance verify ARCHIVE.zip [--key JWK-FILE]
  Check an archive written by \`psd2-conformance archive\`: the signature of its manifest, then
  every file's SHA-256 and size, and that no file was added or removed.
  --key FILE   the trusted public (or private) JWK: the manifest must be signed by this key.
               Without it the key inside the archive is used, which shows integrity, not origin.
  Exit code 0 when everything holds, 1 naming each file or the signature that does not.
`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(verifyHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new Error(`give one archive to verify (got ${positionals.length})`);
  const file = resolve(positionals[0]!);
  const trusted = values.key ? readJwk(values.key, '--key') : undefined;
  const result = await verifyArchive(file, trusted);
  if (!result.ok) {
    process.stdout.write(`FAILED: ${positionals[0]}\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const c = result.checked!;
  process.stdout.write(
    `OK: ${positionals[0]}: ${c.files} files match the manifest of run ${c.runId}; signature ${c.alg} by key ${c.thumbprint}` +
      (c.trusted ? ' (the trusted key)\n' : ' (the key inside the archive: pass --key to check who signed it)\n'),
  );
  return 0;
}
