import { getByPointer } from '../util/json-pointer.ts';
/** JSON and JSON-pointer helpers for documents read from disk (never trusted, never cast unchecked). */
export type JsonObject = Record<string, unknown>;

export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `#/components/schemas/x` or `/components/schemas/x` -> the node, or undefined. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  // $refs are URI fragments: percent-decoded before the pointer is read.
  return getByPointer(root, decodeURIComponent(pointer.replace(/^#/, '')));
}

/** A JSON pointer as an ajv schema fragment id: every segment URI-encoded (paths hold `{` and `}`). */
export function fragment(pointer: string): string {
  return `#${pointer.split('/').map((s) => encodeURIComponent(s).replace(/%7E/gi, '~')).join('/')}`;
}
