import type { Finding } from '../../rules/types.ts';
import { isObject } from '../json.ts';
import { allowedCodes } from '../messageCodes.ts';
import { failed, passed, show } from '../findings.ts';
import type { Check } from './context.ts';

interface CodeAt {
  readonly where: string;
  readonly code: unknown;
}

/**
 * BG-ERR-CODE: on 4xx/5xx, every message code in the body (tppMessages[].code, or problem+json
 * `code` and additionalErrors[].code) is one Berlin Group defines for the status and service.
 * The service is the one the error schema names (Error405_NG_PIS_CANC -> PIS_CANC), else the operation's.
 */
export const checkErrorCodes: Check = ({ op, response, label, media, catalog }) => {
  if (response.status < 400) return [];
  const codes = codesIn(response.body);
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

function codesIn(body: unknown): CodeAt[] {
  if (!isObject(body)) return [];
  const out: CodeAt[] = [];
  if (Array.isArray(body['tppMessages'])) {
    body['tppMessages'].forEach((m, i) => {
      if (isObject(m) && 'code' in m) out.push({ where: `/tppMessages/${i}/code`, code: m['code'] });
    });
  }
  if ('code' in body) out.push({ where: '/code', code: body['code'] });
  if (Array.isArray(body['additionalErrors'])) {
    body['additionalErrors'].forEach((e, i) => {
      if (isObject(e) && 'code' in e) out.push({ where: `/additionalErrors/${i}/code`, code: e['code'] });
    });
  }
  return out;
}
