import { parseDuration } from '../util/duration.ts';

/**
 * How long the PSU of an abandoned SCA session stays away, given the profile's sca.sessionTimeout:
 * a tenth more (at least a second), since a bank's timer need not fire to the second. Undefined
 * when the timeout is not a positive ISO 8601 duration.
 */
export function abandonFor(sessionTimeout: string): string | undefined {
  const ms = parseDuration(sessionTimeout);
  if (ms === undefined || ms <= 0) return undefined;
  return `PT${Math.ceil((ms + Math.max(1_000, ms / 10)) / 1000)}S`;
}
