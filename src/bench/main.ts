import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { chromium } from '@playwright/test';
import { loadProfile } from '../profile/load.ts';
import type { Profile } from '../profile/types.ts';
import { createAspspClient } from '../http/client.ts';
import { loadSpec } from '../validate/index.ts';
import { createRedactor } from '../report/redact.ts';
import { redactingEvidence } from '../report/evidence.ts';
import { createBrowserScaDriver } from '../sca/browser.ts';
import { requestStep } from '../steps/request.ts';
import { definitionOf } from '../steps/registry.ts';
import type { StepContext, StepEvidence } from '../steps/types.ts';
import { chromiumLaunchOptions } from '../../fixtures/browser.ts';
import { aisFlow, authoriseOnce } from './flow.ts';
import { transactionsBody } from './transactions.ts';
import { scaBench } from './sca.ts';
import { defaultRun } from './run.ts';
import { startReferenceAspsp } from '../util/reference-aspsp.ts';
import { settlementBench } from './settlement.ts';

/**
 * Benchmarks, not tests: spec load + compile, validation throughput, and the harness's
 * per-request cost as a ratio to raw undici on the same flow. Usage:
 *   npm run bench [-- --url URL] [--iterations N] [--profile FILE] [--no-sca]
 * With --url the consent used for account reads is authorised once through the profile's SCA
 * script, unless --no-sca (e.g. a mock server that serves accounts without any consent).
 */
const USAGE = `Usage: npm run bench [-- [--url URL] [--iterations N] [--profile FILE] [--no-sca] [--sca-iterations N] [--cold-starts N] [--settle-after SECONDS] [--no-settlement] [--no-run]]

Benchmarks (not tests): spec load and a worker's first validated response, validations per second,
the harness's per-request cost against raw undici on the same flow, the SCA journey against a
plain Playwright script, payment status polling against a bank that settles in real time (each
payment in its own case vs one case polling them at once), and the default conformance run (cases,
wall time, time per SCA case).

Options:
  --url URL         a Berlin Group base URL to time (default: the embedded reference ASPSP)
  --iterations N    flows per side (default 50)
  --profile FILE    the profile whose spec and SCA script are used (default: the reference ASPSP's)
  --no-sca          do not authorise the consent first (e.g. a mock that serves accounts without one);
                    also skips the SCA journey timing
  --sca-iterations N  SCA journeys per side, harness and plain Playwright (default 5)
  --cold-starts N   worker starts timed, each in a fresh process (default 5; the median is printed)
  --settle-after SECONDS  real-time settlement of the reference ASPSP for the polling benchmark (default 3)
  --no-settlement   skip the polling benchmark (status cases against the reference ASPSP in real time)
  --no-run          skip timing the default conformance run (every suite, report included)
  -h, --help        show this help
`;

const { values } = parseBenchArgs();
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 1) usageError(`--iterations must be a positive whole number, got '${values.iterations}'`);
const scaIterations = Number(values['sca-iterations']);
if (!Number.isInteger(scaIterations) || scaIterations < 1) usageError(`--sca-iterations must be a positive whole number, got '${values['sca-iterations']}'`);
const coldStartCount = Number(values['cold-starts']);
if (!Number.isInteger(coldStartCount) || coldStartCount < 1) usageError(`--cold-starts must be a positive whole number, got '${values['cold-starts']}'`);
const settleAfterS = Number(values['settle-after']);
if (!Number.isFinite(settleAfterS) || settleAfterS <= 0 || settleAfterS > 600) usageError(`--settle-after must be a number of seconds from 0 to 600, got '${values['settle-after']}'`);
const root = resolve(import.meta.dirname, '../..');
const noEvidence: StepEvidence = { attach: async () => {} };

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

// 1. A worker's start: spec load, then its first validated response (validators compile on first
// use), each timed in a fresh process, as often as --cold-starts says: the median is the figure.
const profileFile = values.profile ? resolve(values.profile) : resolve(root, 'fixtures/aspsps/reference.yaml');
const starts = coldStarts(profileFile, coldStartCount);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const firsts = starts.map((s) => s.firstMs);
const profileBase = loadProfile(profileFile);
const validator = loadSpec(profileBase.spec, { baseDir: resolve(profileBase.file, '..') });
let t0 = performance.now();
const compiled = loadSpec(profileBase.spec, { baseDir: resolve(profileBase.file, '..') }).compileAll();
const compileMs = ms(t0);
console.log(
  `spec ${starts[0]!.spec}, worker start in ${starts.length} fresh processes (median): load ${fmt(median(starts.map((s) => s.loadMs)))} ms; ` +
    `first validated response ${fmt(median(firsts))} ms (${fmt(Math.min(...firsts))}–${fmt(Math.max(...firsts))}; validators compile on first use); ` +
    `all ${compiled} response validators at once ${fmt(compileMs)} ms`,
);

// 2. Validations per second on a 1,000-transaction body.
const body = transactionsBody(1000);
const response = { status: 200, headers: { 'x-request-id': randomUUID(), 'content-type': 'application/json' }, body };
const check = validator.validateResponse('getTransactionList', response).filter((f) => !f.passed);
if (check.length) throw new Error(`the benchmark body is not valid: ${check.map((f) => f.message).join('; ')}`);
const rounds = 300;
t0 = performance.now();
for (let i = 0; i < rounds; i++) validator.validateResponse('getTransactionList', response);
const perSecond = rounds / (ms(t0) / 1000);
console.log(`validation: getTransactionList 200 with 1,000 transactions: ${fmt(perSecond, 0)} validations/s (${fmt(1000 / perSecond, 3)} ms each)`);

// 3. The flow, raw undici vs the harness.
const sandbox = values.url ? undefined : await startReferenceAspsp(root);
const baseUrl = values.url ?? sandbox!.url;
const profile: Profile = { ...profileBase, baseUrl };
const aspsp = createAspspClient(profile);
// As in the runner: every attachment passes the redactor, so its cost is part of the harness's.
const evidence = redactingEvidence(noEvidence, createRedactor(profile.secrets));
const vars = new Map<string, unknown>();
const ctx: StepContext = {
  profile, aspsp, validator, now: () => new Date(),
  sca: { open: () => Promise.reject(new Error('no SCA while timing')) },
  state: { vars, missing: new Map() },
  signal: new AbortController().signal,
  step: (_title, run) => run(noEvidence),
  record: () => {},
  inconclusive: () => {},
};

try {
  if (values['no-sca']) vars.set('authorisedConsentId', 'bench-consent');
  else await authorise(profile);

  const harnessFlow = async () => {
    for (const step of aisFlow) {
      await requestStep.run(step, ctx, evidence).catch((e: unknown) => {
        if ((e as Error).name !== 'FindingsError') throw e;
      });
    }
  };
  const rawFlow = rawFlowFor(profile, () => String(vars.get('authorisedConsentId')));

  try {
    for (let i = 0; i < 5; i++) {
      await rawFlow();
      await harnessFlow();
    }
  } catch (e) {
    // Timing a flow that cannot complete would measure error paths, not the harness.
    const hint = values['no-sca'] && !values.url ? ' (the reference ASPSP serves accounts only on an authorised consent: leave out --no-sca)' : '';
    console.error(`the flow cannot run against ${baseUrl}: ${(e as Error).message}${hint}`);
    await aspsp.close();
    await sandbox?.stop();
    process.exit(1);
  }
  // Interleaved, so drift in the ASPSP or the machine weighs on both sides alike.
  let raw = 0;
  let harness = 0;
  for (let i = 0; i < iterations; i++) {
    raw += await timeIt(rawFlow, 1);
    harness += await timeIt(harnessFlow, 1);
  }
  raw /= iterations;
  harness /= iterations;
  const requests = aisFlow.length;
  console.log(`flow against ${baseUrl}: ${requests} requests (AIS: consent, status, accounts, transactions) x ${iterations}`);
  console.log(`  raw undici: ${fmt(raw)} ms/flow, ${fmt(raw / requests)} ms/request`);
  console.log(`  harness:    ${fmt(harness)} ms/flow, ${fmt(harness / requests)} ms/request (request building, validation, capture, redacted evidence)`);
  console.log(`  ratio harness/raw: ${fmt(harness / raw)}x (harness cost over raw: ${fmt((harness - raw) / requests)} ms/request)`);

  // 4. The SCA journey: the harness's sca step against a plain Playwright script, same pages and browser.
  const browser = values['no-sca'] ? undefined : await chromium.launch(chromiumLaunchOptions());
  if (browser) try {
    const sca = scaBench(profile, browser, ctx);
    const traceMode = profile.sca.traces === 'snapshots' ? 'a trace with DOM snapshots' : 'a trace of the actions';
    await sca.plain();
    await sca.plainWithScreenshots();
    await sca.harness();
    await sca.traced();
    let plain = 0;
    let plainShots = 0;
    let harnessSca = 0;
    let tracedSca = 0;
    for (let i = 0; i < scaIterations; i++) {
      plain += await sca.plain();
      plainShots += await sca.plainWithScreenshots();
      harnessSca += await sca.harness();
      tracedSca += await sca.traced();
    }
    plain /= scaIterations;
    plainShots /= scaIterations;
    harnessSca /= scaIterations;
    tracedSca /= scaIterations;
    console.log(`SCA journey (${profile.sca.redirect?.approve.length ?? 0} bank pages, fresh context each) x ${scaIterations}:`);
    console.log(`  plain Playwright script: ${fmt(plain, 0)} ms`);
    console.log(`  plain + screenshots:     ${fmt(plainShots, 0)} ms (${fmt(plainShots / plain)}x: the plain script with Playwright's bare full-page screenshot of each page)`);
    console.log(`  harness sca step:        ${fmt(harnessSca, 0)} ms (a picture of each page, typed fields covered, taken while the click is checked; return caught on the redirect; no trace, the default)`);
    console.log(`  harness with the trace:  ${fmt(tracedSca, 0)} ms (${traceMode}, masked: sca.traces${profile.sca.traces === 'snapshots' ? ': snapshots' : ': true'}; it costs ${fmt(tracedSca - harnessSca, 0)} ms a journey)`);
    console.log(`  ratio harness/plain: ${fmt(harnessSca / plain)}x; with the trace ${fmt(tracedSca / plain)}x; harness/(plain + screenshots) ${fmt(harnessSca / plainShots)}x`);
  } finally {
    await browser.close();
  }
} finally {
  await aspsp.close();
  await sandbox?.stop();
}

// 5. Status polling against a bank that settles in real time: waits one after another, or overlapping.
if (!values['no-settlement'] && !values.url) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const s = await settlementBench(root, profileBase, validator, browser, Math.round(settleAfterS * 1000));
    const sec = (msValue: number) => `${fmt(msValue / 1000, 1)} s`;
    console.log(`status polling, reference ASPSP in real time (--settle-after ${settleAfterS}s, no test clock; polls every 2 s), ${s.payments} payments:`);
    console.log(`  slowest settlement ${sec(s.settleAfterMs)}; sum of settlements ${sec(s.settleAfterMs * s.payments)}`);
    console.log(`  a case per payment, one at a time (one worker):     polling ${sec(s.oneAtATime.pollMs)} in all; wall ${sec(s.oneAtATime.wallMs)}`);
    console.log(`  a case per payment, two at a time (2 workers):      wall ${sec(s.twoAtATime.wallMs)}`);
    console.log(`  one case polling all ${s.payments} at once (repeat over): polling ${sec(s.together.pollMs)}; wall ${sec(s.together.wallMs)} (its ${s.payments} SCA journeys come first)`);
    for (const c of [...s.oneAtATime.cases, ...s.twoAtATime.cases, s.together].filter((c) => !c.passed)) console.log(`  warning: ${c.id} did not pass, so its time is not a settlement's: ${c.why}`);
  } finally {
    await browser.close();
  }
}

// 6. The default conformance run, as `npm run conformance` makes it: every suite, report included.
if (!values['no-run'] && !values.url) {
  const run = await defaultRun(root);
  console.log(`default run (every suite vs the embedded reference ASPSP, report included): ${run.cases} cases in ${fmt(run.wallMs / 1000, 1)} s wall (exit code ${run.exitCode})`);
  console.log(`  SCA cases: ${run.scaCases}, ${fmt(run.msPerScaCase, 0)} ms each on average; other cases ${fmt(run.msPerOtherCase, 0)} ms each`);
}

async function timeIt(fn: () => Promise<void>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ms(start) / n;
}

async function authorise(p: Profile): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const authCtx: StepContext = { ...ctx, profile: p, sca: createBrowserScaDriver(async () => browser) };
    // Failures throw (FindingsError, CaseStopError): timing an unauthorised flow would measure errors.
    for (const step of authoriseOnce) await definitionOf(step).run(step, authCtx, noEvidence);
  } finally {
    await browser.close();
  }
}

/** The same four requests with nothing but undici and JSON. */
function rawFlowFor(p: Profile, authorised: () => string) {
  const base = p.baseUrl.replace(/\/$/, '');
  const common = () => ({ 'x-request-id': randomUUID(), accept: 'application/json', ...p.headers });
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const consentBody = JSON.stringify({
    access: { accounts: [{ iban: p.psu.iban }], balances: [{ iban: p.psu.iban }], transactions: [{ iban: p.psu.iban }] },
    recurringIndicator: true, validUntil: day(90), frequencyPerDay: 4, combinedServiceIndicator: false,
  });
  const call = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, reqBody?: string) => {
    const res = await request(`${base}${path}`, { method, headers: { ...common(), ...headers }, body: reqBody });
    return (await res.body.json()) as Record<string, unknown>;
  };
  return async () => {
    const created = await call('POST', '/v1/consents', {
      'content-type': 'application/json', 'psu-id': p.psu.id ?? '', 'tpp-redirect-preferred': 'true',
      'tpp-redirect-uri': p.tpp.redirectUri, 'tpp-nok-redirect-uri': p.tpp.nokRedirectUri,
    }, consentBody);
    await call('GET', `/v1/consents/${encodeURIComponent(String(created.consentId))}/status`, {});
    const list = await call('GET', '/v1/accounts', { 'consent-id': authorised() });
    const account = (list.accounts as { resourceId: string }[] | undefined)?.[0]?.resourceId ?? 'unknown';
    await call('GET', `/v1/accounts/${encodeURIComponent(account)}/transactions?bookingStatus=booked&dateFrom=${day(-30)}`, { 'consent-id': authorised() });
  };
}

function parseBenchArgs() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  try {
    return parseArgs({
      args,
      options: {
        url: { type: 'string' },
        iterations: { type: 'string', default: '50' },
        profile: { type: 'string' },
        'no-sca': { type: 'boolean' },
        'sca-iterations': { type: 'string', default: '5' },
        'cold-starts': { type: 'string', default: '5' },
        'no-run': { type: 'boolean' },
        'settle-after': { type: 'string', default: '3' },
        'no-settlement': { type: 'boolean' },
      },
    });
  } catch (e) {
    return usageError((e as Error).message.split('. ')[0] ?? String(e));
  }
}

function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\nRun 'npm run bench -- --help' for usage.\n`);
  process.exit(2);
}

/** Worker starts, each timed in a fresh Node process (module loading included, as in a new worker). */
function coldStarts(profile: string, count: number): { loadMs: number; firstMs: number; spec: string }[] {
  return Array.from({ length: count }, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cold-start.ts'), profile], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the cold-start probe failed: ${run.stderr.slice(0, 500)}`);
    return JSON.parse(run.stdout) as { loadMs: number; firstMs: number; spec: string };
  });
}
