import { parseDuration } from '../util/duration.ts';
import type { Profile } from './types.ts';

/** How a profile can move the bank's time by `advance`, or why it cannot (the planner's reason). */
export function clockMeans(profile: Profile, advance: string): { kind: 'control'; url: string } | { kind: 'wait'; ms: number } | { kind: 'none'; reason: string } {
  const ms = parseDuration(advance);
  if (ms === undefined) return { kind: 'none', reason: `'${advance}' is not an ISO 8601 duration in W/D/H/M/S` };
  const { control, maxRealWait } = profile.clock;
  if (control !== undefined) {
    const url = /^https?:\/\//.test(control) ? control : `${profile.baseUrl.replace(/\/$/, '')}${control.startsWith('/') ? '' : '/'}${control}`;
    return { kind: 'control', url };
  }
  const limit = maxRealWait === undefined ? 0 : (parseDuration(maxRealWait) ?? 0);
  if (ms <= limit) return { kind: 'wait', ms };
  return {
    kind: 'none',
    reason: `needs the bank's clock to move ${advance}: profile ${profile.name} has no clock.control and allows real waits of ${maxRealWait ?? 'none'}`,
  };
}
