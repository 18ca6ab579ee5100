import type { MessageCodeCatalog } from '../validate/messageCodes.ts';
import { parseSpecText } from '../validate/parse.ts';
import { isObject } from '../validate/json.ts';

const NAME = /^MessageCode(\d{3})_([A-Z_]+)$/;

/**
 * 1.3.12 dropped these enums (its schemas accept any string), so the catalog is taken
 * from 1.3.8 and checked by the validator for every version.
 */
export function generateMessageCodes(yamlText: string, source: string): MessageCodeCatalog {
  const doc = parseSpecText(yamlText, source);
  const schemas = isObject(doc) && isObject(doc['components']) ? doc['components']['schemas'] : undefined;
  if (!isObject(schemas)) throw new TypeError(`${source} has no components.schemas`);
  const codes: Record<string, Record<string, string[]>> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const match = NAME.exec(name);
    if (!match || !isObject(schema) || !Array.isArray(schema['enum'])) continue;
    const [, status = '', service = ''] = match;
    (codes[status] ??= {})[service] = schema['enum'].map(String);
  }
  if (Object.keys(codes).length === 0) throw new TypeError(`${source} has no MessageCode<status>_<service> enums`);
  return { source, license: 'CC BY 4.0 (The Berlin Group)', codes: sortedByStatus(codes) };
}

function sortedByStatus(codes: Record<string, Record<string, string[]>>): Record<string, Record<string, string[]>> {
  return Object.fromEntries(Object.keys(codes).sort().map((status) => [status, codes[status] ?? {}]));
}
