import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { createAspspClient } from '../http/client.ts';
import type { Profile } from '../profile/types.ts';
import { runCase, type CaseOutcome } from '../runner/run-case.ts';
import { createBrowserScaDriver } from '../sca/browser.ts';
import type { StepEvidence } from '../steps/types.ts';
import { loadSuites } from '../suite/load.ts';
import type { Case } from '../suite/types.ts';
import type { SpecValidator } from '../validate/types.ts';
import { startReferenceAspsp } from '../util/reference-aspsp.ts';

/** The status cases timed: each payment in a case of its own, and the three polled together. */
const SEPARATE = ['settles-single-sct', 'settles-single-target-2', 'settles-single-cross-border'] as const;
const TOGETHER = 'settle-together';
const SUITE = 'suites/pis/initiation.yaml';

export interface CaseTiming {
  readonly id: string;
  readonly wallMs: number;
  /** Time spent in the case's polling (repeat) steps. */
  readonly pollMs: number;
  readonly passed: boolean;
  readonly why?: string;
}

export interface SettlementFigures {
  readonly settleAfterMs: number;
  readonly payments: number;
  /** Each separate case, one after another (one worker). */
  readonly oneAtATime: { readonly wallMs: number; readonly pollMs: number; readonly cases: readonly CaseTiming[] };
  /** The separate cases, two at a time (the runner's two workers). */
  readonly twoAtATime: { readonly wallMs: number; readonly cases: readonly CaseTiming[] };
  /** One case polling the three payments at once (`repeat` with `over`). */
  readonly together: CaseTiming;
}

const noEvidence: StepEvidence = { attach: async () => {} };

/**
 * The status cases against the reference ASPSP in real time (`sandbox --settle-after`, no test
 * clock: the profile's clock control is dropped, so polls wait `interval` in wall time), run in
 * process through the runner's own `runCase`: how long the polling takes when each payment waits
 * in its own case, one or two at a time, and when one case polls them all at once.
 */
export async function settlementBench(root: string, base: Profile, validator: SpecValidator, browser: Browser, settleAfterMs: number): Promise<SettlementFigures> {
  const { suites, errors } = loadSuites([resolve(root, SUITE)]);
  if (errors.length) throw new Error(`${SUITE} does not load: ${errors.map((e) => e.message).join('; ')}`);
  const cases = suites.flatMap((s) => s.cases);
  const pick = (id: string): Case => {
    const kase = cases.find((c) => c.id === id);
    if (!kase) throw new Error(`${SUITE} has no case ${id}`);
    return kase;
  };
  const aspsp = await startReferenceAspsp(root, ['--settle-after', `${settleAfterMs}ms`]);
  const profile: Profile = { ...base, baseUrl: aspsp.url, clock: {} };
  const client = createAspspClient(profile);
  const sca = createBrowserScaDriver(async () => browser);
  const timed = async (kase: Case): Promise<CaseTiming> => {
    const polls = new Set(kase.steps.filter((s) => s.kind === 'repeat').map((s) => s.at));
    let pollMs = 0;
    const controller = new AbortController();
    const budgetMs = 120_000;
    const timer = setTimeout(() => controller.abort(), budgetMs);
    const started = performance.now();
    let outcome: CaseOutcome;
    try {
      outcome = await runCase(
        kase,
        { profile, aspsp: client, validator, sca, now: () => new Date() },
        async (_title, body, at) => {
          const t0 = performance.now();
          try {
            return await body(noEvidence);
          } finally {
            if (at && polls.has(at)) pollMs += performance.now() - t0;
          }
        },
        { signal: controller.signal, ms: budgetMs },
      );
    } finally {
      clearTimeout(timer);
    }
    const failed = outcome.findings.filter((f) => !f.passed);
    const why = outcome.stopped ? `stopped: ${outcome.stopped.message}` : failed.length ? failed.map((f) => `[${f.ruleId}] ${f.message}`).join('; ') : undefined;
    return { id: kase.id, wallMs: performance.now() - started, pollMs, passed: why === undefined, ...(why ? { why } : {}) };
  };
  try {
    const separate = SEPARATE.map(pick);
    let t0 = performance.now();
    const one: CaseTiming[] = [];
    for (const kase of separate) one.push(await timed(kase));
    const oneWall = performance.now() - t0;
    t0 = performance.now();
    const two = await pool(separate, 2, timed);
    const twoWall = performance.now() - t0;
    const together = await timed(pick(TOGETHER));
    return {
      settleAfterMs,
      payments: separate.length,
      oneAtATime: { wallMs: oneWall, pollMs: one.reduce((n, c) => n + c.pollMs, 0), cases: one },
      twoAtATime: { wallMs: twoWall, cases: two },
      together,
    };
  } finally {
    await client.close();
    await aspsp.stop();
  }
}

/** `work` over `items`, at most `width` at a time, results in the items' order. */
async function pool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
