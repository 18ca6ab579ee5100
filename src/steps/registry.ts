import type { Step, StepKind } from '../suite/types.ts';
import { clockStep } from './clock.ts';
import { expectStep } from './expect.ts';
import { oauthStep } from './oauth.ts';
import { pagesStep } from './pages.ts';
import { refreshStep } from './refresh.ts';
import { repeatStep } from './repeat.ts';
import { requestStep } from './request.ts';
import { revokeStep } from './revoke.ts';
import { scaAsPsuStep } from './sca-psu.ts';
import { startAuthorisationStep } from './start-authorisation.ts';
import type { StepDefinition } from './types.ts';

/** Every step kind, listed once; the suite schema discriminates on the same `kind`. */
export const stepKinds: { readonly [K in StepKind]: StepDefinition<Extract<Step, { kind: K }>> } = {
  request: requestStep,
  sca: scaAsPsuStep,
  'start-authorisation': startAuthorisationStep,
  expect: expectStep,
  clock: clockStep,
  repeat: repeatStep,
  pages: pagesStep,
  oauth: oauthStep,
  refresh: refreshStep,
  revoke: revokeStep,
};

export function definitionOf<S extends Step>(step: S): StepDefinition<S> {
  return stepKinds[step.kind] as unknown as StepDefinition<S>;
}
