/**
 * Whether the browser was sent to `expected` (a TPP redirect URI): same origin and path, and every
 * query parameter the TPP put in its URI comes back unchanged; the ASPSP may add its own (code, state).
 * Fragments are ignored: the browser is at the TPP all the same (a redirect URI has none, RFC 6749
 * §3.1.2), and parameters a bank puts there are judged by the checks that read the query, which miss them.
 */
export function isReturnTo(actual: string, expected: string): boolean {
  let a: URL;
  let e: URL;
  try {
    a = new URL(actual);
    e = new URL(expected);
  } catch {
    return false;
  }
  if (a.origin !== e.origin || a.pathname !== e.pathname) return false;
  for (const [name, value] of e.searchParams) if (!a.searchParams.getAll(name).includes(value)) return false;
  return true;
}

/** For messages: where the browser went, without a query that may carry an authorisation code. */
export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : `${url.slice(0, cut)}?…`;
}
