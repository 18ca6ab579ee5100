import { getByPointer } from '../util/json-pointer.ts';
import type { ErrorObject } from 'ajv';
import { show } from './findings.ts';

/** One ajv error as finding data: where, what was expected, what was there. */
export interface ErrorDetail {
  readonly where: string;
  readonly text: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const LIST_MAX = 8;

/** Expected value per ajv keyword: a table, not an if-chain. */
const EXPECTED: Readonly<Record<string, (params: Record<string, unknown>) => { value: unknown; text: string }>> = {
  enum: (p) => ({ value: p['allowedValues'], text: `one of ${list(p['allowedValues'])}` }),
  const: (p) => ({ value: p['allowedValue'], text: show(p['allowedValue']) }),
  type: (p) => ({ value: p['type'], text: `type ${String(p['type'])}` }),
  required: (p) => ({ value: p['missingProperty'], text: `property ${String(p['missingProperty'])}` }),
  format: (p) => ({ value: p['format'], text: `format ${String(p['format'])}` }),
  pattern: (p) => ({ value: p['pattern'], text: `pattern ${String(p['pattern'])}` }),
  additionalProperties: (p) => ({ value: null, text: `no property ${String(p['additionalProperty'])}` }),
  oneOf: () => ({ value: 'oneOf', text: 'exactly one alternative to match' }),
  anyOf: () => ({ value: 'anyOf', text: 'some alternative to match' }),
};

export function describeAjvError(err: ErrorObject, data: unknown): ErrorDetail {
  const where = err.instancePath === '' ? '/' : err.instancePath;
  const params = err.params as Record<string, unknown>;
  const expected = EXPECTED[err.keyword]?.(params) ?? limit(err.keyword, params);
  const actual = err.keyword === 'required' ? undefined : getByPointer(data, err.instancePath);
  const text = `${where}: ${err.message ?? err.keyword} (expected ${expected.text}; actual ${show(actual)})`;
  return { where, text, expected: expected.value, actual };
}

function limit(keyword: string, params: Record<string, unknown>): { value: unknown; text: string } {
  if ('limit' in params) return { value: params['limit'], text: `${keyword} ${String(params['limit'])}` };
  return { value: params, text: `${keyword} ${show(params)}` };
}

function list(values: unknown): string {
  if (!Array.isArray(values)) return show(values);
  const shown = values.slice(0, LIST_MAX).map(String).join(', ');
  return values.length > LIST_MAX ? `${shown}, …` : shown;
}

/** The value an ajv instancePath (an unencoded JSON pointer) points at. */
