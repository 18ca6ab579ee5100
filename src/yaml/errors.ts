import { isAbsolute, relative } from 'node:path';
import type { Position } from '../rules/types.ts';

/**
 * Stable codes for everything that can be wrong with a file we load (suite, profile).
 * Callers switch on `code`; the message is for people and may change.
 */
export type LoadErrorCode =
  | 'FILE_UNREADABLE'
  | 'FILE_ENCODING'
  | 'INTERNAL'
  | 'FILE_MISSING'
  | 'YAML_SYNTAX'
  | 'SCHEMA'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_RULE'
  | 'ENV_MISSING'
  | 'UNKNOWN_OPERATION'
  | 'UNDEFINED_VARIABLE'
  | 'PROFILE_KEY_MISSING'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_STATUS'
  /** The profile's proxy.url, or HTTPS_PROXY / HTTP_PROXY, is no http(s) URL. */
  | 'PROXY_INVALID';

/**
 * One mistake in one file, located and explained. Harness input errors, never bank findings.
 * `line`/`column` are 1-based and absent only when the whole file is the problem (unreadable).
 */
export interface LoadError {
  readonly code: LoadErrorCode;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Where in the document, as written by a person: `cases[0].steps[2]`; '' for the root. */
  readonly path: string;
  readonly message: string;
  /** The values that would have been accepted (keys, enum members, rule ids). */
  readonly allowed?: readonly string[];
  /** The closest allowed value, when one is close enough to be a likely typo. */
  readonly suggestion?: string;
  /** A second place that takes part in the mistake, e.g. the first definition of a duplicate id. */
  readonly related?: Position;
  /** The environment variable of an ENV_MISSING error. */
  readonly variable?: string;
}

/** Thrown by the `must*` loaders so a caller that cannot go on without the file gets every error at once. */
export class LoadFailure extends Error {
  readonly code = 'LOAD_FAILED';
  readonly errors: readonly LoadError[];
  constructor(errors: readonly LoadError[], relativeTo?: string) {
    super(formatLoadErrors(errors, relativeTo));
    this.name = 'LoadFailure';
    this.errors = errors;
  }
}

// Long allowed lists (e.g. the rule catalog) would bury the suggestion; the full list stays in `allowed`.
const MAX_ALLOWED_SHOWN = 16;

/**
 * `suites/ais/x.yaml:12:9 error SCHEMA cases[0].steps[2]: unknown key 'bdy' (allowed: …) — did you mean 'body'?`
 * Absolute paths are shown relative to the working directory when inside it, so lines stay short
 * and clickable in terminals and CI logs. One parameter, so `errors.map(formatLoadError)` works.
 */
export function formatLoadError(e: LoadError): string {
  return format(e, process.cwd());
}

export function formatLoadErrors(errors: readonly LoadError[], relativeTo: string = process.cwd()): string {
  return errors.map((e) => format(e, relativeTo)).join('\n');
}

function format(e: LoadError, relativeTo: string): string {
  const where = e.line === undefined ? displayPath(e.file, relativeTo) : `${displayPath(e.file, relativeTo)}:${e.line}:${e.column ?? 1}`;
  const path = e.path ? `${e.path}: ` : '';
  let text = `${where} error ${e.code} ${path}${e.message}`;
  if (e.allowed && e.allowed.length > 0) {
    const shown = e.allowed.slice(0, MAX_ALLOWED_SHOWN).join(', ');
    const more = e.allowed.length > MAX_ALLOWED_SHOWN ? `, … ${e.allowed.length - MAX_ALLOWED_SHOWN} more` : '';
    text += ` (allowed: ${shown}${more})`;
  }
  if (e.related) text += ` (see ${displayPath(e.related.file, relativeTo)}:${e.related.line}:${e.related.column})`;
  if (e.suggestion !== undefined) text += ` — did you mean '${e.suggestion}'?`;
  return text;
}

function displayPath(file: string, relativeTo: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(relativeTo, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
