import type { StartAuthorisationStep } from '../suite/types.ts';
import { attachJson } from '../report/attach.ts';
import { startIfAsked } from './sca-start.ts';
import type { StepDefinition } from './types.ts';

/**
 * The TPP starts the authorisation where the bank leaves that to it (explicit start: the answer
 * links startAuthorisation), without the PSU's SCA after it, e.g. to read the new authorisation.
 * After an implicit start there is nothing to do. A case that goes on to the PSU's SCA keeps the
 * links to follow (`as:`), or leaves the start to its sca step: given the creation's links again,
 * that step would start a second authorisation.
 */
export const startAuthorisationStep: StepDefinition<StartAuthorisationStep> = {
  kind: 'start-authorisation',
  title: (s) => s.title ?? 'TPP starts the authorisation where the bank asks it to (explicit start)',
  async run(step, ctx, evidence) {
    const approach = step.approach ?? 'redirect';
    const { started, links } = await startIfAsked(step, ctx, approach);
    const next = approach === 'redirect' ? 'scaRedirect' : 'scaStatus';
    if (!started) await attachJson(evidence, 'start', { started: `implicitly: the bank's answer links ${next}, nothing to start` });
    if (step.as) {
      ctx.state.vars.set(step.as, links);
      ctx.state.missing.delete(step.as);
    }
  },
};
