import { BgError } from '../errors.ts';
import { bankAccounts } from './accounts.ts';
import { toIsoDate, type IsoDate } from './dates.ts';
import type { FundsConsent } from './payment-types.ts';
import { addAuthorisation, newId, type State } from './state.ts';
import type { Authorisation } from './types.ts';

/**
 * PIIS consents (`POST /v1/consents/confirmation-of-funds`): the PSU allows a card-issuing TPP to
 * ask whether one account covers an amount. Banks issue them open-ended (validUntil 9999-12-31);
 * funds confirmations naming one must name its account.
 */
export function createFundsConsents(state: State) {
  function refresh(c: FundsConsent): FundsConsent {
    if (c.consentStatus === 'valid' && c.validUntil < toIsoDate(state.clock.now(c.consentId))) c.consentStatus = 'expired';
    return c;
  }

  function get(consentId: string): FundsConsent {
    const c = state.fundsConsents.get(consentId);
    if (!c) throw new BgError(403, 'CONSENT_UNKNOWN', 'The PIIS consent id is not known.');
    return refresh(c);
  }

  return {
    get,

    create(request: { iban: string; validUntil: IsoDate; redirectUri: string; nokRedirectUri?: string }): { consent: FundsConsent; authorisation: Authorisation } {
      if (!bankAccounts.some((a) => a.iban === request.iban)) throw new BgError(400, 'RESOURCE_UNKNOWN', 'No account with this IBAN.', 'account.iban');
      if (request.validUntil === '9999-12-31' && state.faults.has('piis-consent-open-ended-refused')) {
        throw new BgError(400, 'FORMAT_ERROR', 'validUntil must be a real date.', 'validUntil');
      }
      const consent: FundsConsent = { consentId: newId(), ...request, consentStatus: 'received', authorisationIds: [] };
      state.fundsConsents.set(consent.consentId, consent);
      const authorisation = addAuthorisation(state, { fundsConsentId: consent.consentId }, consent.consentId);
      consent.authorisationIds.push(authorisation.authorisationId);
      return { consent, authorisation };
    },

    /** A funds confirmation under a consent: it must be valid and name the same account. */
    authorise(consentId: string, iban: string): void {
      const c = state.fundsConsents.get(consentId);
      if (!c) throw new BgError(400, 'CONSENT_UNKNOWN', 'The Consent-ID is not a known PIIS consent.', 'Consent-ID');
      const { consentStatus } = refresh(c);
      if (consentStatus === 'expired') throw new BgError(401, 'CONSENT_EXPIRED', 'The PIIS consent has expired.');
      if (consentStatus !== 'valid') throw new BgError(401, 'CONSENT_INVALID', `The PIIS consent is ${consentStatus}.`);
      if (c.iban !== iban) throw new BgError(400, 'FORMAT_ERROR', 'The account is not the one the PIIS consent names.', 'account.iban');
    },

    /** Only the PSU owning the account can grant the consent. */
    approve(c: FundsConsent, psuId: string): string | undefined {
      const owner = bankAccounts.find((a) => a.iban === c.iban)?.psuId;
      if (owner !== psuId) return 'You cannot grant access to this account.';
      c.consentStatus = 'valid';
      return undefined;
    },
  };
}

export type FundsConsents = ReturnType<typeof createFundsConsents>;
