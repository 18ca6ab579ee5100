import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { asksForHelp, parseCommandArgs } from '../src/cli/args.ts';
import { commands, isCommand } from '../src/cli/commands.ts';
import { plan } from '../src/plan/plan.ts';
import { loadProfile, tryLoadProfile } from '../src/profile/load.ts';
import { parseSuite } from '../src/suite/load.ts';
import { loadSpec } from '../src/validate/index.ts';
import { formatLoadErrors } from '../src/yaml/errors.ts';
import { repoRoot } from './helpers/cli.ts';

/** Every fenced example of the README is checked, so the docs cannot rot. */
interface Block {
  readonly lang: string;
  readonly text: string;
  readonly line: number;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks: Block[] = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1] ?? '',
  text: m[2] ?? '',
  line: readme.slice(0, m.index).split('\n').length,
}));
const yamlBlocks = blocks.filter((b) => b.lang === 'yaml');
const shBlocks = blocks.filter((b) => b.lang === 'sh');

// Values for the ${env:…} a profile example reads.
const env = {
  BANK_BASE_URL: 'https://api.bank.example/psd2',
  BANK_PSU_ID: 'PSU-1',
  BANK_PSU_PASSWORD: 'pw-123456',
  BANK_PSU_OTP: '123456',
};

test('the README has yaml and sh examples', () => {
  assert.ok(yamlBlocks.length >= 2, 'yaml examples');
  assert.ok(shBlocks.length >= 3, 'sh examples');
});

for (const block of yamlBlocks) {
  // Classified by its keys, or failing that its text: a broken example must fail its own test.
  const value = parseOrUndefined(block.text);
  const kind = /^scaApproaches:/m.test(block.text) ? 'profile' : /^cases:/m.test(block.text) ? 'suite' : 'yaml';

  test(`README.md:${block.line}: the ${kind} example is valid YAML`, () => {
    const doc = parseDocument(block.text, { uniqueKeys: true });
    assert.deepEqual(doc.errors.map((e) => e.message), []);
  });

  if (kind === 'profile') {
    test(`README.md:${block.line}: the profile example loads through the profile loader`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'psd2-readme-'));
      try {
        const file = join(dir, 'bank.yaml');
        writeFileSync(file, block.text);
        // Files the example names (mTLS key pair) are the reader's own: stand-ins here.
        const tls = isRecord(value) && isRecord(value['tls']) ? Object.values(value['tls']) : [];
        for (const f of tls) if (typeof f === 'string') writeFileSync(join(dir, f), '');
        const { profile, errors } = tryLoadProfile(file, env);
        assert.deepEqual(errors, [], formatLoadErrors(errors));
        assert.equal(profile?.baseUrl, env.BANK_BASE_URL);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  if (kind === 'suite') {
    test(`README.md:${block.line}: the suite example lints clean against the reference ASPSP's profile`, () => {
      const { suite, errors } = parseSuite(join(repoRoot, 'suites', 'readme.yaml'), block.text);
      assert.deepEqual(errors, [], formatLoadErrors(errors));
      const profile = loadProfile(join(repoRoot, 'fixtures/aspsps/reference.yaml'), {});
      const operationIds = new Set(loadSpec(profile.spec, { baseDir: dirname(profile.file) }).operationIds());
      const problems = plan({ suites: [suite!], profile, operationIds }).flatMap((c) => c.problems);
      assert.deepEqual(problems, [], formatLoadErrors(problems));
    });
  }
}

const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

for (const block of shBlocks) {
  test(`README.md:${block.line}: the shell example's commands and options exist`, async () => {
    const commandLines = block.text.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    for (const line of commandLines) {
      for (const segment of line.split('&&').map((s) => s.trim().split(/\s+/))) {
        const [tool, ...rest] = segment;
        const cli = tool === 'npx' && rest[0] === 'psd2-conformance' ? rest.slice(1) : tool === 'node' && rest[0] === 'bin/psd2-conformance.js' ? rest.slice(1) : undefined;
        if (cli) await checkCli(cli, line);
        if (tool === 'npm' && rest[0] === 'run') assert.ok(rest[1]! in scripts, `${line}: no npm script ${rest[1]}`);
        if (tool === 'npm' && rest[0] === 'test') assert.ok('test' in scripts, line);
      }
    }
  });
}

async function checkCli(args: readonly string[], line: string): Promise<void> {
  const [name, ...argv] = args;
  assert.ok(name !== undefined && isCommand(name), `${line}: unknown command ${name}`);
  if (asksForHelp(argv)) return;
  const { help } = await commands[name]();
  const { positionals } = parseCommandArgs(argv, help.options, { positionals: true });
  // A command whose usage names no operand (`[suite.yaml…]`, or a bare one: `verify ARCHIVE.zip`) takes none.
  const operands = /\[[^\]-][^\]]*…\]/.test(help.usage) || /^\S+\s+[^[\s-]/.test(help.usage);
  if (!operands) assert.deepEqual(positionals, [], `${line}: ${name} takes no arguments`);
}

function parseOrUndefined(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

test('the README\'s CLI table has a row for every command', () => {
  for (const name of Object.keys(commands)) assert.match(readme, new RegExp(`^\\| \`${name}\\b`, 'm'), `no row for ${name}`);
});
