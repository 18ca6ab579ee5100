import type { OpenAPIV3 } from 'openapi-types';
import { SpecLoadError } from './errors.ts';
import { isObject, type JsonObject } from './json.ts';

/**
 * A parsed spec file checked for what the OpenAPI 3.0 top level promises (`openapi: 3.x`, `info`
 * with a version, `paths`), so those edges are typed; deeper nodes are still read defensively,
 * as JSON, because an ASPSP's own file may break the standard anywhere.
 */
export type OpenApiDocument = OpenAPIV3.Document & JsonObject;

export function checkOpenApiDocument(doc: unknown, file: string): OpenApiDocument {
  if (!isObject(doc) || typeof doc['openapi'] !== 'string' || !doc['openapi'].startsWith('3.')) {
    const found = isObject(doc) && typeof doc['swagger'] === 'string' ? `Swagger ${doc['swagger']}` : 'no openapi: 3.x field';
    throw new SpecLoadError('SPEC_INVALID', file, `${file} is not an OpenAPI 3.0 document (${found})`);
  }
  if (!isObject(doc['paths'])) throw new SpecLoadError('SPEC_INVALID', file, `${file} has no paths object`);
  const info = doc['info'];
  if (!isObject(info) || typeof info['title'] !== 'string' || typeof info['version'] !== 'string') {
    throw new SpecLoadError('SPEC_INVALID', file, `${file} has no info object with a title and a version (OpenAPI 3.0 requires them)`);
  }
  return doc as OpenApiDocument;
}
