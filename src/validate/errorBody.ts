import { isObject } from './json.ts';

/** A message code and where it sits in an error body. */
export interface CodeAt {
  readonly where: string;
  readonly code: unknown;
}

/** The codes of both error forms the spec allows: tppMessages[] and RFC 7807 (code, additionalErrors[]). */
export function messageCodesIn(body: unknown): CodeAt[] {
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
