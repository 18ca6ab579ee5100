import type { Finding } from '../../rules/types.ts';
import { describeAjvError } from '../ajvMessages.ts';
import { failed, passed } from '../findings.ts';
import { isEmpty } from './contentType.ts';
import type { Check } from './context.ts';

/**
 * BG-OAS-BODY: the body conforms to the schema declared for the status and content type,
 * either error form included (tppMessages JSON or RFC 7807 problem+json). Also fails a 2xx
 * without the body its status declares, and a body on a status that declares none.
 */
export const checkBody: Check = ({ response, label, declared, mediaType, media, compiler }) => {
  if (!declared) return [];
  const empty = isEmpty(response.body);
  if (declared.content.size === 0) {
    if (empty) return [];
    return [failed('BG-OAS-BODY', { message: `${label}: status declares no body (expected none; actual a body)`, where: '/', expected: 'no body', actual: mediaType ?? typeof response.body })];
  }
  if (empty) {
    if (response.status >= 300) return [];
    const expected = [...declared.content.keys()];
    return [failed('BG-OAS-BODY', { message: `${label}: body missing (expected ${expected.join(' or ')}; actual none)`, where: '/', expected, actual: undefined })];
  }
  if (!media?.schemaPointer || !mediaType) return [];
  if (isJson(mediaType) && typeof response.body === 'string') {
    return [failed('BG-OAS-BODY', { message: `${label}: body is not JSON (expected ${mediaType}; actual text)`, where: '/', expected: mediaType, actual: response.body.slice(0, 80) })];
  }
  const result = compiler.validator(media.schemaPointer)(response.body);
  if (result.valid) return [passed('BG-OAS-BODY', `${label}: body conforms to the ${mediaType} schema`, '/')];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const err of result.errors) {
    const detail = describeAjvError(err, response.body);
    if (seen.has(detail.text)) continue;
    seen.add(detail.text);
    findings.push(failed('BG-OAS-BODY', { message: `${label}: ${detail.text}`, where: detail.where, expected: detail.expected, actual: detail.actual }));
  }
  return findings;
};

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/.test(mediaType);
}
