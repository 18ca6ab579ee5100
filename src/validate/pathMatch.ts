import type { OperationInfo } from './types.ts';

interface Template {
  readonly info: OperationInfo;
  readonly segments: readonly (string | null)[];
  readonly params: number;
}

/**
 * Matches a concrete method + path against the spec's path templates. The most specific
 * template (fewest `{param}` segments) wins, so /v1/consents/abc beats
 * /v1/{payment-service}/{payment-product}. A server prefix (/psd2/v1/...) is tolerated.
 */
export function pathMatcher(ops: Iterable<OperationInfo>): (method: string, path: string) => OperationInfo | undefined {
  const templates: Template[] = [];
  for (const info of ops) {
    const segments = split(info.path).map((s) => (/^\{[^}]+\}$/.test(s) ? null : s));
    templates.push({ info, segments, params: segments.filter((s) => s === null).length });
  }
  return (method, path) => {
    const wanted = method.toUpperCase();
    const concrete = split(path.replace(/[?#].*$/, '')).map(safeDecode);
    let best: Template | undefined;
    for (const t of templates) {
      if (t.info.method !== wanted || !matches(t.segments, concrete)) continue;
      if (!best || t.params < best.params) best = t;
    }
    return best?.info;
  };
}

function matches(template: readonly (string | null)[], concrete: readonly string[]): boolean {
  const offset = concrete.length - template.length;
  if (offset < 0) return false;
  return template.every((s, i) => {
    const c = concrete[offset + i];
    return c !== undefined && c !== '' && (s === null || s === c);
  });
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
