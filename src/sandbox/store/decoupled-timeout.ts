import type { State } from './state.ts';
import type { Authorisation } from './types.ts';

/**
 * Decoupled SCA has no page the PSU comes back to: the bank's own timer ends an authorisation the
 * PSU never answered in the app once its session timeout has passed on the subject's clock
 * (`clockKey`: the consent's or payment's). Derived on read, like a consent's expiry, so moving
 * the test clock needs no background job. The authorisation fails; `failSubject` then does what
 * a failed SCA does to its subject (the consent rejected, the payment RJCT) unless
 * `sca-timeout-status-unchanged` leaves it as it was. `decoupled-session-never-times-out`: never.
 */
export function endUnansweredDecoupled(state: State, a: Authorisation, clockKey: string, failSubject: () => void): void {
  if (!a.decoupled || a.step === 'done' || state.faults.has('decoupled-session-never-times-out')) return;
  if (state.clock.now(clockKey).getTime() - a.lastActivityAt.getTime() < state.settings.scaSessionTimeoutMs) return;
  a.step = 'done';
  a.scaStatus = 'failed';
  a.outcome = 'expired';
  if (!state.faults.has('sca-timeout-status-unchanged')) failSubject();
}
