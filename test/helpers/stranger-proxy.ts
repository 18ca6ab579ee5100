import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stranger bank: the reference ASPSP behind a reverse proxy that answers in shapes HTTP and the
 * Berlin Group allow but the reference ASPSP happens not to use. A conformant bank must not be
 * judged otherwise for them (test/stranger.test.ts). Each variation is switched on by name; the
 * comment on each says why it is legal. Every request goes through, the SCA pages and the OAuth
 * server included (the bank builds its SCA links from the Host it is called at, which the proxy
 * keeps), so the browser sees the stranger bank too.
 *
 * Looked at and left out:
 * - a relative `Location` on 201: RFC 9110 §10.2.2 allows a URI reference, but the Berlin Group
 *   OAS declares the header `format: url` (absolute), so a bank doing it breaks the spec;
 * - a UTF-8 byte order mark before JSON: RFC 8259 §8.1 forbids it in JSON sent over the network;
 * - a body delimited by closing the connection (no Content-Length, not chunked): legal for
 *   HTTP/1.1 (RFC 9112 §6.3) but node's server cannot send it; `connection-close` plus `chunked`
 *   is as close as it gets.
 */
export const legalVariations = [
  // RFC 9112 §6.1, §7.1: chunked transfer coding instead of Content-Length; every HTTP/1.1 recipient
  // must parse it. The body is also sent in several chunks, split mid-token.
  'chunked',
  // RFC 9112 §9.6: the server may close after any response, saying so with `Connection: close`
  // (every other answer); the connections it keeps it closes after a second idle, announced by
  // `Keep-Alive: timeout=1` (RFC 9112 §9.3 lets either side close an idle connection).
  'connection-close',
  // RFC 9110 §5.1: field names are case-insensitive. Every other answer spells them in upper
  // case, the others in lower case.
  'header-case',
  // RFC 9110 §5.1 / §16.3.1: a recipient ignores fields it does not know; these are what gateways
  // and frameworks add (HSTS over plain HTTP is ignored by the client, RFC 6797 §8.1). `ETag` and
  // `Vary` are ordinary caching metadata (RFC 9110 §8.8.3, §12.5.5).
  'extra-headers',
  // RFC 9110 §8.3.1, §5.6.6: type, subtype and parameter names are case-insensitive, charset
  // names too (§8.3.2), a parameter value may be quoted, OWS around `;` is optional. RFC 8259 §11:
  // application/json defines no charset parameter, "adding one really has no effect on compliant
  // recipients". Error bodies keep their own type (see problem-json-errors).
  'content-type-parameters',
  // RFC 9110 §12.5.3: a request without Accept-Encoding has no preference, which "allows the server
  // to use any content coding"; the harness's API client sends none. When a request does send
  // Accept-Encoding (the PSU's browser), gzip is used only when it is acceptable there.
  'gzip',
  // RFC 8259 §4: an object is an unordered collection of members; member order means nothing.
  'json-member-order',
  // RFC 8259 §2: insignificant whitespace (space, tab, CR, LF) is allowed around any token.
  'json-whitespace',
  // RFC 8259 §7: any character may be escaped; `\/` is what PHP's json_encode writes by default.
  'json-escapes',
  // The `_links` remark of the OAS (from the IG): "All links can be relative or full links, to be
  // decided by the ASPSP". A relative href becomes a full one at the bank's origin, a full one at the bank's
  // origin becomes relative (its path from the host: `/v1/…`, `/sca/…`, `/.well-known/…`).
  'links-flipped',
  // The `_links` remark: "further links might be added for ASPSP defined extensions"; the OAS
  // types every `_links` object with additionalProperties of hrefType.
  'extra-links',
  // RFC 9110 §10.2.2: Location is a URI reference; on a redirect (3xx) it is resolved against the
  // request's URL, so a same-origin one may be relative, a relative one full. (Not on 201: there
  // the OAS declares it `format: url`.)
  'redirect-location-flipped',
  // IG: the API root is the bank's ({provider}, e.g. https://api.bank/psd2/v1/…). This bank serves
  // its API under API_ROOT (the profile's baseUrl must say so: StrangerProxy.apiUrl) and its SCA
  // pages, OAuth server and test routes outside it, at the host's root; its links carry the root.
  'api-root-path',
  // The OAS declares every Berlin Group error response as application/json (tppMessages) or
  // application/problem+json (RFC 7807: type, title, detail, code, additionalErrors). This bank
  // has only the latter; with no acceptable representation RFC 9110 §12.5.1 lets it disregard the
  // TPP's `Accept: application/json` rather than answer 406.
  'problem-json-errors',
  // RFC 6749 §5.1, §7.1: the token_type value is case-insensitive ("Bearer" for "bearer").
  'token-type-case',
  // RFC 9112 §4: a client should ignore the reason phrase; this bank words its own.
  'reason-phrase',
  // RFC 9110 §15.2: a client must accept 1xx answers before the final one even when it did not ask
  // for them; 103 Early Hints (RFC 8297) is what CDNs send.
  'early-hints',
] as const;
export type LegalVariation = (typeof legalVariations)[number];

/** Breaks the Berlin Group on purpose: proves the stranger test can fail. */
export const illegalVariations = [
  // Every Berlin Group response carries X-Request-ID (the OAS marks it required).
  'drop-request-id',
] as const;
export type Variation = LegalVariation | (typeof illegalVariations)[number];

/** Where the bank's API lives under 'api-root-path'. */
export const API_ROOT = '/psd2';

export interface StrangerProxy {
  readonly url: string;
  /** The API root for the profile's baseUrl: `url`, under API_ROOT with 'api-root-path'. */
  readonly apiUrl: string;
  /** How many answers each variation changed: a variation that never applied proved nothing. */
  readonly applied: ReadonlyMap<Variation, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length']);

export async function startStrangerProxy(target: string, variations: readonly Variation[]): Promise<StrangerProxy> {
  const on = new Set(variations);
  const applied = new Map<Variation, number>();
  const count = (v: Variation) => void applied.set(v, (applied.get(v) ?? 0) + 1);
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  let answers = 0;

  const server = createServer((req, res) => {
    forward(req)
      .then((answer) => respond(req, res, answer, answers++))
      .catch((e: Error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`stranger proxy: ${e.message}`);
      });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  /** The request as the client sent it, Host included (the bank builds its links from it), read in whole. */
  async function forward(req: IncomingMessage): Promise<Answer> {
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    // The proxy picks the coding itself from what the client accepts.
    delete headers['accept-encoding'];
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (body.length) headers['content-length'] = String(body.length);
    // Under 'api-root-path' the API is reached under API_ROOT only; the test routes (clock, PSU) the profile names under the API root too.
    const path = on.has('api-root-path') ? underRoot(req.url ?? '/') : req.url;
    if (path === undefined) return { status: 404, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ tppMessages: [{ category: 'ERROR', code: 'RESOURCE_UNKNOWN', text: `the API is under ${API_ROOT}` }] })) };
    const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers, agent });
    up.end(body);
    const [answer] = (await once(up, 'response')) as [IncomingMessage];
    const parts: Buffer[] = [];
    for await (const chunk of answer) parts.push(chunk as Buffer);
    const raw: [string, string][] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) raw.push([answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!]);
    return { status: answer.statusCode ?? 502, headers: raw.filter(([n]) => !HOP_BY_HOP.has(n.toLowerCase())), body: Buffer.concat(parts) };
  }

  function respond(req: IncomingMessage, res: ServerResponse, answer: Answer, n: number): void {
    let headers = answer.headers;
    let body = answer.body;
    const get = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
    const set = (name: string, value: string) => {
      headers = [...headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()), [name, value]];
    };
    const origin = `http://${req.headers.host}`;
    const json = /^application\/(?:[\w.+-]+\+)?json\b/i.test(get('content-type') ?? '');

    if (json && body.length) {
      let value = JSON.parse(body.toString('utf8')) as unknown;
      if (on.has('api-root-path') && rootLinks(value, origin)) count('api-root-path');
      if (on.has('links-flipped') && flipLinks(value, origin)) count('links-flipped');
      if (on.has('extra-links') && addLinks(value)) count('extra-links');
      const problem = on.has('problem-json-errors') && answer.status >= 400 ? asProblem(value) : undefined;
      if (problem) {
        value = problem;
        set('Content-Type', 'application/problem+json');
        count('problem-json-errors');
      }
      if (on.has('token-type-case') && value !== null && typeof value === 'object' && typeof (value as { token_type?: unknown }).token_type === 'string') {
        const token = value as { token_type: string };
        token.token_type = token.token_type === token.token_type.toLowerCase() ? token.token_type.toUpperCase() : token.token_type.toLowerCase();
        count('token-type-case');
      }
      if (on.has('json-member-order')) {
        value = reorder(value);
        count('json-member-order');
      }
      let text = on.has('json-whitespace') ? JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n') + '\r\n' : JSON.stringify(value);
      if (on.has('json-whitespace')) count('json-whitespace');
      if (on.has('json-escapes')) {
        // Outside strings JSON has no `/` and no character above ASCII: replacing them everywhere only touches strings.
        const escaped = text.replace(/\//g, '\\/').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        if (escaped !== text) count('json-escapes');
        text = escaped;
      }
      body = Buffer.from(text, 'utf8');
      if (on.has('content-type-parameters')) {
        const [type, subtype] = (get('content-type') ?? '').split(';')[0]!.trim().split('/');
        set('Content-Type', [`${type}/${subtype}; charset=UTF-8`, `${type}/${subtype};charset=utf-8`, `${type}/${subtype}`.toUpperCase() + ' ; Charset="UTF-8"'][n % 3]!);
        count('content-type-parameters');
      }
    }
    if (on.has('api-root-path')) {
      const created = get('location');
      if (created?.startsWith(`${origin}/v1/`)) set('Location', `${origin}${API_ROOT}${created.slice(origin.length)}`);
    }
    const location = get('location');
    if (on.has('redirect-location-flipped') && answer.status >= 300 && answer.status < 400 && location !== undefined) {
      const flipped = location.startsWith(`${origin}/`) ? location.slice(origin.length) : location.startsWith('/') && !location.startsWith('//') ? `${origin}${location}` : location;
      if (flipped !== location) {
        set('Location', flipped);
        count('redirect-location-flipped');
      }
    }
    if (on.has('drop-request-id') && get('x-request-id') !== undefined) {
      headers = headers.filter(([name]) => name.toLowerCase() !== 'x-request-id');
      count('drop-request-id');
    }
    if (on.has('extra-headers')) {
      const extra: [string, string][] = [
        ['X-Powered-By', 'PHP/8.3.4'],
        ['Server', 'bank-gateway/4.2'],
        ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
        ['Cache-Control', 'no-store'],
        ['Pragma', 'no-cache'],
        ['X-Content-Type-Options', 'nosniff'],
        ['Via', '1.1 edge-gw'],
        ['Set-Cookie', 'lb=node-3; Path=/; HttpOnly; SameSite=Lax'],
        ['X-Correlation-ID', `corr-${n}`],
        ['ETag', `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`],
        ['Vary', 'Accept-Encoding'],
      ];
      for (const [name, value] of extra) if (get(name.toLowerCase()) === undefined) headers = [...headers, [name, value]];
      count('extra-headers');
    }
    if (on.has('gzip') && body.length && acceptsGzip(req.headers['accept-encoding'])) {
      body = gzipSync(body);
      set('Content-Encoding', 'gzip');
      count('gzip');
    }
    if (on.has('connection-close') && n % 2 === 0) {
      headers = [...headers, ['Connection', 'close']];
      count('connection-close');
    }
    if (on.has('header-case')) {
      headers = headers.map(([name, value]) => [n % 2 ? name.toUpperCase() : name.toLowerCase(), value]);
      count('header-case');
    }
    const chunked = on.has('chunked') && body.length > 0 && answer.status !== 204 && answer.status !== 304;
    if (!chunked && answer.status !== 204 && answer.status !== 304) headers = [...headers, ['Content-Length', String(body.length)]];
    if (on.has('early-hints') && (answer.status < 300 || answer.status >= 400)) {
      res.writeEarlyHints({ link: '</favicon.ico>; rel=preload; as=image' });
      count('early-hints');
    }
    const flat = headers.flat();
    if (on.has('reason-phrase')) {
      res.writeHead(answer.status, 'Answered By The Stranger Bank', flat);
      count('reason-phrase');
    } else res.writeHead(answer.status, flat);
    if (!chunked) {
      res.end(body);
      return;
    }
    count('chunked');
    // Several chunks, cut mid-token: a reader that parses a chunk at a time breaks here.
    const cuts = [0, Math.floor(body.length / 3), Math.floor((2 * body.length) / 3), body.length];
    for (let i = 0; i < cuts.length - 1; i++) if (cuts[i + 1]! > cuts[i]!) res.write(body.subarray(cuts[i], cuts[i + 1]));
    res.end();
  }

  // Node announces it as `Keep-Alive: timeout=1` and closes a connection idle that long.
  if (on.has('connection-close')) server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${port}${on.has('api-root-path') ? API_ROOT : ''}`,
    applied,
    async close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((closed) => server.close(closed));
    },
  };
}

interface Answer {
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly body: Buffer;
}

/** No Accept-Encoding: any coding (RFC 9110 §12.5.3); otherwise gzip (or `*`) listed with a weight above zero. */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return true;
  const weights = new Map(
    header.split(',').map((part) => {
      const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return [coding ?? '', q ? Number(q.slice(2)) : 1] as const;
    }),
  );
  const q = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*');
  return q !== undefined && q > 0;
}

/** Members in reverse order, at every depth; arrays keep theirs (their order means something). */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]));
}

/** The bank's own path of a request under 'api-root-path': the API only under API_ROOT; the rest (SCA pages, OAuth, bank app) at the root. */
function underRoot(url: string): string | undefined {
  if (url === API_ROOT || url.startsWith(`${API_ROOT}/`) || url.startsWith(`${API_ROOT}?`)) return url.slice(API_ROOT.length) || '/';
  return /^\/v\d+(\/|\?|$)/.test(url) || url.startsWith('/test/') ? undefined : url;
}

/** API links (`/v1/…`, relative or full at `origin`) moved under API_ROOT, at any depth. True when one moved. */
function rootLinks(value: unknown, origin: string): boolean {
  return rewriteHrefs(value, (href) =>
    href.startsWith('/v1/') ? `${API_ROOT}${href}` : href.startsWith(`${origin}/v1/`) ? `${origin}${API_ROOT}${href.slice(origin.length)}` : undefined,
  );
}

/** Every `_links` href at any depth through `rewrite` (undefined: left as it is). True when one changed. */
function rewriteHrefs(value: unknown, rewrite: (href: string) => string | undefined): boolean {
  if (value === null || typeof value !== 'object') return false;
  let changed = false;
  for (const [key, child] of Object.entries(value)) {
    if (key === '_links' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      for (const link of Object.values(child)) {
        if (link === null || typeof link !== 'object' || typeof (link as { href?: unknown }).href !== 'string') continue;
        const target = link as { href: string };
        const next = rewrite(target.href);
        if (next === undefined) continue;
        target.href = next;
        changed = true;
      }
    }
    if (rewriteHrefs(child, rewrite)) changed = true;
  }
  return changed;
}

/** A Berlin Group error body (tppMessages) in the RFC 7807 form the OAS declares next to it; undefined for any other body. */
function asProblem(value: unknown): object | undefined {
  const body = value as { tppMessages?: unknown; _links?: unknown } | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.tppMessages) || body.tppMessages.length === 0) return undefined;
  const messages = body.tppMessages as { code: string; text?: string }[];
  const entry = (m: { code: string; text?: string }) => ({
    title: m.code.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    ...(m.text === undefined ? {} : { detail: m.text.slice(0, 500) }),
    code: m.code,
  });
  const [first, ...rest] = messages;
  return {
    type: `https://bank.example/psd2/problems/${first!.code.toLowerCase().replace(/_/g, '-')}`,
    ...entry(first!),
    ...(rest.length ? { additionalErrors: rest.map(entry) } : {}),
    ...(body._links === undefined ? {} : { _links: body._links }),
  };
}

/** A link of the bank's own next to the standard ones in every `_links` object at any depth. True when one was added. */
function addLinks(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  let added = false;
  for (const [key, child] of Object.entries(value)) {
    if (key === '_links' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      (child as Record<string, unknown>)['bankHelp'] = { href: '/help/psd2' };
      added = true;
    } else if (addLinks(child)) added = true;
  }
  return added;
}

/** Every `_links` href at any depth: relative ones made full at `origin`, full ones at `origin` made relative. True when one changed. */
function flipLinks(value: unknown, origin: string): boolean {
  return rewriteHrefs(value, (href) =>
    href.startsWith('/') && !href.startsWith('//') ? `${origin}${href}` : href.startsWith(`${origin}/`) ? href.slice(origin.length) : undefined,
  );
}
