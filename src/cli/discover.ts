import { randomUUID } from 'node:crypto';
import { ProxyAgent, request } from 'undici';
import type { Env } from '../profile/env.ts';
import { proxyFor, resolveProxy } from '../profile/proxy.ts';
import type { ProxySettings } from '../profile/types.ts';
import type { ScaApproach } from '../suite/types.ts';
import type { Capability } from '../rules/capabilities.ts';
import { loadSpec, type ResponseView } from '../validate/index.ts';
import { EMBEDDED_START_LINKS, PLAIN_START_LINKS, PROPRIETARY_START_LINKS } from '../rules/start-links.ts';

/** What `init --discover` learnt about a bank; every probe may come back empty, none throws. */
export interface Discovery {
  /** RFC 8414 authorization server metadata, when the bank publishes it. */
  readonly oauth?: { readonly url: string; readonly issuer?: string; readonly authorizationEndpoint?: string; readonly tokenEndpoint?: string };
  /** The bundled spec whose createConsent response the bank's answer matches. */
  readonly spec?: string;
  readonly scaApproach?: ScaApproach;
  /**
   * Implementer options the answers showed, in the profile's terms: `explicit-start` when the
   * consent creation links a start of the authorisation and no scaRedirect or scaStatus.
   */
  readonly capabilities?: readonly Capability[];
  /** One line per probe, for the user: what was asked, what came back. */
  readonly notes: readonly string[];
}

export interface DiscoverOptions {
  readonly baseUrl: string;
  readonly redirectUri: string;
  /** Per request, in ms. */
  readonly timeout?: number;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env): no profile yet. */
  readonly env?: Env;
}

/** How each probe reaches the bank. */
interface Net {
  readonly timeout: number;
  readonly proxy: ProxySettings | undefined;
}

// Newest first: when both specs accept the answer, the newer one is the better default.
const BUNDLES = ['berlin-group-1.3.12', 'berlin-group-1.3.8'] as const;
const APPROACHES: readonly ScaApproach[] = ['REDIRECT', 'EMBEDDED', 'DECOUPLED'];

/** Start links: which tell the SCA approach (embedded) and which do not (http/links.ts). */
const NEUTRAL_STARTS = [...PLAIN_START_LINKS, ...PROPRIETARY_START_LINKS];
const EMBEDDED_STARTS = EMBEDDED_START_LINKS;

/**
 * Probes a bank the way a first-time user would by hand: its OAuth metadata, then one consent
 * creation (never authorised) whose answer tells the SCA approach, which spec it conforms to and
 * whether the bank starts the authorisation explicitly. The probe prefers explicit start
 * (TPP-Explicit-Authorisation-Preferred), so a bank that offers it on request shows it too.
 */
export async function discover(opts: DiscoverOptions): Promise<Discovery> {
  const notes: string[] = [];
  // No profile yet: the environment's proxy, as a run without a profile proxy will use it.
  const proxy = resolveProxy(undefined, opts.env ?? process.env);
  if (proxy && 'error' in proxy) notes.push(`proxy ignored: ${proxy.error}`);
  const net: Net = { timeout: opts.timeout ?? 5_000, proxy: proxy && !('error' in proxy) ? proxy : undefined };
  const oauth = await oauthMetadata(opts.baseUrl, net, notes);
  const consent = await probeConsent(opts, net, notes);
  return { ...(oauth ? { oauth } : {}), ...consent, notes };
}

async function oauthMetadata(baseUrl: string, net: Net, notes: string[]): Promise<Discovery['oauth']> {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/$/, '');
  // RFC 8414 §3: the well-known segment goes between host and path; many banks serve it at the root.
  const candidates = [...new Set([`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}/.well-known/oauth-authorization-server`])];
  for (const candidate of candidates) {
    const answer = await get(candidate, net);
    if (!answer.ok) {
      notes.push(`OAuth metadata: ${candidate}: ${answer.reason}`);
      continue;
    }
    const meta = answer.response.body;
    if (answer.response.status !== 200 || meta === null || typeof meta !== 'object') {
      notes.push(`OAuth metadata: ${candidate}: HTTP ${answer.response.status}${answer.response.status === 200 ? ', not JSON' : ''}`);
      continue;
    }
    const field = (key: string) => (typeof (meta as Record<string, unknown>)[key] === 'string' ? ((meta as Record<string, unknown>)[key] as string) : undefined);
    const found = { url: candidate, issuer: field('issuer'), authorizationEndpoint: field('authorization_endpoint'), tokenEndpoint: field('token_endpoint') };
    notes.push(`OAuth metadata: ${candidate}: issuer ${found.issuer ?? '(none)'}`);
    return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) as NonNullable<Discovery['oauth']>;
  }
  return undefined;
}

async function probeConsent(opts: DiscoverOptions, net: Net, notes: string[]): Promise<Pick<Discovery, 'spec' | 'scaApproach' | 'capabilities'>> {
  const url = `${opts.baseUrl.replace(/\/$/, '')}/v1/consents`;
  const validUntil = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const answer = await send(url, net, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': randomUUID(),
      'psu-ip-address': '192.0.2.10',
      'tpp-redirect-uri': opts.redirectUri,
      'tpp-redirect-preferred': 'true',
      'tpp-explicit-authorisation-preferred': 'true',
    },
    body: JSON.stringify({ access: { allPsd2: 'allAccounts' }, recurringIndicator: false, validUntil, frequencyPerDay: 1, combinedServiceIndicator: false }),
  });
  if (!answer.ok) {
    notes.push(`createConsent: POST ${url}: ${answer.reason}`);
    return {};
  }
  const { response } = answer;
  notes.push(`createConsent: POST ${url}: HTTP ${response.status}`);
  const scaApproach = approachOf(response);
  notes.push(scaApproach ? `SCA approach: ${scaApproach}` : 'SCA approach: not told (no ASPSP-SCA-Approach header, no SCA link naming one)');
  if (response.status >= 300) return scaApproach ? { scaApproach } : {};
  const start = explicitStartOf(linksOf(response));
  notes.push(start ? `explicit start: the answer links ${start} and no scaRedirect or scaStatus (capability explicit-start)` : 'explicit start: not offered (the authorisation started implicitly)');
  const spec = BUNDLES.find((name) => loadSpec(name).validateResponse('createConsent', response).every((f) => f.passed));
  notes.push(spec ? `spec: the answer conforms to ${spec}` : `spec: the answer conforms to none of ${BUNDLES.join(', ')}`);
  return { ...(spec ? { spec } : {}), ...(scaApproach ? { scaApproach } : {}), ...(start ? { capabilities: ['explicit-start'] } : {}) };
}

function linksOf(response: ResponseView): object | undefined {
  const body = response.body;
  const links = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['_links'] : undefined;
  return links !== null && typeof links === 'object' ? links : undefined;
}

/** The start link of an authorisation the bank left to the TPP, when it started none itself. */
function explicitStartOf(links: object | undefined): string | undefined {
  if (!links || 'scaRedirect' in links || 'scaStatus' in links) return undefined;
  return [...NEUTRAL_STARTS, ...EMBEDDED_STARTS].find((name) => name in links);
}

/** The header says it; without it, the links the body offers do (BG IG: scaRedirect, scaOAuth, …). */
function approachOf(response: ResponseView): ScaApproach | undefined {
  const header = response.headers['aspsp-sca-approach']?.trim().toUpperCase();
  const named = APPROACHES.find((a) => a === header);
  if (named) return named;
  const links = linksOf(response);
  if (!links) return undefined;
  const has = (key: string) => key in links;
  if (has('scaRedirect') || has('scaOAuth')) return 'REDIRECT';
  if (has('updatePsuAuthentication') || EMBEDDED_STARTS.some(has)) return 'EMBEDDED';
  // startAuthorisation or startAuthorisationWithPsuIdentification (NEUTRAL_STARTS) name no approach.
  return undefined;
}

type Answer = { ok: true; response: ResponseView } | { ok: false; reason: string };

function get(url: string, net: Net): Promise<Answer> {
  return send(url, net, { method: 'GET', headers: { accept: 'application/json' } });
}

/** One request under a deadline; a refusal, a timeout or a bad URL is a reason, never a throw. */
async function send(url: string, { timeout, proxy: settings }: Net, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }): Promise<Answer> {
  const proxy = proxyFor(url, settings);
  const dispatcher = proxy ? new ProxyAgent({ uri: proxy, headersTimeout: timeout, bodyTimeout: timeout }) : undefined;
  try {
    const res = await request(url, { ...init, signal: AbortSignal.timeout(timeout), headersTimeout: timeout, bodyTimeout: timeout, ...(dispatcher ? { dispatcher } : {}) });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown = text || undefined;
    if (text && /json/i.test(headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON after all: the text is what the bank sent.
      }
    }
    return { ok: true, response: { status: res.statusCode, headers, body } };
  } catch (e) {
    const err = e as Error & { code?: string };
    const reason = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${timeout} ms` : `${err.code ?? err.name}: ${err.message}`;
    return { ok: false, reason: proxy ? `${reason} (through the proxy from HTTPS_PROXY/HTTP_PROXY)` : reason };
  } finally {
    await dispatcher?.destroy();
  }
}
