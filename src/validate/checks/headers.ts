import type { Finding } from '../../rules/types.ts';
import { describeAjvError } from '../ajvMessages.ts';
import { failed, passed, show } from '../findings.ts';
import type { HeaderSpec } from '../operations.ts';
import type { Check } from './context.ts';

/**
 * BG-OAS-HEADERS: headers declared `required: true` are present, and every declared header
 * that is present matches its schema (e.g. X-Request-ID a uuid, ASPSP-SCA-Approach an enum value).
 */
export const checkHeaders: Check = ({ response, label, declared, compiler }) => {
  if (!declared || declared.headers.length === 0) return [];
  const findings: Finding[] = [];
  for (const header of declared.headers) {
    const value = response.headers[header.name.toLowerCase()];
    const where = `header:${header.name}`;
    if (value === undefined) {
      if (header.required) {
        findings.push(failed('BG-OAS-HEADERS', { message: `${label}: required response header ${header.name} is missing (expected present; actual absent)`, where, expected: 'present', actual: undefined }));
      }
      continue;
    }
    if (!header.schemaPointer) continue;
    const result = compiler.validator(header.schemaPointer)(coerce(value, header));
    for (const err of result.errors) {
      const detail = describeAjvError(err, coerce(value, header));
      findings.push(failed('BG-OAS-HEADERS', { message: `${label}: header ${header.name} ${show(value)}: ${err.message ?? err.keyword} (expected ${detailText(detail.expected)}; actual ${show(value)})`, where, expected: detail.expected, actual: value }));
    }
  }
  return findings.length > 0 ? findings : [passed('BG-OAS-HEADERS', `${label}: declared headers present and well-formed`, 'headers')];
};

/** Header values are strings on the wire; the schema may say boolean or integer. */
function coerce(value: string, header: HeaderSpec): unknown {
  const v = value.trim();
  if (header.type === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  if ((header.type === 'integer' || header.type === 'number') && v !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v;
}

function detailText(expected: unknown): string {
  return Array.isArray(expected) ? `one of ${expected.join(', ')}` : String(expected);
}
