import type { EnvUse } from './env.ts';

import { SECRET_KEY } from '../util/secret-keys.ts';

// tls.*, tls.identities.*.* and signing.* cert/key/ca name files, not key material; their names would
// otherwise match. Inline PEM private keys are secrets wherever they are.
const PEM_PATHS = new Set(['cert', 'key', 'ca']);
const PEM_SECTIONS = new Set(['tls', 'signing', 'identities']);
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
// `${psu.password}` in an SCA script is a reference; the value it names is collected under psu.
const RUNTIME_TEMPLATE = /^\$\{[^}]*\}$/;

/**
 * Every value a report must never show: values under secret-named keys, and values of
 * secret-named environment variables wherever they were substituted. No empty strings (they
 * would redact everything); longest first so a redactor replaces `abc123` before `abc`.
 */
export function collectSecrets(written: unknown, envUsed: readonly EnvUse[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key: string, path: readonly string[]): void => {
    if (typeof value === 'number' || typeof value === 'boolean') {
      // `otp: 583021` unquoted is still the OTP: the schema refuses it, the redactor must know it.
      if (SECRET_KEY.test(key)) found.add(String(value));
    } else if (typeof value === 'string') {
      // A path to a key file is not the key; the key's text (inline PEM, or a file the oauth section names) is.
      const isPemPath = PEM_PATHS.has(key) && PEM_SECTIONS.has(path[0] ?? '') && !value.includes('-----BEGIN');
      const isOAuthKeyPath = path.length === 2 && path[0] === 'oauth' && key === 'privateKey' && !value.includes('-----BEGIN');
      if (PRIVATE_KEY_PEM.test(value)) found.add(value);
      else if (SECRET_KEY.test(key) && !isPemPath && !isOAuthKeyPath && !RUNTIME_TEMPLATE.test(value)) found.add(value);
    } else if (Array.isArray(value)) {
      value.forEach((v) => walk(v, key, path));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k, [...path, k]);
    }
  };
  walk(written, '', []);
  for (const use of envUsed) if (SECRET_KEY.test(use.variable)) found.add(use.value);
  found.delete('');
  return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}
