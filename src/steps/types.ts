import type { Profile } from '../profile/types.ts';
import type { AspspClient } from '../http/client.ts';
import type { Exchange } from '../http/types.ts';
import type { Finding } from '../rules/types.ts';
import type { StepEvidence } from '../report/evidence.ts';

export type { StepEvidence };
import type { SpecValidator } from '../validate/types.ts';
import type { Step } from '../suite/types.ts';
import type { ScaDriver } from '../sca/types.ts';

/** What one case's steps share while it runs; created per case, never shared across tests. */
export interface CaseState {
  readonly vars: Map<string, unknown>;
  /** Captures the ASPSP's answer could not give, with why: a later step that needs one stops there. */
  readonly missing: Map<string, { readonly why: string; readonly code: 'CAPTURE_MISSING' | 'CREDENTIALS' }>;
  last?: Exchange;
  /** Statuses the case expects of the current step's answers (awaited.ts): judged, never retried as unavailable. */
  awaited?: readonly number[];
}

/** A rule a step meant to check, left unjudged because its precondition did not hold. */
export interface Inconclusive {
  readonly ruleId: string;
  readonly reason: string;
}

/** The capabilities a step may use: all from fixtures, nothing global. */
export interface StepContext {
  readonly profile: Profile;
  readonly aspsp: AspspClient;
  readonly validator: SpecValidator;
  readonly sca: ScaDriver;
  readonly now: () => Date;
  readonly state: CaseState;
  /** Aborts when the case's time budget runs out. */
  readonly signal: AbortSignal;
  /** Runs a nested, titled step (test.step in the runner). */
  readonly step: <T>(title: string, body: (evidence: StepEvidence) => Promise<T>) => Promise<T>;
  record(findings: readonly Finding[]): void;
  /** Teaches the report's redactor a secret obtained while the case runs (token, code, PKCE verifier). */
  readonly conceal?: (secret: string) => void;
  /** A check that could not be judged on this response (e.g. a header the spec does not declare for its status). */
  inconclusive(item: Inconclusive): void;
}

/** One step kind: a table entry, not an if-chain (new kind = one file + one line in registry.ts). */
export interface StepDefinition<S extends Step = Step> {
  readonly kind: S['kind'];
  title(step: S): string;
  run(step: S, ctx: StepContext, evidence: StepEvidence): Promise<void>;
}
