import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject } from './json.ts';
import { specsDir } from './repo.ts';

/** HTTP status -> service -> message codes (specs/message-codes.json, from the 1.3.8 enums). */
export interface MessageCodeCatalog {
  readonly source: string;
  readonly license: string;
  readonly codes: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The codes a (status, service) allows, and how that set was chosen (for messages). */
export interface AllowedCodes {
  readonly codes: ReadonlySet<string>;
  readonly basis: string;
}

let loaded: MessageCodeCatalog | undefined;

/** Read once per process: the file is generated, small and immutable at run time. */
export function messageCodeCatalog(): MessageCodeCatalog {
  if (loaded) return loaded;
  const file = join(specsDir, 'message-codes.json');
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObject(raw) || !isObject(raw['codes'])) throw new TypeError(`${file} is not a message-code catalog; run npm run specs`);
  loaded = raw as unknown as MessageCodeCatalog;
  return loaded;
}

/**
 * Codes for one status and service. Where 1.3.8 defines no codes for that service (e.g. 406 for
 * PIS, which 1.3.12 added) the union over all services for the status is used, and said so.
 * Undefined when Berlin Group defines no codes for the status at all (408, 415, 500, 503).
 */
export function allowedCodes(catalog: MessageCodeCatalog, status: number, service: string): AllowedCodes | undefined {
  const byService = catalog.codes[String(status)];
  if (!byService) return undefined;
  const own = byService[service];
  if (own) return { codes: new Set(own), basis: `${status} ${service}` };
  return { codes: new Set(Object.values(byService).flat()), basis: `${status} (any service; none defined for ${service})` };
}
