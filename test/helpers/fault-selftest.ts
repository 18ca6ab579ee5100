import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faults } from '../../src/sandbox/faults/catalog.ts';
import { discoverSuites } from '../../src/suite/discover.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { readServerTls } from '../../src/sandbox/security/tls.ts';
import { cli, repoRoot, tempDir } from './cli.ts';
import { grepForCases, PROOF_CASES } from './fault-proof-cases.ts';

/**
 * The harness's worth: each fault of the reference ASPSP makes the run fail, naming the rule the
 * fault breaks (with no fault the same suites pass: test/conformance.test.ts).
 */

const FAULT_RETURN_TIMEOUT_MS = 5_000;

/** A copy of a reference profile (plain, or over mTLS with signing) pointing at a separately started reference ASPSP. */
function profileFor(url: string, dir: string, template = 'reference.yaml'): string {
  const text = readFileSync(join(repoRoot, 'fixtures/aspsps', template), 'utf8')
    .replace(/^baseUrl:.*$/m, `baseUrl: ${url}`)
    .replace('$schema=./profile.schema.json', `$schema=${join(repoRoot, 'fixtures/aspsps/profile.schema.json')}`);
  const file = join(dir, 'profile.yaml');
  // The reference ASPSP is local: a fault that never sends the PSU back, or never finalises a
  // decoupled SCA, is caught in seconds instead of the profile's default quarter-minute. Browser
  // traces are evidence for people, not verdicts (the conformance run proves them): off here.
  const tuned = text.replace(/^sca:\n/m, 'sca:\n  traces: false\n');
  assert.notEqual(tuned, text, `${template} has no top-level sca: block`);
  writeFileSync(file, `${tuned}\ntimeouts:\n  scaReturn: ${FAULT_RETURN_TIMEOUT_MS}\n`);
  return file;
}

const { suites } = loadSuites(discoverSuites(join(repoRoot, 'suites')));
const allCases = suites.flatMap((s) => s.cases);
const checkedBySuites = new Set(suites.flatMap((s) => s.cases.flatMap((c) => c.steps.flatMap((st) => ('rule' in st ? [st.rule] : [])))));

/**
 * Only the cases tagged with the fault's rule run (cases carry their requirement ids as tags), so
 * the self-test stays fast as faults grow. A rule the spec validator checks (on every response) is
 * proven on the smoke cases plus the cases that declare it (e.g. a negative case for error bodies).
 * Where many cases check the rule, the ones the fault shows in first (PROOF_CASES) stand for them.
 */
function grepFor(fault: { name: string; ruleId: string }): string {
  const proof = PROOF_CASES[fault.name];
  if (proof) return grepForCases(proof);
  const ruleId = fault.ruleId;
  const tag = `@${ruleId}(?![A-Z0-9-])`;
  return checkedBySuites.has(ruleId) ? tag : `${tag}|@smoke(?![a-z0-9-])`;
}

/** The ids of the cases a fault of this rule runs without PROOF_CASES (what grepFor selects by tag). */
export function casesOfRule(ruleId: string): string[] {
  const bySmoke = !checkedBySuites.has(ruleId);
  return allCases.filter((c) => c.requirements.includes(ruleId) || (bySmoke && c.tags.includes('smoke'))).map((c) => c.id);
}

/**
 * Certificate and signature faults (`needs`) need the reference ASPSP on HTTPS, requiring a client
 * certificate and signatures, and the profile for it with the test PKI: one PKI for the file, made on first use.
 */
let pki: Promise<string> | undefined;
const testPki = () =>
  (pki ??= (async () => {
    const dir = tempDir('psd2-fault-pki-');
    const { code, output } = await cli(['certs', '--out', dir]);
    assert.equal(code, 0, output);
    return dir;
  })());

interface ProjectSummary {
  exitCode: number;
  rules: { id: string; verdict: string }[];
  cases: { failures: { ruleId: string; message: string }[] }[];
}

/**
 * Every fault in one run: a reference ASPSP per fault (in this process: a bank costs a port, not a
 * process), and one Playwright project per fault with its own profile and only its rule's cases.
 * One runner and one worker pool serve them all, judged per project, so the self-test stays within
 * the test budget as faults grow.
 */
/**
 * The self-test of one share of the faults (every `parts`-th, starting at `part`), inside the
 * caller's describe: npm test runs the shares as separate files, so their runs overlap, and each
 * file's time is reported under its own name.
 */
export function faultShareTests(part: number, parts: number): void {
  const share = faults.filter((_, i) => i % parts === part);
  const dir = tempDir('psd2-faults-');
  const sandboxes: RunningSandbox[] = [];
  let projects: Record<string, ProjectSummary> = {};
  let output = '';

  before(async () => {
    const list = [];
    const tlsDir = share.some((f) => 'needs' in f) ? await testPki() : undefined;
    for (const fault of share) {
      const secure = 'needs' in fault && tlsDir !== undefined;
      const sandbox = await startSandbox({
        port: 0,
        faults: [fault.name],
        ...(secure ? { tls: readServerTls(tlsDir), requireClientCert: true, requireSignature: true } : {}),
      });
      sandboxes.push(sandbox);
      const folder = join(dir, fault.name);
      mkdirSync(folder);
      const template = secure ? 'reference-mtls.yaml' : 'reference.yaml';
      list.push({ name: fault.name, profile: profileFor(sandbox.url, folder, template), grep: grepFor(fault) });
    }
    writeFileSync(join(dir, 'projects.json'), JSON.stringify(list));
    const env = { PSD2_PROJECTS: join(dir, 'projects.json'), PSD2_REPORTS: dir, ...(tlsDir ? { PSD2_TLS_DIR: tlsDir } : {}) };
    const run = await cli(['run', '--out', join(dir, 'run'), '--no-report'], env);
    output = run.output;
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as { projects?: Record<string, ProjectSummary> };
    projects = summary.projects ?? {};
  });
  after(async () => {
    await Promise.all(sandboxes.map((s) => s.close()));
  });

  for (const fault of share) {
    test(`fault ${fault.name} fails the run naming ${fault.ruleId}`, () => {
      const project = projects[fault.name];
      assert.ok(project, `no result for fault ${fault.name}:\n${output.slice(-3000)}`);
      assert.notEqual(project.exitCode, 0, `the run passed against fault ${fault.name}`);
      const named = project.cases.flatMap((c) => c.failures).filter((f) => f.ruleId === fault.ruleId);
      assert.ok(named.length, `no failure names ${fault.ruleId}: ${JSON.stringify(project.cases.flatMap((c) => c.failures)).slice(0, 2000)}`);
      assert.match(output, new RegExp(`\\[${fault.ruleId}\\] `), `the console does not name ${fault.ruleId}`);
      const verdict = project.rules.find((r) => r.id === fault.ruleId)?.verdict;
      assert.equal(verdict, 'failed', `${fault.ruleId} is '${verdict}' in the summary`);
    });
  }
}
