import { parseSpecText } from '../validate/parse.ts';
import { isObject } from '../validate/json.ts';
import { stripProse } from './prose.ts';

/**
 * The official OpenAPI document reduced to facts: operations, parameters, status codes,
 * headers, schemas. Pure: same text in, same object out (key order follows the source),
 * so the drift test can regenerate and compare byte for byte.
 */
export function generateBundle(yamlText: string, source = 'berlin-group.yaml'): Record<string, unknown> {
  const doc = parseSpecText(yamlText, source);
  if (!isObject(doc) || !isObject(doc['info'])) throw new TypeError(`${source} is not an OpenAPI document (no info)`);
  const stripped = stripProse(doc) as Record<string, unknown>;
  return { ...stripped, info: keptInfo(doc['info']), 'x-facts-from': source };
}

/** The licence must travel with the facts (CC BY 4.0 attribution); the prose must not. */
function keptInfo(info: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { title: info['title'], version: info['version'] };
  if (isObject(info['license'])) out['license'] = info['license'];
  return out;
}

/** Deterministic serialisation shared by main.ts and the drift test. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
