/**
 * A `_links` href as the URL to follow. The IG leaves links "relative or full links, to be decided
 * by the ASPSP" without saying relative to what, and banks do both: an href that already holds the
 * API root's path (`/psd2/v1/…` under https://bank/psd2) or any other absolute path (an SCA page,
 * `/sca/login`) is taken from the host; an API path without the root (`/v1/…`) or a path without a
 * leading slash is taken from the API root the profile names.
 */
export function linkUrl(href: string, baseUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  const base = new URL(baseUrl);
  const root = base.pathname.replace(/\/$/, '');
  const apiRoot = `${base.origin}${root}`;
  if (href.startsWith('//')) return `${base.protocol}${href}`;
  if (!href.startsWith('/')) return `${apiRoot}/${href}`;
  if (root !== '' && (href === root || href.startsWith(`${root}/`) || href.startsWith(`${root}?`))) return `${base.origin}${href}`;
  return /^\/v\d+(\/|$|\?)/.test(href) ? `${apiRoot}${href}` : `${base.origin}${href}`;
}

/** The path of a URL under the profile's API root, as the spec writes it (`/v1/…`): how its operation is found. */
export function apiPath(url: string, baseUrl: string): string {
  const path = new URL(url).pathname;
  const root = new URL(baseUrl).pathname.replace(/\/$/, '');
  return root && path.startsWith(`${root}/`) ? path.slice(root.length) : path;
}

/** The href of the named link in a `_links` object, when it has one to follow (a non-empty string: the spec does not require href). */
export function hrefOf(links: unknown, name: string): string | undefined {
  if (links === null || typeof links !== 'object' || Array.isArray(links) || !Object.hasOwn(links, name)) return undefined;
  const link = (links as Record<string, unknown>)[name];
  const href = link !== null && typeof link === 'object' ? (link as Record<string, unknown>)['href'] : undefined;
  return typeof href === 'string' && href.trim() !== '' ? href : undefined;
}
