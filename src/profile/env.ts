import type { LoadError } from '../yaml/errors.ts';
import type { Locator } from '../yaml/locate.ts';
import { joinPointer, pointerToPath } from '../yaml/pointer.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** An environment value that went into the profile, so secret-named variables can be redacted. */
export interface EnvUse {
  readonly variable: string;
  readonly value: string;
}

export interface EnvResult {
  readonly value: unknown;
  readonly errors: readonly LoadError[];
  readonly used: readonly EnvUse[];
}

/*
 * `${env:NAME}` and `${env:NAME:-default}`, anywhere inside a string. Only `env:` references are
 * touched: `${psu.id}` in SCA scripts is resolved at run time. `$${env:…}` is left as written.
 * As in the shell, `:-default` also applies when the variable is set but empty.
 */
const ENV_REF = /(\$?)\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Substitute env references in every string value (never keys); returns a new value of the same shape. */
export function substituteEnv(raw: unknown, env: Env, locator: Locator): EnvResult {
  const errors: LoadError[] = [];
  const used: EnvUse[] = [];

  const inString = (text: string, pointer: string): string =>
    text.replace(ENV_REF, (whole, escaped: string, name: string, fallback: string | undefined) => {
      if (escaped) return whole;
      const value = env[name];
      if (value !== undefined && (value !== '' || fallback === undefined)) {
        used.push({ variable: name, value });
        return value;
      }
      if (fallback !== undefined) return fallback;
      const path = pointerToPath(pointer);
      errors.push({
        code: 'ENV_MISSING',
        ...locator.positionOf(pointer),
        path,
        variable: name,
        message: `environment variable ${name} is not set (set it, or give a default: \${env:${name}:-value})`,
      });
      return whole;
    });

  const walk = (value: unknown, pointer: string): unknown => {
    if (typeof value === 'string') return inString(value, pointer);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, joinPointer(pointer, i)));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, joinPointer(pointer, k))]));
    }
    return value;
  };

  return { value: walk(raw, ''), errors, used };
}
