import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { ScaApproach } from '../suite/types.ts';
import { loadSpec, type ResponseView } from '../validate/index.ts';

/** What `init --discover` learnt about a bank; every probe may come back empty, none throws. */
export interface Discovery {
  /** RFC 8414 authorization server metadata, when the bank publishes it. */
  readonly oauth?: { readonly url: string; readonly issuer?: string; readonly authorizationEndpoint?: string; readonly tokenEndpoint?: string };
  /** The bundled spec whose createConsent response the bank's answer matches. */
  readonly spec?: string;
  readonly scaApproach?: ScaApproach;
  /** One line per probe, for the user: what was asked, what came back. */
  readonly notes: readonly string[];
}

export interface DiscoverOptions {
  readonly baseUrl: string;
  readonly redirectUri: string;
  /** Per request, in ms. */
  readonly timeout?: number;
}

// Newest first: when both specs accept the answer, the newer one is the better default.
const BUNDLES = ['berlin-group-1.3.12', 'berlin-group-1.3.8'] as const;
const APPROACHES: readonly ScaApproach[] = ['REDIRECT', 'EMBEDDED', 'DECOUPLED'];

/**
 * Probes a bank the way a first-time user would by hand: its OAuth metadata, then one consent
 * creation (never authorised) whose answer tells the SCA approach and which spec it conforms to.
 */
export async function discover(opts: DiscoverOptions): Promise<Discovery> {
  const timeout = opts.timeout ?? 5_000;
  const notes: string[] = [];
  const oauth = await oauthMetadata(opts.baseUrl, timeout, notes);
  const consent = await probeConsent(opts, timeout, notes);
  return { ...(oauth ? { oauth } : {}), ...consent, notes };
}

async function oauthMetadata(baseUrl: string, timeout: number, notes: string[]): Promise<Discovery['oauth']> {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/$/, '');
  // RFC 8414 §3: the well-known segment goes between host and path; many banks serve it at the root.
  const candidates = [...new Set([`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}/.well-known/oauth-authorization-server`])];
  for (const candidate of candidates) {
    const answer = await get(candidate, timeout);
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

async function probeConsent(opts: DiscoverOptions, timeout: number, notes: string[]): Promise<Pick<Discovery, 'spec' | 'scaApproach'>> {
  const url = `${opts.baseUrl.replace(/\/$/, '')}/v1/consents`;
  const validUntil = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const answer = await send(url, timeout, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': randomUUID(),
      'psu-ip-address': '192.0.2.10',
      'tpp-redirect-uri': opts.redirectUri,
      'tpp-redirect-preferred': 'true',
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
  notes.push(scaApproach ? `SCA approach: ${scaApproach}` : 'SCA approach: not told (no ASPSP-SCA-Approach header, no SCA link)');
  if (response.status >= 300) return scaApproach ? { scaApproach } : {};
  const spec = BUNDLES.find((name) => loadSpec(name).validateResponse('createConsent', response).every((f) => f.passed));
  notes.push(spec ? `spec: the answer conforms to ${spec}` : `spec: the answer conforms to none of ${BUNDLES.join(', ')}`);
  return { ...(spec ? { spec } : {}), ...(scaApproach ? { scaApproach } : {}) };
}

/** The header says it; without it, the links the body offers do (BG IG: scaRedirect, scaOAuth, …). */
function approachOf(response: ResponseView): ScaApproach | undefined {
  const header = response.headers['aspsp-sca-approach']?.trim().toUpperCase();
  const named = APPROACHES.find((a) => a === header);
  if (named) return named;
  const body = response.body;
  const links = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['_links'] : undefined;
  if (links === null || typeof links !== 'object') return undefined;
  const has = (key: string) => key in links;
  if (has('scaRedirect') || has('scaOAuth')) return 'REDIRECT';
  if (has('startAuthorisationWithPsuAuthentication') || has('startAuthorisationWithEncryptedPsuAuthentication')) return 'EMBEDDED';
  return undefined;
}

type Answer = { ok: true; response: ResponseView } | { ok: false; reason: string };

function get(url: string, timeout: number): Promise<Answer> {
  return send(url, timeout, { method: 'GET', headers: { accept: 'application/json' } });
}

/** One request under a deadline; a refusal, a timeout or a bad URL is a reason, never a throw. */
async function send(url: string, timeout: number, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }): Promise<Answer> {
  try {
    const res = await request(url, { ...init, signal: AbortSignal.timeout(timeout), headersTimeout: timeout, bodyTimeout: timeout });
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
    return { ok: false, reason };
  }
}
