import type { ErrorObject } from 'ajv';
import type { LoadError } from './errors.ts';
import type { Locator } from './locate.ts';
import { joinPointer, pointerToPath } from './pointer.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { SECRET_KEY } from '../util/secret-keys.ts';

type Schema = Readonly<Record<string, unknown>>;

/**
 * ajv errors → located, readable LoadErrors. Needs ajv's `verbose` option: the parent schema
 * tells us the allowed keys and discriminator values, the data what was actually written.
 */
export function toLoadErrors(errors: readonly ErrorObject[], rootSchema: Schema, locator: Locator): LoadError[] {
  // A failed anyOf is explained once from its branches; each branch's own errors would be noise.
  const explained = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  // A misspelt required key is one mistake: "unknown key 'redirectUrl' — did you mean 'redirectUri'?"
  // says it all, so the "missing required key 'redirectUri'" echo of it is dropped.
  const misspelt = new Set(errors.filter((e) => e.keyword === 'additionalProperties').flatMap((e) => {
    const allowed = Object.keys(asSchema((e.parentSchema as Schema | undefined)?.['properties']) ?? {});
    const suggestion = didYouMean(String((e.params as Record<string, unknown>)['additionalProperty']), allowed);
    return suggestion ? [joinPointer(e.instancePath, suggestion)] : [];
  }));
  const out: LoadError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // Wrappers: their `then`/`else` or per-name errors already say what is wrong.
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    if (e.keyword === 'required' && misspelt.has(joinPointer(e.instancePath, String((e.params as Record<string, unknown>)['missingProperty'])))) continue;
    if (explained.some((prefix) => e.schemaPath.startsWith(prefix))) continue;
    const converted = convert(e, rootSchema, locator);
    const dedupe = `${converted.line}:${converted.column}:${converted.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push(converted);
  }
  return out;
}

function convert(e: ErrorObject, root: Schema, locator: Locator): LoadError {
  // The message names what was written, except under a secret-named key (psu.password: 583021).
  const last = e.instancePath.split('/').pop() ?? '';
  if (SECRET_KEY.test(last)) e = { ...e, data: SECRET_DATA };
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Schema;
  const base = (pointer: string, onKey = false) => {
    const pos = onKey ? locator.keyPositionOf(pointer) : locator.positionOf(pointer);
    return { code: 'SCHEMA' as const, file: pos.file, line: pos.line, column: pos.column, path: pointerToPath(e.instancePath) };
  };
  if (e.propertyName !== undefined) {
    // A key (not a value) broke a propertyNames rule: point at the key itself.
    const pos = locator.keyPositionOf(joinPointer(e.instancePath, e.propertyName));
    const rule = e.keyword === 'pattern' ? `must match ${String(params['pattern'])}` : (e.message ?? `fails ${e.keyword}`);
    return { code: 'SCHEMA', ...pos, path: pointerToPath(e.instancePath), message: `key '${e.propertyName}' ${rule}${describe(parent)}` };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(asSchema(parent['properties']) ?? {});
      return { ...base(joinPointer(e.instancePath, key), true), message: `unknown key '${key}'`, allowed, ...suggest(key, allowed) };
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      // Where extra keys are allowed (tpp, psu) a misspelt required key is not "unknown": say so here.
      const typo = didYouMean(missing, Object.keys(asSchema(e.data) ?? {}));
      const hint = typo ? ` (is '${typo}' a typo?)` : '';
      return { ...base(e.instancePath), message: `missing required key '${missing}'${hint}${describe(parent)}` };
    }
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[] | undefined) ?? []).map(String);
      return { ...base(e.instancePath), message: `${show(e.data)} is not allowed`, allowed, ...suggest(String(e.data), allowed) };
    }
    case 'const':
      return { ...base(e.instancePath), message: `must be ${show(params['allowedValue'])}, not ${show(e.data)}` };
    case 'type':
      return { ...base(e.instancePath), message: `must be ${String(params['type']).replace(',', ' or ')}, not ${typeName(e.data)}${describe(parent)}` };
    case 'pattern':
      return { ...base(e.instancePath), message: `${show(e.data)} must match ${String(params['pattern'])}${describe(parent)}` };
    case 'format':
      return { ...base(e.instancePath), message: `${show(e.data)} is not a valid ${String(params['format'])}` };
    case 'discriminator':
      return discriminator(e, params, parent, root, base);
    case 'anyOf':
      return { ...base(e.instancePath), message: anyOfMessage(parent) };
    case 'minItems':
      return { ...base(e.instancePath), message: `must have at least ${String(params['limit'])} item(s)` };
    case 'minLength':
      return { ...base(e.instancePath), message: params['limit'] === 1 ? 'must not be empty' : (e.message ?? 'is too short') };
    case 'uniqueItems':
      return { ...base(joinPointer(e.instancePath, Number(params['i']))), message: `duplicate item ${show(pick(e.data, params['i']))}` };
    case 'minProperties':
      return { ...base(e.instancePath), message: `must have at least ${String(params['limit'])} key(s)${describe(parent)}` };
    case 'maxProperties':
      return { ...base(e.instancePath), message: `must have at most ${String(params['limit'])} key(s)${describe(parent)}` };
    default:
      return { ...base(e.instancePath), message: e.message ?? `fails ${e.keyword}` };
  }
}

function discriminator(
  e: ErrorObject,
  params: Record<string, unknown>,
  parent: Schema,
  root: Schema,
  base: (pointer: string, onKey?: boolean) => Omit<LoadError, 'message'>,
): LoadError {
  const tag = String(params['tag']);
  const allowed = discriminatorValues(parent, tag, root);
  const value = params['tagValue'];
  if (params['error'] === 'mapping') {
    return { ...base(joinPointer(e.instancePath, tag)), message: `unknown ${tag} ${show(value)}`, allowed, ...suggest(String(value), allowed) };
  }
  if (value === undefined) return { ...base(e.instancePath), message: `missing required key '${tag}'`, allowed };
  return { ...base(joinPointer(e.instancePath, tag)), message: `'${tag}' must be a string, not ${typeName(value)}`, allowed };
}

/** The `const` of the tag property in each oneOf branch, following local $refs. */
function discriminatorValues(parent: Schema, tag: string, root: Schema): string[] {
  const branches = (parent['oneOf'] as unknown[] | undefined) ?? [];
  return branches.flatMap((b) => {
    const branch = resolveRef(asSchema(b), root);
    const prop = asSchema(asSchema(branch?.['properties'])?.[tag]);
    const value = prop?.['const'] ?? (prop?.['enum'] as unknown[] | undefined)?.[0];
    return value === undefined ? [] : [String(value)];
  });
}

function resolveRef(schema: Schema | undefined, root: Schema): Schema | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const seg of ref.slice(2).split('/')) node = asSchema(node)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return asSchema(node);
}

/** Branches that are only `required` lists read as "needs 'operation' or 'method' and 'path'". */
function anyOfMessage(parent: Schema): string {
  const branches = ((parent['anyOf'] as unknown[] | undefined) ?? []).map(asSchema);
  const lists = branches.map((b) => (b && Object.keys(b).every((k) => k === 'required') ? (b['required'] as string[]) : undefined));
  if (lists.length > 0 && lists.every((l) => l !== undefined)) {
    return `needs ${lists.map((l) => (l ?? []).map((k) => `'${k}'`).join(' and ')).join(' or ')}`;
  }
  return 'matches none of the allowed forms';
}

function suggest(input: string, allowed: readonly string[]): { suggestion?: string } {
  const suggestion = didYouMean(input, allowed);
  return suggestion === undefined || suggestion === input ? {} : { suggestion };
}

function describe(schema: Schema): string {
  const title = schema['title'];
  return typeof title === 'string' ? ` (${title})` : '';
}

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}

function pick(data: unknown, index: unknown): unknown {
  return Array.isArray(data) ? data[Number(index)] : undefined;
}

/** Stands in for a secret's value in messages. */
const SECRET_DATA = Symbol('secret value');

function show(value: unknown): string {
  if (value === SECRET_DATA) return 'a value (not shown: secret key)';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function typeName(value: unknown): string {
  if (value === SECRET_DATA) return 'the value written (not shown: secret key)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${show(value)}`;
}
