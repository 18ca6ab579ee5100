import type { ScaScriptAction } from '../profile/types.ts';
import { clockMeans } from '../profile/clock.ts';
import type { ScaStep } from '../suite/types.ts';
import { abandonFor } from '../profile/session-timeout.ts';
import { moveClock } from './clock.ts';
import { CaseStopError } from './errors.ts';
import { sleep } from './sleep.ts';
import type { StepContext } from './types.ts';

/**
 * The first page of a script, only waited for: the PSU of an abandoned session sees the bank's
 * page (its picture proves it) and does nothing on it.
 */
export function firstPageOnly(script: readonly ScaScriptAction[] | undefined): ScaScriptAction[] {
  const first = script?.[0];
  if (!first) return [];
  return [{ page: `${first.page} (the PSU leaves it)`, waitFor: first.waitFor, ...(first.frame === undefined ? {} : { frame: first.frame }) }];
}

/**
 * The PSU stays away until the bank's SCA session has timed out: the consent's or payment's test
 * clock moves past the profile's sca.sessionTimeout when the profile has a clock control, else
 * the harness waits for real within clock.maxRealWait. Neither: the case cannot be run as written
 * (the planner already calls it not applicable).
 */
export async function letScaSessionTimeOut(step: ScaStep, ctx: StepContext): Promise<void> {
  const timeout = ctx.profile.sca.sessionTimeout;
  const advance = timeout === undefined ? undefined : abandonFor(timeout);
  if (advance === undefined) {
    throw new CaseStopError('PROFILE_INCOMPLETE', `profile ${ctx.profile.file} has no usable sca.sessionTimeout (an ISO 8601 duration, e.g. PT5M)`, step.at);
  }
  const means = clockMeans(ctx.profile, advance);
  if (means.kind === 'none') throw new CaseStopError('PROFILE_INCOMPLETE', means.reason, step.at);
  await ctx.step(`the PSU leaves the page for ${advance}, past the bank's SCA session timeout of ${timeout}`, async (evidence) => {
    if (means.kind === 'wait') return sleep(means.ms, ctx.signal);
    return moveClock(
      ctx,
      means.url,
      { advance, ...(step.consent === undefined ? {} : { consent: step.consent }), ...(step.payment === undefined ? {} : { payment: step.payment }) },
      step.at,
      evidence,
    );
  });
}
