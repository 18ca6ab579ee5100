import type { Position } from '../rules/types.ts';
import { interpolate, InterpolationError } from '../plan/interpolate.ts';
import { CaseStopError } from './errors.ts';
import type { StepContext } from './types.ts';

/** Templates resolved against the case's captures, the profile and the clock. */
export function resolveTemplates(value: unknown, ctx: StepContext, at: Position): unknown {
  try {
    return interpolate(value, { vars: ctx.state.vars, profile: ctx.profile, now: ctx.now() }, at);
  } catch (e) {
    if (e instanceof InterpolationError) {
      const missing = ctx.state.missing.get(e.variable.split('.')[0] ?? '');
      if (missing) throw new CaseStopError(missing.code, `cannot go on without '${e.variable}': ${missing.why}`, at, { cause: e });
      throw new CaseStopError('TEMPLATE', e.message, at, { cause: e });
    }
    throw e;
  }
}
