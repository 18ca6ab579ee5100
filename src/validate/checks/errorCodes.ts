import type { Finding } from '../../rules/types.ts';
import { messageCodesIn } from '../errorBody.ts';
import { allowedCodes } from '../messageCodes.ts';
import { failed, passed, show } from '../findings.ts';
import type { Check } from './context.ts';

/**
 * BG-ERR-CODE: on 4xx/5xx, every message code in the body (tppMessages[].code, or problem+json
 * `code` and additionalErrors[].code) is one Berlin Group defines for the status and service.
 * The service is the one the error schema names (Error405_NG_PIS_CANC -> PIS_CANC), else the operation's.
 */
export const checkErrorCodes: Check = ({ op, response, label, media, catalog }) => {
  if (response.status < 400) return [];
  const codes = messageCodesIn(response.body);
  if (codes.length === 0) return [];
  const allowed = allowedCodes(catalog, response.status, media?.errorService ?? op.info.service);
  if (!allowed) return [];
  const findings: Finding[] = [];
  for (const { where, code } of codes) {
    if (typeof code === 'string' && allowed.codes.has(code)) continue;
    const expected = [...allowed.codes];
    findings.push(failed('BG-ERR-CODE', { message: `${label}: ${where}: message code ${show(code)} is not defined for ${allowed.basis} (expected one of ${expected.join(', ')}; actual ${show(code)})`, where, expected, actual: code }));
  }
  return findings.length > 0 ? findings : [passed('BG-ERR-CODE', `${label}: message codes defined for ${allowed.basis}`, '/')];
};

