import type { Store } from '../store/store.ts';

/**
 * Whether a redirect consent or payment leaves its authorisation to an explicit start (a POST on
 * the startAuthorisation link): the bank's choice (settings.authorisationStart), or the TPP's
 * preference, TPP-Explicit-Authorisation-Preferred: true, which this bank honours.
 */
export function startsExplicitly(store: Store, preferred: boolean | undefined): boolean {
  return store.settings.authorisationStart === 'explicit' || preferred === true;
}
