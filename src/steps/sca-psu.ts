import type { ScaStep } from '../suite/types.ts';
import { CaseStopError } from './errors.ts';
import { scaStep } from './sca.ts';
import type { StepDefinition } from './types.ts';

/**
 * The sca step for a PSU other than the main one (`psu: coSigner`), e.g. the second signer of a
 * multi-level SCA: the same journey, with the profile's `${psu.*}` values taken from that role.
 */
export const scaAsPsuStep: StepDefinition<ScaStep> = {
  kind: 'sca',
  title: (s) => (s.psu === undefined || s.title !== undefined ? scaStep.title(s) : `${scaStep.title(s)} (PSU ${s.psu})`),
  async run(step, ctx, evidence) {
    if (step.psu === undefined) return scaStep.run(step, ctx, evidence);
    const psu = ctx.profile.psus[step.psu];
    if (!psu) throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no test PSU in the role '${step.psu}' (psus.${step.psu})`, step.at);
    return scaStep.run(step, { ...ctx, profile: { ...ctx.profile, psu } }, evidence);
  },
};
