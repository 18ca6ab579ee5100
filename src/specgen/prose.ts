/**
 * Strips the Berlin Group's prose from an OpenAPI document, keeping its facts.
 *
 * The files are CC BY 4.0 and the project must not redistribute their text, so every
 * prose keyword goes. A keyword is only a keyword where the OpenAPI grammar puts one:
 * under `properties`, `components.schemas`, `responses`, ... the keys are names
 * (a schema property may well be called `description`), and those stay.
 */
import { isObject } from '../validate/json.ts';

/** Keywords whose values are prose, never facts. */
const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'title']);

/** Keywords whose object values are maps from names (not keywords) to nodes. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  'paths',
  'responses',
  'headers',
  'content',
  'encoding',
  'links',
  'callbacks',
  'schemas',
  'parameters',
  'requestBodies',
  'securitySchemes',
  'variables',
]);

/** Keywords whose values are instance data or names, copied verbatim. */
const DATA = new Set(['enum', 'const', 'default', 'security', 'required', 'mapping', 'scopes']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function stripProse(node: unknown): Json {
  if (Array.isArray(node)) return node.map(stripProse);
  if (!isObject(node)) return node as Json;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (PROSE.has(key)) continue;
    if (DATA.has(key) || key.startsWith('x-')) out[key] = value as Json;
    else if (NAME_MAPS.has(key) && isObject(value)) out[key] = stripNameMap(value);
    else out[key] = stripProse(value);
  }
  return out;
}

function stripNameMap(map: Record<string, unknown>): Json {
  const out: Record<string, Json> = {};
  for (const [name, value] of Object.entries(map)) out[name] = stripProse(value);
  return out;
}
