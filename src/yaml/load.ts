import { isCollection, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
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
    // The first error is the real cause; the ones after it (and any schema error) are mostly its echoes.
    const [first] = doc.errors;
    const at = positionAt(first!.pos[0]);
    const more = doc.errors.length > 1 ? ` (${doc.errors.length - 1} more syntax error(s) may follow from this one)` : '';
    const hint = syntaxHint(text.split(/\r?\n/)[at.line - 1] ?? '');
    return { ...locator, errors: [{ code: 'YAML_SYNTAX', ...at, path: '', message: `${firstLine(first!.message)}${hint ? ` — ${hint}` : ''}${more}` }] };
  }

  const converted = toValue(doc);
  if ('error' in converted) return { ...locator, errors: [{ code: 'YAML_SYNTAX', ...positionAt(converted.offset), path: '', message: converted.error }] };
  const parsed = converted.value;
  const prepared = options.prepare?.(parsed, locator) ?? { value: parsed, errors: [] };
  const validate = validatorFor(schema);
  const valid = validate(prepared.value);
  const fromSchema = valid ? [] : toLoadErrors(validate.errors ?? [], schema as Record<string, unknown>, locator);
  // A value `prepare` could not produce (e.g. a missing env variable) would fail again as schema noise.
  const preparedAt = new Set(prepared.errors.map((e) => `${e.line}:${e.column}`));
  const schemaErrors = fromSchema.filter((e) => !preparedAt.has(`${e.line}:${e.column}`));
  const errors = sortByPosition([...prepared.errors, ...schemaErrors]);
  return errors.length === 0 ? { ...locator, value: prepared.value as T, raw: prepared.value, errors } : { ...locator, raw: prepared.value, errors };
}

export function sortByPosition(errors: readonly LoadError[]): LoadError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Aliases are expanded with a budget: a "billion laughs" file or an unknown alias is a located error, never a throw. */
export const MAX_ALIAS_EXPANSIONS = 100;

function toValue(doc: Document): { value: unknown } | { error: string; offset: number } {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  const unresolved = aliases.find((a) => a.resolve(doc) === undefined);
  if (unresolved) {
    return { error: `unknown alias *${unresolved.source}: no anchor &${unresolved.source} is defined before it`, offset: unresolved.range?.[0] ?? 0 };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }) };
  } catch (e) {
    // The alias that expands into more aliases is where the blow-up starts.
    const nested = aliases.find((a) => {
      const target = a.resolve(doc);
      let inner = false;
      if (isCollection(target)) visit(target, { Alias: () => ((inner = true), visit.BREAK) });
      return inner;
    });
    const at = nested ?? aliases[0];
    const why = e instanceof Error ? e.message : String(e);
    return {
      error: at
        ? `alias *${at.source} expands past ${MAX_ALIAS_EXPANSIONS} aliases (${why}); write the values out or use fewer nested aliases`
        : why,
      offset: at?.range?.[0] ?? 0,
    };
  }
}

/** The usual cause of a YAML syntax error, read off the line it points at. */
function syntaxHint(line: string): string | undefined {
  const flow = /[{[]/.test(line);
  if (flow && /\$\{/.test(line)) return 'inside { … } or [ … ], quote values that start with $ or contain ${…}, e.g. "${env:NAME}"';
  if (flow && /:\S|:\s.*:/.test(line)) return 'inside { … } or [ … ], quote values that contain ":" (URLs, times)';
  if (/^\s*-?\s*[^'"#\s][^#]*:\s+[^'"\s][^#]*:\s/.test(line)) return 'quote a value that contains ": "';
  if (/\t/.test(line)) return 'YAML indents with spaces, not tabs';
  return undefined;
}
