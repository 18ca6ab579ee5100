import { BlockList, isIP } from 'node:net';
import type { Env } from './env.ts';
import type { ProxySettings, WrittenProxy } from './types.ts';

/**
 * The HTTP proxy between the harness and the bank, as curl, npm and Playwright users expect: the
 * profile's `proxy:` when written, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower case first).
 * Loopback is never proxied unless `proxy.loopback` says so: the embedded reference ASPSP must
 * keep working on a machine whose environment names a corporate proxy.
 */
export function resolveProxy(written: WrittenProxy | undefined, env: Env): ProxySettings | { error: string; variable?: string } | undefined {
  if (written) {
    const url = normalise(written.url);
    if (!url) return { error: `proxy.url ${JSON.stringify(displayProxy(written.url))} is not an http:// or https:// URL (e.g. http://proxy.corp:3128)` };
    if (!decodable(url)) return { error: BAD_PERCENT('proxy.url', url) };
    return { https: url, http: url, noProxy: [...(written.noProxy ?? [])], loopback: written.loopback === true, source: 'profile' };
  }
  const pick = (...names: string[]) => names.map((n) => [n, env[n]] as const).find(([, v]) => v !== undefined && v.trim() !== '');
  const httpVar = pick('http_proxy', 'HTTP_PROXY');
  // As undici's EnvHttpProxyAgent and npm do: an https target falls back to HTTP_PROXY.
  const httpsVar = pick('https_proxy', 'HTTPS_PROXY') ?? httpVar;
  if (!httpsVar && !httpVar) return undefined;
  for (const found of [httpsVar, httpVar]) {
    if (!found) continue;
    const url = normalise(found[1]!);
    if (!url) return { error: `${found[0]} ${JSON.stringify(displayProxy(found[1]!))} is not an http:// or https:// proxy URL`, variable: found[0] };
    if (!decodable(url)) return { error: BAD_PERCENT(found[0], url), variable: found[0] };
  }
  const noProxy = (pick('no_proxy', 'NO_PROXY')?.[1] ?? '').split(/[,\s]+/).filter((e) => e !== '');
  return {
    ...(httpsVar ? { https: normalise(httpsVar[1]!)! } : {}),
    ...(httpVar ? { http: normalise(httpVar[1]!)! } : {}),
    noProxy,
    loopback: false,
    source: 'environment',
  };
}

const BAD_PERCENT = (where: string, url: string) =>
  `${where} (${displayProxy(url)}): its user name or password holds a % that starts no percent-encoding; write a % there as %25`;

/** Whether the credentials of a proxy URL decode (a lone % in a password does not). */
function decodable(url: string): boolean {
  const u = new URL(url);
  try {
    decodeURIComponent(u.username);
    decodeURIComponent(u.password);
    return true;
  } catch {
    return false;
  }
}

/** Percent-decoding that leaves what does not decode as written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `proxy.corp:3128` as curl reads it (http://); undefined when it is no http(s) URL. */
function normalise(value: string): string | undefined {
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** The proxy as it may be shown: scheme, host and port, never the credentials. */
export function displayProxy(url: string): string {
  try {
    const u = new URL(/:\/\//.test(url) ? url : `http://${url}`);
    return `${u.protocol}//${u.host}`;
  } catch {
    // Not a URL: whatever precedes an @ may be credentials.
    return url.replace(/^.*@/, '');
  }
}

/** The user name and password in the proxy URLs: secrets, as written and decoded. */
export function proxyCredentials(settings: ProxySettings | undefined): string[] {
  const out = new Set<string>();
  for (const url of [settings?.https, settings?.http]) {
    if (!url) continue;
    const u = new URL(url);
    // A proxy may take a token as the user name alone: that is a secret too.
    for (const part of [u.username, u.password]) {
      if (!part) continue;
      out.add(part);
      out.add(decoded(part));
    }
    if (u.password) {
      out.add(`${u.username}:${u.password}`);
      out.add(`${decoded(u.username)}:${decoded(u.password)}`);
    }
  }
  return [...out];
}

/** The proxy URL (with credentials) a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: string | URL, settings: ProxySettings | undefined): string | undefined {
  if (!settings) return undefined;
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    // Not a URL: the request itself fails, and says so, wherever it is sent.
    return undefined;
  }
  const proxy = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined;
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  if (!settings.loopback && isLoopback(host)) return undefined;
  return settings.noProxy.some((entry) => bypasses(entry, host, port)) ? undefined : proxy;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x): what Chromium never proxies either. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  const v4 = h.replace(/^::ffff:/, '');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * One NO_PROXY entry, read as curl and undici read it: `*` (everything), a host (and its
 * subdomains), `.domain` or `*.domain`, either with `:port`, an IP address or an IPv4/IPv6 CIDR.
 */
function bypasses(raw: string, host: string, port: number): boolean {
  const entry = raw.trim().toLowerCase();
  if (entry === '*') return true;
  if (entry.includes('/')) {
    const [net, bits] = entry.replace(/^\[|\]$/g, '').split('/');
    const family = isIP(net ?? '');
    if (!family || isIP(host) !== family) return false;
    const list = new BlockList();
    list.addSubnet(net!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
  }
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (withPort && Number(withPort[2]) !== port) return false;
  const name = (withPort ? withPort[1]! : entry).replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
  return host === name || host.endsWith(`.${name}`);
}

/** Playwright's proxy option for the PSU's browser: the same proxy and the same bypass list. */
export interface BrowserProxy {
  readonly server: string;
  readonly bypass?: string;
  readonly username?: string;
  readonly password?: string;
}

/**
 * The bank's pages are https; Chromium takes one proxy per context, so the https proxy (the http
 * one when only that is set). NO_PROXY entries become Chromium bypass rules; loopback is listed
 * unless it is to be proxied (Playwright otherwise forces loopback through the proxy).
 */
export function browserProxy(settings: ProxySettings | undefined): BrowserProxy | undefined {
  const url = settings?.https ?? settings?.http;
  if (!settings || !url) return undefined;
  if (settings.noProxy.some((e) => e.trim() === '*')) return undefined;
  const u = new URL(url);
  const rules = settings.noProxy.flatMap((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.includes('/')) return [entry];
    const withPort = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec(entry);
    const name = (withPort?.[1] ?? entry).replace(/^\*?\./, '');
    const port = withPort?.[2] ?? '';
    // NO_PROXY's `bank.example` covers its subdomains; Chromium's rule needs both forms.
    return isIP(name.replace(/^\[|\]$/g, '')) ? [`${name}${port}`] : [`${name}${port}`, `*.${name}${port}`];
  });
  if (!settings.loopback) rules.push('localhost', '*.localhost', '127.0.0.1/8', '[::1]');
  return {
    server: `${u.protocol}//${u.host}`,
    ...(rules.length ? { bypass: rules.join(',') } : {}),
    ...(u.username ? { username: decoded(u.username) } : {}),
    ...(u.password ? { password: decoded(u.password) } : {}),
  };
}
