import { BgError } from '../errors.ts';
import type { Sca } from './sca.ts';
import type { State } from './state.ts';
import type { ScaStatus } from './types.ts';

/** The SCA methods of every test PSU; the TPP shows them and sends back the chosen id. */
export const SCA_METHODS = [
  { authenticationType: 'SMS_OTP', authenticationMethodId: 'sms-otp', name: 'SMS to +49 *** *** 42' },
  { authenticationType: 'PUSH_OTP', authenticationMethodId: 'app-otp', name: 'Sandbox Bank app' },
] as const;

type Method = (typeof SCA_METHODS)[number];

export interface EmbeddedAnswer {
  readonly scaStatus: ScaStatus;
  readonly scaMethods?: readonly Method[];
  readonly chosenScaMethod?: Method;
  readonly challengeData?: { readonly otpMaxLength: number; readonly otpFormat: 'integer'; readonly additionalInformation: string };
  /** Link names to the authorisation itself. */
  readonly links: readonly string[];
}

const wrongCredentials = (text: string) => new BgError(401, 'PSU_CREDENTIALS_INVALID', text);

/**
 * Embedded SCA over the API (PUT on the authorisation): the PSU's identification (PSU-ID alone,
 * when the consent came without it), the PSU's password, the choice of an SCA method, then the
 * one-time code. The checks, counters and lockout are the redirect pages' own
 * (the store's SCA), so both approaches fail and lock the same way.
 */
export function createEmbedded(state: State, sca: Sca) {
  /** Embedded authorisations, with the PSU-ID once the TPP sent it. */
  const psuOf = new Map<string, string | undefined>();
  const chosen = new Map<string, Method>();

  function open(consentId: string, authorisationId: string) {
    const a = state.authorisations.get(authorisationId);
    if (!a || a.consentId !== consentId) throw new BgError(403, 'RESOURCE_UNKNOWN', 'The authorisation id is not known for this consent.');
    if (!psuOf.has(authorisationId)) throw new BgError(409, 'STATUS_INVALID', 'This authorisation does not use the embedded approach.');
    if (a.step === 'done') throw new BgError(409, 'STATUS_INVALID', `The authorisation is already ${a.scaStatus}.`);
    return a;
  }

  return {
    start(authorisationId: string, psuId: string | undefined): void {
      psuOf.set(authorisationId, psuId);
    },

    /** `psuId`: the request's PSU-ID header. */
    update(consentId: string, authorisationId: string, body: Record<string, unknown>, psuId?: string): EmbeddedAnswer {
      const a = open(consentId, authorisationId);
      if (Object.keys(body).length === 0) {
        // IG "Update PSU Data (Identification)": the PSU-ID alone identifies the PSU, nothing more.
        if (!psuId) throw new BgError(400, 'FORMAT_ERROR', 'Send the PSU-ID header to identify the PSU, or psuData.password, authenticationMethodId or scaAuthenticationData.', 'PSU-ID');
        if (a.step !== 'login') throw new BgError(409, 'STATUS_INVALID', 'The PSU is already authenticated.');
        psuOf.set(authorisationId, psuId);
        a.scaStatus = 'psuIdentified';
        return { scaStatus: a.scaStatus, links: ['updatePsuAuthentication'] };
      }
      const psuData = body['psuData'];
      if (psuData !== undefined) {
        const password = typeof psuData === 'object' && psuData !== null ? (psuData as Record<string, unknown>)['password'] : undefined;
        if (typeof password !== 'string') throw new BgError(400, 'FORMAT_ERROR', 'psuData.password must be a string.', 'psuData.password');
        if (a.step !== 'login') throw new BgError(409, 'STATUS_INVALID', 'The PSU is already authenticated.');
        const username = psuOf.get(authorisationId) ?? psuId;
        if (!username) throw new BgError(400, 'FORMAT_ERROR', 'The PSU is not identified: send the PSU-ID header.', 'PSU-ID');
        const outcome = sca.login(authorisationId, { token: a.token, username, password });
        if (outcome.kind === 'redirect') throw wrongCredentials('Wrong PSU-ID or password. Too many failed attempts: the authorisation failed.');
        if (outcome.kind !== 'page' || outcome.step !== 'otp') throw wrongCredentials(`Wrong PSU-ID or password. ${outcome.kind === 'page' ? (outcome.error ?? '') : ''}`.trim());
        const consent = state.consents.get(consentId);
        if (state.settings.exemptAvailableAccounts && consent?.request.access.availableAccounts !== undefined) {
          sca.exempt(authorisationId);
          return { scaStatus: a.scaStatus, links: ['scaStatus'] };
        }
        a.scaStatus = 'psuAuthenticated';
        return { scaStatus: a.scaStatus, scaMethods: state.faults.has('embedded-no-sca-methods') ? [] : SCA_METHODS, links: ['selectAuthenticationMethod'] };
      }
      const methodId = body['authenticationMethodId'];
      if (methodId !== undefined) {
        if (a.step !== 'otp' || chosen.has(authorisationId)) throw new BgError(409, 'STATUS_INVALID', 'An SCA method cannot be chosen now.');
        const method = SCA_METHODS.find((m) => m.authenticationMethodId === methodId);
        if (!method) throw new BgError(400, 'SCA_METHOD_UNKNOWN', 'The SCA method is not known for this PSU.', 'authenticationMethodId');
        chosen.set(authorisationId, method);
        a.scaStatus = 'scaMethodSelected';
        return { scaStatus: a.scaStatus, chosenScaMethod: method, challengeData: { otpMaxLength: 6, otpFormat: 'integer', additionalInformation: `Enter the code sent via ${method.name}.` }, links: ['authoriseTransaction'] };
      }
      const otp = body['scaAuthenticationData'];
      if (otp !== undefined) {
        if (typeof otp !== 'string') throw new BgError(400, 'FORMAT_ERROR', 'scaAuthenticationData must be a string.', 'scaAuthenticationData');
        if (!chosen.has(authorisationId)) throw new BgError(409, 'STATUS_INVALID', 'Choose an SCA method first.');
        if (state.faults.has('embedded-no-lockout')) a.failedOtps = 0;
        const given = state.faults.has('embedded-wrong-otp-accepted') ? (state.psus.find((p) => p.id === a.psuId)?.otp ?? otp) : otp;
        const outcome = sca.verifyOtp(authorisationId, { token: a.token, otp: given });
        if (outcome.kind === 'redirect') throw wrongCredentials('Wrong one-time code. Too many failed attempts: the authorisation failed.');
        if (outcome.kind !== 'page' || outcome.step !== 'confirm') throw wrongCredentials(`Wrong one-time code. ${outcome.kind === 'page' ? (outcome.error ?? '') : ''}`.trim());
        sca.decide(authorisationId, { token: a.token, decision: 'approve', accounts: [] });
        return { scaStatus: a.scaStatus, links: ['scaStatus'] };
      }
      throw new BgError(400, 'FORMAT_ERROR', 'Send psuData.password, authenticationMethodId or scaAuthenticationData.');
    },
  };
}

export type Embedded = ReturnType<typeof createEmbedded>;
