import { randomUUID } from 'node:crypto';
import type { Position } from '../rules/types.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { hasTemplate, parseTemplate, type TemplatePart } from './template.ts';

/** What `${…}` can refer to. Nothing here is mutated. */
export interface Scope {
  /** Captured variables (`${consentId}`); dotted names walk into object values (`${psu.id}`). */
  readonly vars: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;
  /** `${profile.psu.id}`; absent when interpolating the profile's own SCA script. */
  readonly profile?: unknown;
  /** The clock for `${today}`, `${today+90d}`, `${now}`: fixed in tests, the `clock` fixture otherwise. */
  readonly now: Date;
  /** `${uuid}` source; crypto.randomUUID by default. */
  readonly uuid?: () => string;
}

export type InterpolationErrorCode = 'UNKNOWN_VARIABLE' | 'BAD_TEMPLATE';

/** A suite (or profile script) refers to something that does not exist: the author's mistake, not the bank's. */
export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
  readonly code: InterpolationErrorCode;
  /** The name inside `${…}` (for BAD_TEMPLATE, the offending string). */
  readonly variable: string;
  /** Where in the interpolated value, e.g. `body.access.validUntil`; '' for the value itself. */
  readonly where: string;
  readonly at?: Position;
  /** Names that would have resolved at this point. */
  readonly known: readonly string[];
  readonly suggestion?: string;
  constructor(fields: {
    code: InterpolationErrorCode;
    variable: string;
    where: string;
    at?: Position;
    known?: readonly string[];
    suggestion?: string;
    reason?: string;
  }) {
    const inWhere = fields.where ? ` in ${fields.where}` : '';
    const head =
      fields.code === 'BAD_TEMPLATE'
        ? `bad template${inWhere}: ${fields.reason ?? 'malformed'} in '${fields.variable}'`
        : `unknown variable '\${${fields.variable}}'${inWhere}${fields.reason ? ` (${fields.reason})` : ''}`;
    const known = fields.known?.length ? ` (known: ${fields.known.join(', ')})` : '';
    const hint = fields.suggestion ? ` — did you mean '\${${fields.suggestion}}'?` : '';
    super(head + known + hint);
    this.code = fields.code;
    this.variable = fields.variable;
    this.where = fields.where;
    if (fields.at) this.at = fields.at;
    this.known = fields.known ?? [];
    if (fields.suggestion !== undefined) this.suggestion = fields.suggestion;
  }
}

/** Built-in names; they shadow captures of the same name, so the planner should refuse such captures. */
export const RESERVED_NAMES: readonly string[] = ['uuid', 'today', 'now', 'profile'];

const DAY_OFFSET = /^today([+-])(\d+)d$/;
/** `today+profile.ais.maxConsentDays`: a day count the bank chose, read from its profile. */
const PROFILE_DAY_OFFSET = /^today([+-])(profile\.\S+)$/;
const GENERATOR_HINTS = ['uuid', 'today', 'today+Nd', 'today-Nd', 'today+profile.KEY', 'now'];

export function isGeneratorName(name: string): boolean {
  return name === 'uuid' || name === 'today' || name === 'now' || DAY_OFFSET.test(name) || PROFILE_DAY_OFFSET.test(name);
}

/** The profile key a name reads (`ais.maxConsentDays` for `${profile.ais.maxConsentDays}` or `${today+profile.ais.maxConsentDays}`). */
export function profileKeyOf(name: string): string | undefined {
  const ref = PROFILE_DAY_OFFSET.exec(name)?.[2] ?? name;
  return ref.startsWith('profile.') ? ref.slice('profile.'.length) : undefined;
}

/**
 * Resolve every `${…}` in every string of `value`, deeply; returns a new value. A string that is
 * exactly one template takes the referenced value's type (a number stays a number, an object an
 * object); otherwise the parts are concatenated. Object keys are not interpolated.
 */
export function interpolate(value: unknown, scope: Scope, at?: Position): unknown {
  return walk(value, scope, at, []);
}

function walk(value: unknown, scope: Scope, at: Position | undefined, path: readonly (string | number)[]): unknown {
  if (typeof value === 'string') return hasTemplate(value) ? resolveString(value, scope, at, path) : value;
  if (Array.isArray(value)) return value.map((v, i) => walk(v, scope, at, [...path, i]));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, scope, at, [...path, k])]));
  }
  return value;
}

function resolveString(text: string, scope: Scope, at: Position | undefined, path: readonly (string | number)[]): unknown {
  const parsed = parseTemplate(text);
  if (!parsed.ok) {
    throw new InterpolationError({ code: 'BAD_TEMPLATE', variable: text, where: wherePath(path), reason: parsed.reason, ...(at ? { at } : {}) });
  }
  const resolve = (part: TemplatePart): unknown => ('name' in part ? lookup(part.name, scope, at, path) : part.literal);
  const [only] = parsed.parts;
  if (parsed.parts.length === 1 && only && 'name' in only) return resolve(only);
  return parsed.parts.map((p) => stringify(resolve(p))).join('');
}

function lookup(name: string, scope: Scope, at: Position | undefined, path: readonly (string | number)[]): unknown {
  if (name === 'uuid') return (scope.uuid ?? randomUUID)();
  if (name === 'now') return scope.now.toISOString();
  if (name === 'today') return isoDate(scope.now, 0);
  const offset = DAY_OFFSET.exec(name);
  if (offset) return isoDate(scope.now, (offset[1] === '-' ? -1 : 1) * Number(offset[2]));
  const fromProfile = PROFILE_DAY_OFFSET.exec(name);
  if (fromProfile) {
    const days = lookup(fromProfile[2] ?? '', scope, at, path);
    if (typeof days !== 'number' || !Number.isInteger(days)) {
      throw new InterpolationError({ code: 'BAD_TEMPLATE', variable: name, where: wherePath(path), reason: `${fromProfile[2]} is ${describe(days)}, not a whole number of days`, ...(at ? { at } : {}) });
    }
    return isoDate(scope.now, (fromProfile[1] === '-' ? -1 : 1) * days);
  }

  const [root = '', ...rest] = name.split('.');
  const fail = (known: readonly string[], missing: string, prefix: string, reason?: string): never => {
    const suggestion = didYouMean(missing, known.map((k) => k.slice(prefix.length)));
    throw new InterpolationError({
      code: 'UNKNOWN_VARIABLE',
      variable: name,
      where: wherePath(path),
      known,
      ...(suggestion === undefined ? {} : { suggestion: prefix + suggestion }),
      ...(reason ? { reason } : {}),
      ...(at ? { at } : {}),
    });
  };

  let current: unknown;
  if (root === 'profile' && scope.profile !== undefined) current = scope.profile;
  else if (hasVar(scope.vars, root)) current = getVar(scope.vars, root);
  else fail([...varNames(scope), ...GENERATOR_HINTS], root, '');

  let walked = root;
  for (const segment of rest) {
    const next = child(current, segment);
    if (!next.found) {
      const keys = isPlainObject(current) ? Object.keys(current).map((k) => `${walked}.${k}`) : [];
      fail(keys, segment, `${walked}.`, keys.length ? undefined : `'${walked}' is ${describe(current)}`);
    }
    current = next.value;
    walked += `.${segment}`;
  }
  return current;
}

/**
 * Every `${…}` name referenced anywhere in `value`, once each, in order of appearance (malformed
 * templates are skipped: interpolate reports them). Lets the planner check captures precede use.
 */
export function templateNames(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!hasTemplate(v)) return;
      const parsed = parseTemplate(v);
      if (parsed.ok) for (const p of parsed.parts) if ('name' in p) names.add(p.name);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...names];
}

function isoDate(now: Date, days: number): string {
  // UTC on purpose: runs on CI machines anywhere must agree on "today".
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

function varNames(scope: Scope): string[] {
  const names = scope.vars instanceof Map ? [...scope.vars.keys()] : Object.keys(scope.vars);
  return scope.profile === undefined ? names : [...names, 'profile.*'];
}

function hasVar(vars: Scope['vars'], name: string): boolean {
  return vars instanceof Map ? vars.has(name) : Object.hasOwn(vars, name);
}

function getVar(vars: Scope['vars'], name: string): unknown {
  return vars instanceof Map ? vars.get(name) : (vars as Readonly<Record<string, unknown>>)[name];
}

function child(value: unknown, key: string): { found: boolean; value?: unknown } {
  if (Array.isArray(value) && /^(0|[1-9][0-9]*)$/.test(key)) {
    const i = Number(key);
    return i < value.length ? { found: true, value: value[i] } : { found: false };
  }
  if (isPlainObject(value) && Object.hasOwn(value, key)) return { found: true, value: value[key] };
  return { found: false };
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function wherePath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
