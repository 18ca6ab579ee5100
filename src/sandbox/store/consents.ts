import { BgError } from '../errors.ts';
import { addDays, toIsoDate } from './dates.ts';
import { endUnansweredDecoupled } from './decoupled-timeout.ts';
import { addAuthorisation, newId, type State } from './state.ts';
import type { Authorisation, Consent, ConsentRequest, ConsentStatus, ScaStatus } from './types.ts';

export interface CreatedConsent {
  consent: Consent;
  /** None when the authorisation starts explicitly: the TPP's POST on startAuthorisation opens it. */
  authorisation?: Authorisation;
  /** 201 per the spec; the `consent-created-200` fault says otherwise. */
  httpStatus: 200 | 201;
  /** The ASPSP-SCA-Approach header: REDIRECT, this bank's only approach, unless `sca-approach-embedded`. */
  scaApproach: 'REDIRECT' | 'EMBEDDED';
  /** Whether the 201 body links `scaRedirect`; `consent-without-sca-link` drops it. */
  scaRedirectLink: boolean;
}

/** Statuses from which the PSU or the clock can no longer change a consent. */
const FINAL: ReadonlySet<ConsentStatus> = new Set(['rejected', 'revokedByPsu', 'expired', 'terminatedByTpp']);

export function createConsents(state: State) {
  const today = () => toIsoDate(state.now());

  /**
   * Expiry is derived from the consent's clock on read, so time travel needs no background job; so
   * is the end of a decoupled SCA the PSU never answered (the consent is then rejected).
   */
  function refresh(consent: Consent): Consent {
    if (consent.consentStatus === 'received') {
      for (const id of consent.authorisationIds) {
        const a = state.authorisations.get(id);
        if (a) endUnansweredDecoupled(state, a, consent.consentId, () => (consent.consentStatus = 'rejected'));
      }
    }
    const its = toIsoDate(state.clock.now(consent.consentId));
    if (consent.consentStatus === 'valid' && consent.request.validUntil < its && !state.faults.has('consent-never-expires')) {
      consent.consentStatus = 'expired';
    }
    return consent;
  }

  function find(consentId: string): Consent | undefined {
    const consent = state.consents.get(consentId);
    return consent && refresh(consent);
  }

  function get(consentId: string): Consent {
    const consent = find(consentId);
    if (!consent && state.faults.has('unknown-consent-wrong-status')) throw new BgError(404, 'RESOURCE_UNKNOWN', 'No such consent.');
    if (!consent) throw new BgError(403, 'CONSENT_UNKNOWN', 'The consent id in the path is not known.');
    return consent;
  }

  function startAuthorisation(consent: Consent): Authorisation {
    const authorisation = addAuthorisation(state, { consentId: consent.consentId }, consent.consentId);
    consent.authorisationIds.push(authorisation.authorisationId);
    return authorisation;
  }

  return {
    find,
    get,

    /** Redirect SCA with an implicitly started authorisation, as the 201 links promise, unless it starts explicitly. */
    create(requested: ConsentRequest, start: 'implicit' | 'explicit' = 'implicit'): CreatedConsent {
      if (requested.access.availableAccountsWithBalance && state.faults.has('consent-type-rejected')) {
        throw new BgError(400, 'SERVICE_INVALID', 'This consent type is not offered.', 'access');
      }
      // RTS Art. 10a: SCA is renewed at least every 180 days, so no consent outlives the bank's maximum.
      const max = addDays(today(), state.settings.maxConsentDays - (state.faults.has('valid-until-cap-off-by-one') ? 1 : 0));
      const capped = requested.validUntil > max && !state.faults.has('valid-until-not-capped');
      const request = capped ? { ...requested, validUntil: max } : requested;
      const consent: Consent = {
        consentId: newId(),
        request,
        createdAt: state.now(),
        consentStatus: 'received',
        lastActionDate: today(),
        authorisationIds: [],
      };
      state.consents.set(consent.consentId, consent);
      const authorisation = start === 'implicit' ? startAuthorisation(consent) : undefined;
      const httpStatus = state.faults.has('consent-created-200') ? 200 : 201;
      const scaApproach = state.faults.has('sca-approach-embedded') ? 'EMBEDDED' : 'REDIRECT';
      const scaRedirectLink = !state.faults.has('consent-without-sca-link');
      return { consent, ...(authorisation ? { authorisation } : {}), httpStatus, scaApproach, scaRedirectLink };
    },

    /** Only a consent still awaiting SCA can get another authorisation. */
    startAuthorisation(consentId: string): Authorisation {
      const consent = get(consentId);
      if (consent.consentStatus !== 'received') {
        throw new BgError(409, 'STATUS_INVALID', `The consent is ${consent.consentStatus}; no authorisation can start.`);
      }
      return startAuthorisation(consent);
    },

    statusBody(consentId: string): { consentStatus?: ConsentStatus } {
      const { consentStatus } = get(consentId);
      if (state.faults.has('consent-status-missing')) return {};
      const premature = consentStatus === 'received' && state.faults.has('consent-valid-before-sca');
      return { consentStatus: premature ? 'valid' : consentStatus };
    },

    /** IG: deleting a consent the PSU never finished authorising rejects it; otherwise the TPP ends it. */
    delete(consentId: string): void {
      const consent = get(consentId);
      if (FINAL.has(consent.consentStatus)) return;
      const unauthorised = consent.consentStatus === 'received' || consent.consentStatus === 'partiallyAuthorised';
      consent.consentStatus = unauthorised && !state.faults.has('delete-received-terminated') ? 'rejected' : 'terminatedByTpp';
      for (const id of consent.authorisationIds) {
        const a = state.authorisations.get(id);
        if (a && a.step !== 'done') {
          a.step = 'done';
          a.scaStatus = 'failed';
        }
      }
    },

    authorisationIds(consentId: string): string[] {
      const consent = get(consentId);
      return state.faults.has('authorisations-list-empty') ? [] : [...consent.authorisationIds];
    },

    /** The PSU withdraws a valid consent at the bank (test-only: a real PSU does it in online banking). */
    revokeByPsu(consentId: string): Consent {
      const consent = get(consentId);
      if (consent.consentStatus !== 'valid') {
        throw new BgError(409, 'STATUS_INVALID', `The consent is ${consent.consentStatus}; only a valid consent can be revoked.`);
      }
      if (!state.faults.has('psu-revocation-ignored')) consent.consentStatus = 'revokedByPsu';
      return consent;
    },

    authorisation(consentId: string, authorisationId: string): { scaStatus: ScaStatus } {
      const consent = get(consentId);
      const a = state.authorisations.get(authorisationId);
      if (!a || a.consentId !== consent.consentId) {
        throw new BgError(403, 'RESOURCE_UNKNOWN', 'The authorisation id is not known for this consent.');
      }
      // `sca-status-stale`: the TPP sees only the start and the end of the PSU's SCA.
      const stale = state.faults.has('sca-status-stale') && a.step !== 'done';
      return { scaStatus: stale ? 'received' : a.scaStatus };
    },
  };
}

export type Consents = ReturnType<typeof createConsents>;
