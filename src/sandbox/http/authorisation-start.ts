import type { Context } from 'hono';
import { formatError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { optionalBooleanHeader } from './input.ts';

/**
 * Whether a redirect or decoupled consent or payment leaves its authorisation to an explicit start
 * (a POST on the startAuthorisation link): the bank's choice (settings.authorisationStart), or the
 * TPP's preference, TPP-Explicit-Authorisation-Preferred: true, which this bank honours.
 */
export function startsExplicitly(store: Store, preferred: boolean | undefined): boolean {
  return store.settings.authorisationStart === 'explicit' || preferred === true;
}

/**
 * The PSU asked in the bank's app when the TPP's explicit start prefers decoupled SCA (the start
 * request carries TPP-Decoupled-Preferred, as the creation did; OAS startConsentAuthorisation);
 * undefined for a redirect start. Decoupled needs to know whom to ask: PSU-ID.
 */
export function decoupledStartPsu(c: Context): string | undefined {
  const decoupled = optionalBooleanHeader(c, 'TPP-Decoupled-Preferred') === true && optionalBooleanHeader(c, 'TPP-Redirect-Preferred') !== true;
  if (!decoupled) return undefined;
  const psuId = c.req.header('PSU-ID')?.trim();
  if (!psuId) throw formatError('Decoupled SCA needs the PSU-ID header.', 'PSU-ID');
  return psuId;
}
