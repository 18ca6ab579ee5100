import type { Case, Step } from '../suite/types.ts';
import type { Finding } from '../rules/types.ts';
import { definitionOf } from '../steps/registry.ts';
import { awaitedStatuses } from '../steps/awaited.ts';
import { stepRules } from '../suite/step-rules.ts';
import { CaseStopError, FindingsError, formatFinding, formatPosition, stopCategory, type StopCategory, type StopCode } from '../steps/errors.ts';
import type { CaseState, Inconclusive, StepContext, StepEvidence } from '../steps/types.ts';
import type { Position } from '../rules/types.ts';
import { deviationFor, utcDate } from '../profile/deviations.ts';

/** The runner's step primitive: Playwright's test.step with the step's YAML position. */
export type RunStep = <T>(title: string, body: (evidence: StepEvidence) => Promise<T>, at?: Position) => Promise<T>;

export interface CaseStop {
  readonly code: StopCode;
  readonly category: StopCategory;
  readonly message: string;
  /** The step the case stopped at. */
  readonly at?: Position;
}

export interface CaseOutcome {
  readonly findings: readonly Finding[];
  /** Rules the case meant to check but could not judge, each with why. */
  readonly inconclusive: readonly Inconclusive[];
  /** Why the case stopped early, when it did. */
  readonly stopped?: CaseStop;
}

export interface CaseBudget {
  /** Aborts when the case's time is up. */
  readonly signal: AbortSignal;
  readonly ms: number;
}

/**
 * Runs a case's steps in order. A step that finds non-conformance fails (red in the report); the
 * case goes on after a soft check or the spec's findings on an answer's form, and stops after a
 * failed check later steps depend on (an expect step without `soft`). A step that leaves nothing
 * to go on with stops the case too. After a stop every rule the case had yet to check — or never
 * checked — is inconclusive with the stop's reason, unless the bank already failed it.
 */
export async function runCase(
  kase: Case,
  ctx: Omit<StepContext, 'state' | 'record' | 'step' | 'inconclusive' | 'signal'>,
  runStep: RunStep,
  budget: CaseBudget,
): Promise<CaseOutcome> {
  const findings: Finding[] = [];
  const inconclusive: Inconclusive[] = [];
  const state: CaseState = { vars: new Map(), missing: new Map() };
  const stepCtx: StepContext = {
    ...ctx,
    state,
    signal: budget.signal,
    record: (f) => findings.push(...f.map((finding) => withDeviation(finding, kase, ctx))),
    inconclusive: (item) => inconclusive.push(item),
    step: (title, body) => runStep(title, body),
  };
  const deadline = new Promise<never>((_resolve, reject) => {
    const fire = () => reject(new CaseStopError('CASE_DEADLINE', `the case's time budget of ${budget.ms / 1000} s ran out`));
    if (budget.signal.aborted) fire();
    else budget.signal.addEventListener('abort', fire, { once: true });
  });
  deadline.catch(() => {});

  for (const [index, step] of kase.steps.entries()) {
    const def = definitionOf(step);
    state.awaited = awaitedStatuses(kase.steps, index);
    try {
      // A step that hangs (a browser wait, a bank that never answers) cannot outlive the budget.
      await Promise.race([runStep(def.title(step), (evidence) => def.run(step, stepCtx, evidence), step.at), deadline]);
    } catch (e) {
      if (e instanceof FindingsError) {
        if (!e.blocking.length) continue;
        // A check later steps depend on failed: what they would judge rests on a state never established.
        const rules = [...new Set(e.blocking.map((f) => f.ruleId))].join(', ');
        const where = formatPosition(step.at);
        const reason = `not judged: ${rules} failed at ${where}, so the state this check needs was not established`;
        const left = unjudged(kase, index + 1, findings, reason);
        // Nothing left to judge: the case ends here, failed, not stopped.
        if (!left.length) return { findings, inconclusive };
        const stop: CaseStop = { code: 'CHECK_FAILED', category: stopCategory.CHECK_FAILED, message: `${rules} failed at ${where}: the steps after it need the state it checks`, at: step.at };
        return { findings, inconclusive: [...inconclusive, ...left], stopped: stop };
      }
      const stop = toStop(e, step);
      const reason = `not judged: the case stopped at ${formatPosition(step.at)} (${stop.code}): ${stop.message}`;
      return { findings, inconclusive: [...inconclusive, ...unjudged(kase, index, findings, reason)], stopped: stop };
    }
  }
  return { findings, inconclusive };
}

function toStop(e: unknown, step: Step): CaseStop {
  if (e instanceof CaseStopError) return { code: e.code, category: stopCategory[e.code], message: e.message, at: e.at ?? step.at };
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 'HARNESS_ERROR', category: stopCategory.HARNESS_ERROR, message, at: step.at };
}

/** Rules of the steps from `from` on, and requirements never checked, that the bank has not already failed in this case. */
function unjudged(kase: Case, from: number, findings: readonly Finding[], reason: string): Inconclusive[] {
  const failed = new Set(findings.filter((f) => !f.passed).map((f) => f.ruleId));
  const checked = new Set(findings.map((f) => f.ruleId));
  const ahead = kase.steps.slice(from).flatMap(stepRules);
  const never = kase.requirements.filter((id) => !checked.has(id));
  return [...new Set([...ahead, ...never])].filter((id) => !failed.has(id)).map((ruleId) => ({ ruleId, reason }));
}

/** A failed finding the profile declares a known deviation carries the entry (live or expired). */
function withDeviation(finding: Finding, kase: Case, ctx: Pick<StepContext, 'profile' | 'now'>): Finding {
  if (finding.passed || !ctx.profile.deviations?.length) return finding;
  const deviation = deviationFor(ctx.profile.deviations, finding.ruleId, kase.id, utcDate(ctx.now()));
  return deviation ? { ...finding, deviation } : finding;
}

/** One message for the whole case: every failed rule, then why it stopped. */
export function caseFailure(outcome: CaseOutcome): string | undefined {
  const failed = outcome.findings.filter((f) => !f.passed);
  if (!failed.length && !outcome.stopped) return undefined;
  // Only declared, unexpired deviations: still red, never hidden, and reported as what they are.
  if (!outcome.stopped && failed.every((f) => f.deviation && !f.deviation.expired)) {
    return [`accepted deviation: ${[...new Set(failed.map((f) => f.ruleId))].join(', ')}`, ...failed.map(formatFinding)].join('\n');
  }
  const lines = failed.map(formatFinding);
  if (outcome.stopped) {
    lines.push(`case stopped (${outcome.stopped.code}): ${outcome.stopped.message}`);
    const rules = [...new Set(outcome.inconclusive.map((i) => i.ruleId))];
    if (rules.length) lines.push(`inconclusive: ${rules.join(', ')}`);
  }
  const rules = [...new Set(failed.map((f) => f.ruleId))];
  const head = rules.length ? `violated: ${rules.join(', ')}` : 'the case could not complete: nothing was judged against the ASPSP after the stop';
  return [head, ...lines].join('\n');
}
