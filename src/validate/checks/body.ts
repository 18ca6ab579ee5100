import type { Finding } from '../../rules/types.ts';
import { describeAjvError } from '../ajvMessages.ts';
import { failed, passed } from '../findings.ts';
import type { MediaSpec, ResponseSpec } from '../operations.ts';
import type { BodyProblem } from '../types.ts';
import { isEmpty } from './contentType.ts';
import type { Check } from './context.ts';

/**
 * BG-OAS-BODY: the body conforms to the schema declared for the status and content type,
 * either error form included (tppMessages JSON or RFC 7807 problem+json). Also fails a 2xx
 * without the body its status declares, a body on a status that declares none, and a body that
 * is not what it claims as bytes (content encoding, UTF-8, JSON syntax, duplicate members).
 * A JSON body under an undeclared content type is still judged against the declared JSON schema:
 * the content type has its own rule, and the content must not fail for it.
 */
export const checkBody: Check = ({ response, label, declared, mediaType, media, compiler }) => {
  if (!declared) return [];
  const problems = (response.bodyProblems ?? []).map((p) => problemFinding(label, p));
  if ((response.bodyProblems ?? []).some((p) => p.kind === 'content-encoding' || p.kind === 'json-syntax')) return problems;
  const empty = isEmpty(response.body);
  if (declared.content.size === 0) {
    if (empty) return problems;
    return [...problems, failed('BG-OAS-BODY', { message: `${label}: status declares no body (expected none; actual a body)`, where: '/', expected: 'no body', actual: mediaType ?? typeof response.body })];
  }
  if (empty) {
    if (response.status >= 300) return problems;
    const expected = [...declared.content.keys()];
    return [...problems, failed('BG-OAS-BODY', { message: `${label}: body missing (expected ${expected.join(' or ')}; actual none)`, where: '/', expected, actual: undefined })];
  }
  const parsedJson = response.body !== null && typeof response.body === 'object';
  const judgedAs = media ?? (parsedJson ? declaredJson(declared) : undefined);
  if (!judgedAs?.schemaPointer) return problems;
  const judgedType = media ? mediaType : 'application/json';
  if (judgedType && isJson(judgedType) && !parsedJson) {
    return [...problems, failed('BG-OAS-BODY', { message: `${label}: body is not JSON (expected ${judgedType}; actual text)`, where: '/', expected: judgedType, actual: response.body })];
  }
  const result = compiler.validator(judgedAs.schemaPointer)(response.body);
  if (result.valid) return problems.length ? problems : [passed('BG-OAS-BODY', `${label}: body conforms to the ${judgedType} schema`, '/')];
  const findings: Finding[] = [...problems];
  const seen = new Set<string>();
  for (const err of result.errors) {
    const detail = describeAjvError(err, response.body);
    if (seen.has(detail.text)) continue;
    seen.add(detail.text);
    findings.push(failed('BG-OAS-BODY', { message: `${label}: ${detail.text}`, where: detail.where, expected: detail.expected, actual: detail.actual }));
  }
  return findings;
};

function problemFinding(label: string, p: BodyProblem): Finding {
  const where = p.pointer ?? (p.line !== undefined ? `line ${p.line}, column ${p.column ?? 1}` : '/');
  return failed('BG-OAS-BODY', { message: `${label}: ${p.message}`, where, expected: 'a body that decodes to UTF-8 JSON with unique member names', actual: p.kind });
}

function declaredJson(declared: ResponseSpec): MediaSpec | undefined {
  for (const [type, media] of declared.content) if (isJson(type)) return media;
  return undefined;
}

function isJson(mediaType: string): boolean {
  return /^application\/(.+\+)?json$/.test(mediaType);
}
