import { resolve } from 'node:path';
import { parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { readJwk } from '../report/archive-keys.ts';
import { verifyArchive } from '../report/archive-verify.ts';

const options = {
  key: { type: 'string', arg: 'JWK-FILE', help: 'the trusted public (or private) JWK: the manifest must be signed by it; without it the key inside the archive is used, which shows integrity, not origin' },
} as const;

export const verifyHelp: CommandHelp = {
  usage: 'verify ARCHIVE.zip [--key JWK-FILE]',
  summary: "Check an archive's signature and every file in it.",
  details: [
    'Checks the signature of the manifest, then every file\'s SHA-256 and size, and that no file was',
    'added or removed. Exit code 0 when everything holds, 1 naming each file or the signature that does not.',
  ].join('\n'),
  options,
};

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  if (positionals.length !== 1) throw new UsageError(`give one archive to verify (got ${positionals.length})`);
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
