import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { repoRoot } from './helpers/cli.ts';

/**
 * Which folder may import which: data flows one way (suite → plan → steps → results → report),
 * and the reference ASPSP and the harness never import each other. New folder = one line here.
 */
const allowed: Record<string, readonly string[]> = {
  util: [],
  rules: [],
  // eIDAS certificate structures (ETSI TS 119 495), shared by the harness, the CLI and the reference ASPSP.
  eidas: [],
  yaml: ['util', 'rules'],
  suite: ['util', 'rules', 'yaml', 'suites'],
  profile: ['util', 'rules', 'yaml', 'suite', 'fixtures'],
  plan: ['util', 'rules', 'yaml', 'suite', 'profile'],
  validate: ['util', 'rules', 'specs'],
  specgen: ['util', 'validate'],
  http: ['util', 'profile', 'validate'],
  report: ['util', 'rules', 'http', 'profile', 'suite', 'validate'],
  sca: ['util', 'profile'],
  oauth: ['util', 'profile', 'plan', 'http', 'sca'],
  steps: ['util', 'rules', 'suite', 'profile', 'plan', 'validate', 'http', 'report', 'sca', 'oauth'],
  runner: ['util', 'rules', 'yaml', 'suite', 'profile', 'plan', 'validate', 'http', 'report', 'sca', 'steps', 'fixtures'],
  bench: ['util', 'rules', 'suite', 'profile', 'plan', 'validate', 'http', 'report', 'sca', 'steps', 'runner', 'fixtures'],
  cli: ['util', 'rules', 'yaml', 'suite', 'profile', 'plan', 'validate', 'report', 'sandbox', 'eidas'],
  // util is a leaf (it imports nothing of the project): plain helpers, not the harness.
  sandbox: ['eidas', 'util'],
};

const src = join(repoRoot, 'src');
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name));

/** Top folder of a path: a src/ folder, or a repo-level folder (fixtures, suites, specs). */
function area(file: string): string {
  const rel = relative(repoRoot, file).split(sep);
  return rel[0] === 'src' ? (rel[1] ?? '') : (rel[0] ?? '');
}

test('every src folder is in the dependency table', () => {
  const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(folders.filter((f) => !(f in allowed)), []);
});

test('imports follow the dependency table', () => {
  const violations: string[] = [];
  for (const file of files) {
    const from = area(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = area(resolve(dirname(file), m[1]!));
      if (to !== from && !allowed[from]?.includes(to)) violations.push(`${relative(repoRoot, file)} imports ${to} (${m[1]})`);
    }
  }
  assert.deepEqual(violations, []);
});
