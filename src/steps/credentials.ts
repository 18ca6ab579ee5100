import type { Profile } from '../profile/types.ts';
import type { Exchange } from '../http/types.ts';
import { messageCodesIn } from '../validate/index.ts';

const TOKEN_CODES = new Set(['TOKEN_INVALID', 'TOKEN_UNKNOWN', 'TOKEN_EXPIRED']);
const CERTIFICATE_CODES = new Set(['CERTIFICATE_MISSING', 'CERTIFICATE_INVALID', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_BLOCKED', 'CERTIFICATE_REVOKED', 'CERTIFICATE_REVOKE', 'ROLE_INVALID']);
const SIGNATURE_CODES = new Set(['SIGNATURE_MISSING', 'SIGNATURE_INVALID']);

/**
 * Whether the bank refused the request for credentials the harness did not present (a bearer
 * token, a client certificate, a signature): the bank's 401 is then right, and nothing the case
 * meant to check was asked. Returns what the profile lacks, or undefined.
 */
export function missingCredentials(exchange: Exchange, profile: Profile): string | undefined {
  const { request, response } = exchange;
  if (response.status !== 401 && response.status !== 403) return undefined;
  const sent = new Set(Object.keys(request.headers).map((h) => h.toLowerCase()));
  const codes = messageCodesIn(response.body).map((c) => c.code).filter((c): c is string => typeof c === 'string');
  const challenge = response.headers['www-authenticate'];
  const status = `${response.status}${codes.length ? ` ${codes.join(', ')}` : ''}${challenge ? ` (WWW-Authenticate: ${challenge.split(/[\s,]/)[0]})` : ''}`;
  if (!sent.has('authorization') && (challenge || codes.some((c) => TOKEN_CODES.has(c)))) {
    return `the ASPSP answered ${status}: it wants an access token, and the profile gives the harness none (add the bank's OAuth settings to the profile)`;
  }
  if (!profile.tls?.cert && codes.some((c) => CERTIFICATE_CODES.has(c))) {
    return `the ASPSP answered ${status}: it wants a client certificate, and the profile has no tls.cert`;
  }
  if (!sent.has('signature') && codes.some((c) => SIGNATURE_CODES.has(c))) {
    return `the ASPSP answered ${status}: it wants signed requests, and the harness did not sign this one`;
  }
  return undefined;
}
