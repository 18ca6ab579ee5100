import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { tryLoadProfile } from '../profile/load.ts';
import type { ScaApproach } from '../suite/types.ts';
import { bundleNamePattern } from '../validate/repo.ts';
import { formatLoadErrors } from '../yaml/errors.ts';
import { integerOption, parseCommandArgs, UsageError, type CommandHelp } from './args.ts';
import { discover, type Discovery } from './discover.ts';
import { repoRoot } from './paths.ts';
import { PSU_VARIABLES, starterProfile } from './starter-profile.ts';

const APPROACHES: readonly ScaApproach[] = ['REDIRECT', 'EMBEDDED', 'DECOUPLED'];
const DEFAULT_SPEC = 'berlin-group-1.3.12';

const options = {
  'base-url': { type: 'string', arg: 'URL', help: "the bank's API prefix, e.g. https://api.bank.example/psd2 (the /v1/... paths are appended)" },
  spec: { type: 'string', arg: 'SPEC', help: `berlin-group-1.3.12 or berlin-group-1.3.8, or a path to the bank's OpenAPI 3.0 file (default ${DEFAULT_SPEC})` },
  'sca-approach': { type: 'string', arg: 'APPROACH', help: 'REDIRECT, EMBEDDED or DECOUPLED (default REDIRECT)' },
  name: { type: 'string', arg: 'NAME', help: 'shown in reports (default: the base URL\'s host)' },
  out: { type: 'string', arg: 'FILE', help: 'where to write the profile (default aspsp.yaml)' },
  discover: { type: 'boolean', help: 'probe the bank first: OAuth metadata, spec version, SCA approach, explicit start (creates one consent, never authorised)' },
  timeout: { type: 'string', arg: 'MS', help: 'deadline of each discovery probe (default 5000)' },
  force: { type: 'boolean', help: 'overwrite FILE if it exists' },
} as const;

export const initHelp: CommandHelp = {
  usage: 'init [options]',
  summary: 'Write a starter profile for a bank, from flags, questions or a discovery pass.',
  details: [
    'Values not given as flags are asked for when stdin is a terminal, otherwise defaulted (--base-url',
    'is required). With --discover the bank is probed (each probe under a deadline, --timeout; a probe that',
    'fails is noted, never fatal) and what it answers fills spec and SCA approach unless given as flags,',
    'and lists capability explicit-start when the bank leaves the start of the authorisation to the TPP.',
    `The profile reads the test PSU from ${PSU_VARIABLES.join(', ')}; the SCA script is an example to adapt.`,
  ].join('\n'),
  options,
  examples: ['--base-url https://api.bank.example/psd2 --out bank.yaml', '--base-url http://127.0.0.1:47310 --discover', ''],
};

export async function initCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, { positionals: false });
  const timeout = integerOption('timeout', values.timeout ?? '5000', 1);
  const ask = process.stdin.isTTY ? prompter() : undefined;
  try {
    const baseUrl = checkUrl(values['base-url'] ?? (await ask?.('Base URL of the bank\'s API (its prefix, e.g. https://api.bank.example/psd2)')));
    const out = resolve(values.out ?? (await ask?.('Write the profile to', 'aspsp.yaml')) ?? 'aspsp.yaml');
    if (existsSync(out) && !values.force) throw new UsageError(`${out} exists; pass --force to overwrite it`);

    const discovery = values.discover ? await discover({ baseUrl, redirectUri: 'https://tpp.localhost/callback/ok', timeout }) : undefined;
    for (const note of discovery?.notes ?? []) process.stdout.write(`  ${note}\n`);
    const name = values.name ?? (await ask?.('Name shown in reports', new URL(baseUrl).host)) ?? new URL(baseUrl).host;
    const spec = checkSpec(values.spec ?? (await ask?.('Spec (berlin-group-1.3.12, berlin-group-1.3.8 or a file)', discovery?.spec ?? DEFAULT_SPEC)) ?? discovery?.spec ?? DEFAULT_SPEC);
    const approach = checkApproach(values['sca-approach'] ?? (await ask?.('SCA approach (REDIRECT, EMBEDDED, DECOUPLED)', discovery?.scaApproach ?? 'REDIRECT')) ?? discovery?.scaApproach ?? 'REDIRECT');

    const schemaPath = relative(dirname(out), resolve(repoRoot, 'fixtures/aspsps/profile.schema.json')).split(sep).join('/');
    writeFileSync(out, starterProfile({ name, baseUrl, spec, scaApproach: approach, schemaPath, ...(discovery ? { discovery } : {}) }));
    return checkWritten(out, discovery);
  } finally {
    ask?.close();
  }
}

/** The written file must load; the PSU variables are stand-ins here, only the shape is checked. */
function checkWritten(out: string, discovery: Discovery | undefined): number {
  const stand = Object.fromEntries(PSU_VARIABLES.map((v) => [v, process.env[v] ?? 'set-me']));
  const { errors } = tryLoadProfile(out, { ...process.env, ...stand });
  if (errors.length) {
    process.stderr.write(`the profile written to ${out} does not load:\n${formatLoadErrors(errors)}\n`);
    return 2;
  }
  const found = discovery ? ` (discovery: ${[discovery.spec, discovery.scaApproach, ...(discovery.capabilities ?? [])].filter(Boolean).join(', ') || 'nothing conclusive'})` : '';
  process.stdout.write(
    `Wrote ${relative(process.cwd(), out) || out}${found}.\n` +
      `Next: set ${PSU_VARIABLES.join(', ')}, adapt the SCA script to the bank's pages, then\n` +
      `  psd2-conformance lint --profile ${relative(process.cwd(), out) || out}\n  psd2-conformance run --profile ${relative(process.cwd(), out) || out}\n`,
  );
  return 0;
}

function checkUrl(value: string | undefined): string {
  if (!value) throw new UsageError('--base-url is required (the bank\'s API prefix, e.g. https://api.bank.example/psd2)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be an http(s) URL, got '${value}'`);
  return value.replace(/\/$/, '');
}

function checkSpec(value: string): string {
  if (bundleNamePattern.test(value) && !['berlin-group-1.3.12', 'berlin-group-1.3.8'].includes(value)) {
    throw new UsageError(`--spec '${value}' is not a bundled spec (berlin-group-1.3.12, berlin-group-1.3.8); a path to a file works too`);
  }
  return value;
}

function checkApproach(value: string): ScaApproach {
  const approach = APPROACHES.find((a) => a === value.trim().toUpperCase());
  if (!approach) throw new UsageError(`--sca-approach must be one of ${APPROACHES.join(', ')}, got '${value}'`);
  return approach;
}

type Ask = ((question: string, fallback?: string) => Promise<string | undefined>) & { close(): void };

/** Questions on the terminal; an empty answer takes the default shown in brackets. */
function prompter(): Ask {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // The line iterator buffers: answers typed ahead (or pasted at once) are not lost between questions.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string, fallback?: string) => {
    process.stdout.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await lines.next();
    if (next.done) throw new UsageError('no answer (input closed)');
    return String(next.value).trim() || fallback;
  };
  return Object.assign(ask, { close: () => rl.close() });
}
