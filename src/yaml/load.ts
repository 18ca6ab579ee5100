import { LineCounter, parseDocument } from 'yaml';
import type { Position } from '../rules/types.ts';
import { toLoadErrors } from './ajv-errors.ts';
import type { LoadError } from './errors.ts';
import { createLocator, type Locator } from './locate.ts';
import { validatorFor } from './validator.ts';

export interface YamlLoadResult<T> extends Locator {
  /** Present only when the file parsed and matched the schema (and `prepare` found no errors). */
  readonly value?: T;
  /** The plain value as written (after `prepare`), whenever the file parsed; for checks that go on despite schema errors. */
  readonly raw?: unknown;
  readonly errors: readonly LoadError[];
}

export interface YamlLoadOptions {
  /**
   * Runs on the parsed value before validation and may replace it (e.g. `${env:…}` substitution),
   * keeping its shape so schema errors still map to the document's positions.
   */
  readonly prepare?: (raw: unknown, locator: Locator) => { readonly value: unknown; readonly errors: readonly LoadError[] };
}

/**
 * Parse `text` (the content of `file`), then validate it against a JSON Schema. Every syntax and
 * schema error is collected and located; nothing is thrown for bad input.
 */
export function loadYaml<T>(file: string, text: string, schema: object, options: YamlLoadOptions = {}): YamlLoadResult<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = createLocator(file, doc, lineCounter);
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  if (doc.errors.length > 0) {
    // Schema errors on a half-parsed document would mostly be echoes of the syntax error.
    const errors = doc.errors.map((e): LoadError => ({ code: 'YAML_SYNTAX', ...positionAt(e.pos[0]), path: '', message: firstLine(e.message) }));
    return { ...locator, errors };
  }

  const parsed: unknown = doc.toJS({ maxAliasCount: 100 });
  const prepared = options.prepare?.(parsed, locator) ?? { value: parsed, errors: [] };
  const validate = validatorFor(schema);
  const valid = validate(prepared.value);
  const converted = valid ? [] : toLoadErrors(validate.errors ?? [], schema as Record<string, unknown>, locator);
  // A value `prepare` could not produce (e.g. a missing env variable) would fail again as schema noise.
  const preparedAt = new Set(prepared.errors.map((e) => `${e.line}:${e.column}`));
  const schemaErrors = converted.filter((e) => !preparedAt.has(`${e.line}:${e.column}`));
  const errors = sortByPosition([...prepared.errors, ...schemaErrors]);
  return errors.length === 0 ? { ...locator, value: prepared.value as T, raw: prepared.value, errors } : { ...locator, raw: prepared.value, errors };
}

export function sortByPosition(errors: readonly LoadError[]): LoadError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
