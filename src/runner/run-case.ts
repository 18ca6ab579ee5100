import type { Case } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { definitionOf } from '../steps/registry.ts';
import { CaseStopError, FindingsError, formatFinding } from '../steps/errors.ts';
import type { CaseState, StepContext, StepEvidence } from '../steps/types.ts';
import type { Position } from '../rules/types.ts';

/** The runner's step primitive: Playwright's test.step with the step's YAML position. */
export type RunStep = <T>(title: string, body: (evidence: StepEvidence) => Promise<T>, at?: Position) => Promise<T>;

export interface CaseOutcome {
  readonly findings: readonly Finding[];
  /** Why the case stopped early, when it did. */
  readonly stopped?: Error;
}

/**
 * Runs a case's steps in order. A step that finds non-conformance fails (red in the report) but
 * the case goes on; a step that leaves nothing to go on with stops the case.
 */
export async function runCase(
  kase: Case,
  ctx: Omit<StepContext, 'state' | 'record' | 'step'>,
  runStep: RunStep,
): Promise<CaseOutcome> {
  const findings: Finding[] = [];
  const state: CaseState = { vars: new Map(), missing: new Map() };
  const stepCtx: StepContext = {
    ...ctx,
    state,
    record: (f) => findings.push(...f),
    step: (title, body) => runStep(title, body),
  };
  for (const step of kase.steps) {
    const def = definitionOf(step);
    try {
      await runStep(def.title(step), (evidence) => def.run(step, stepCtx, evidence), step.at);
    } catch (e) {
      if (e instanceof FindingsError) continue;
      return { findings, stopped: e instanceof Error ? e : new Error(String(e)) };
    }
  }
  return { findings };
}

/** One message for the whole case: every failed rule, then why it stopped. */
export function caseFailure(outcome: CaseOutcome): string | undefined {
  const failed = outcome.findings.filter((f) => !f.passed);
  if (!failed.length && !outcome.stopped) return undefined;
  const lines = failed.map(formatFinding);
  if (outcome.stopped) {
    const kind = outcome.stopped instanceof CaseStopError ? outcome.stopped.code : outcome.stopped.name;
    lines.push(`case stopped (${kind}): ${outcome.stopped.message}`);
  }
  const rules = [...new Set(failed.map((f) => f.ruleId))];
  const head = rules.length ? `violated: ${rules.join(', ')}` : 'the case could not complete';
  return [head, ...lines].join('\n');
}
