import { isObject } from './json.ts';

/**
 * OpenAPI 3.0 schemas speak a draft-04 dialect; ajv speaks draft-07. Rewritten on a copy at
 * load time (the committed bundle stays as published):
 * - `nullable: true` -> `type: [t, 'null']` (and null allowed in `enum`);
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` -> the numeric draft-06+ form;
 * - `oneOf` over `$ref` shapes -> `anyOf`: Berlin Group writes oneOf for "one of these shapes",
 *   but its shapes overlap (every periodic payment is also a valid single payment, so
 *   getPaymentInformation's oneOf would fail each conformant periodic payment).
 * Instance data (`enum`, `default`, `example`, ...) is copied untouched.
 */
const DATA = new Set(['enum', 'const', 'default', 'example', 'examples']);

export function normalizeDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeDialect);
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = DATA.has(key) ? value : normalizeDialect(value);
  nullable(out);
  exclusive(out, 'exclusiveMinimum', 'minimum');
  exclusive(out, 'exclusiveMaximum', 'maximum');
  overlappingShapes(out);
  return out;
}

function nullable(schema: Record<string, unknown>): void {
  if (typeof schema['nullable'] !== 'boolean') return;
  const isNullable = schema['nullable'];
  delete schema['nullable'];
  if (!isNullable) return;
  const type = schema['type'];
  if (typeof type === 'string') schema['type'] = [type, 'null'];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) schema['enum'] = [...schema['enum'], null];
}

function exclusive(schema: Record<string, unknown>, flag: string, bound: string): void {
  if (typeof schema[flag] !== 'boolean') return;
  if (schema[flag] && typeof schema[bound] === 'number') {
    schema[flag] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[flag];
  }
}

function overlappingShapes(schema: Record<string, unknown>): void {
  const alternatives = schema['oneOf'];
  if (!Array.isArray(alternatives) || !alternatives.every((a) => isObject(a) && typeof a['$ref'] === 'string')) return;
  if (schema['discriminator'] !== undefined || schema['anyOf'] !== undefined) return;
  schema['anyOf'] = alternatives;
  delete schema['oneOf'];
}
