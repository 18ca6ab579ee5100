import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A bank the project has never seen, with a mode per misbehaviour: a minimal Berlin Group AIS
 * bank (consent, status, redirect SCA, account list) that answers correctly except where its
 * mode says otherwise. The mode is the first path segment, so one server serves every test:
 * a profile's baseUrl is `${url}/<mode>`.
 */
export const hostileModes = [
  'conformant',
  'trickle',
  'endless-chunked',
  'silent',
  'truncated-json',
  'reset-before-headers',
  'huge-body',
  'redirect-loop',
  'duplicate-members',
  'invalid-utf8',
  'wrong-content-type',
  'bad-gzip',
  'control-bytes',
  'oauth-required',
  'consent-400',
  'sca-404',
  'sca-script-error',
  'sca-iframe',
  'unavailable',
  'throttled-first',
] as const;
export type HostileMode = (typeof hostileModes)[number];

export interface HostileBank {
  readonly url: string;
  /** Open sockets are destroyed: the bank never keeps a test waiting. */
  close(): Promise<void>;
}

const IBAN = 'DE27100200300012345678';

/** Terminal escapes, a NUL and a bell: none may reach a console or a report unescaped. */
export const CONTROL_BYTES_BODY = '<p>\u001b[31mEVIL\u001b[0m\u0000\u0007 bad request</p>';

interface Consent {
  status: string;
  ok: string;
  nok: string;
}

export async function startHostileBank(options: { tls?: boolean } = {}): Promise<HostileBank> {
  const consents = new Map<string, Consent>();
  /** Requests (method, path, body) 'throttled-first' has refused once: it serves them when asked again. */
  const throttled = new Set<string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };
  let base = '';

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://bank');
    const [, mode = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    // A request without X-Request-ID still gets one back: the spec requires it on every response.
    const requestId = String(req.headers['x-request-id'] ?? randomUUID());
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}), ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { tppMessages: [{ category: 'ERROR', code, text: code }] }, headers);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      switch (mode as HostileMode) {
        case 'trickle':
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
          return trickle(res, later);
        case 'endless-chunked':
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
          res.write('{"consentStatus":');
          return; // never ends
        case 'silent':
          return; // no headers, ever
        case 'truncated-json':
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': '500', 'x-request-id': requestId });
          res.write('{"consentStatus":"received","consen');
          return later(50, () => res.socket?.destroy());
        case 'reset-before-headers':
          return req.socket.destroy();
        case 'huge-body':
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
          return void pump(res, 21 * 1024 * 1024);
        case 'redirect-loop':
          res.writeHead(302, { location: `${base}/${mode}${path}`, 'x-request-id': requestId });
          return res.end();
        case 'oauth-required':
          if (path.startsWith('/v1/')) return error(401, 'TOKEN_INVALID', { 'www-authenticate': 'Bearer realm="psd2"' });
          break;
        case 'control-bytes':
          if (!path.startsWith('/v1/')) break;
          res.writeHead(400, { 'content-type': 'text/html', 'x-request-id': requestId });
          return res.end(CONTROL_BYTES_BODY);
        case 'unavailable':
          // Down for maintenance: every API call, however often asked.
          if (path.startsWith('/v1/')) return error(503, 'SERVICE_UNAVAILABLE', { 'retry-after': '0' });
          break;
        case 'throttled-first': {
          // A gateway's rate limit: a bare 429 (no Berlin Group body) the first time each request comes.
          const key = `${req.method} ${path} ${body}`;
          if (!path.startsWith('/v1/') || throttled.has(key)) break;
          throttled.add(key);
          res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' });
          return res.end('Too Many Requests');
        }
        case 'consent-400':
          if (path === '/v1/consents' && req.method === 'POST') return error(400, 'FORMAT_ERROR');
          break;
      }
      conformant(mode as HostileMode, path, req, res, body, json, error);
    });
  };

  const conformant = (
    mode: HostileMode,
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    json: (status: number, body: unknown, headers?: Record<string, string>) => void,
    error: (status: number, code: string) => void,
  ) => {
    const requestId = String(req.headers['x-request-id'] ?? '');
    const prefix = `${base}/${mode}`;
    if (path.startsWith('/v1/') && !req.headers['x-request-id']) return error(400, 'FORMAT_ERROR');
    if (path === '/v1/consents' && req.method === 'POST') {
      const id = `c${consents.size + 1}`;
      consents.set(id, { status: 'received', ok: String(req.headers['tpp-redirect-uri'] ?? ''), nok: String(req.headers['tpp-nok-redirect-uri'] ?? '') });
      const created = {
        consentStatus: 'received',
        consentId: id,
        _links: { scaRedirect: { href: `${prefix}/sca/${id}` }, self: { href: `/v1/consents/${id}` }, status: { href: `/v1/consents/${id}/status` } },
      };
      const headers = { 'content-type': 'application/json', 'x-request-id': requestId, location: `${prefix}/v1/consents/${id}`, 'aspsp-sca-approach': 'REDIRECT' };
      const text = JSON.stringify(created);
      switch (mode) {
        case 'invalid-utf8':
          res.writeHead(201, headers);
          return res.end(Buffer.concat([Buffer.from(text.replace('"received"', '"rec')), Buffer.from([0xc3, 0x28]), Buffer.from('eived"')]));
        case 'wrong-content-type':
          res.writeHead(201, { ...headers, 'content-type': 'text/plain' });
          return res.end(text);
        case 'bad-gzip':
          res.writeHead(201, { ...headers, 'content-encoding': 'gzip' });
          return res.end(Buffer.concat([gzipSync(text).subarray(0, 12), Buffer.from('not gzip at all')]));
        default:
          res.writeHead(201, headers);
          return res.end(text);
      }
    }
    const status = /^\/v1\/consents\/([^/]+)\/status$/.exec(path);
    if (status && req.method === 'GET') {
      const consent = consents.get(status[1]!);
      if (!consent) return error(403, 'CONSENT_UNKNOWN');
      if (mode === 'duplicate-members') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
        // A consent that never went through SCA, and a second copy that says it did.
        return res.end(`{"consentStatus":"${consent.status}","consentStatus":"valid"}`);
      }
      return json(200, { consentStatus: mode === 'sca-404' ? 'valid' : consent.status });
    }
    if (path === '/v1/accounts' && req.method === 'GET') {
      const consent = consents.get(String(req.headers['consent-id'] ?? ''));
      if (!consent || (consent.status !== 'valid' && mode !== 'sca-404')) return error(401, 'CONSENT_INVALID');
      return json(200, { accounts: [{ resourceId: 'a1', iban: IBAN, currency: 'EUR', name: 'Main account', _links: { balances: { href: '/v1/accounts/a1/balances' } } }] });
    }
    const sca = /^\/sca\/([^/]+)(\/form|\/done)?$/.exec(path);
    if (sca) {
      const consent = consents.get(sca[1]!);
      if (mode === 'sca-404' || !consent) {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<html><title>Not found</title><body><h1>404</h1><p>This authorisation does not exist.</p></body></html>');
      }
      if (sca[2] === '/done' && req.method === 'POST') {
        const approve = new URLSearchParams(body).get('action') === 'approve';
        consent.status = approve ? 'valid' : 'rejected';
        res.writeHead(302, { location: approve ? consent.ok : consent.nok });
        return res.end();
      }
      const form = `<form method="post" action="${prefix}/sca/${sca[1]}/done" target="_top">
        <input id="username" name="username"><input id="password" name="password" type="password">
        <button id="login" name="action" value="approve">Log in and approve</button>
        <button id="deny" name="action" value="deny">Deny</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html' });
      if (mode === 'sca-iframe' && sca[2] !== '/form') return res.end(`<title>Bank login</title><iframe id="login" src="${prefix}/sca/${sca[1]}/form"></iframe>`);
      if (mode === 'sca-script-error') return res.end(`<title>Bank login</title><script>throw new Error('bank widget failed to start')</script><p>Loading…</p>`);
      return res.end(`<title>Bank login</title>${form}`);
    }
    return error(404, 'RESOURCE_UNKNOWN');
  };

  let server: Server;
  let pemDir: string | undefined;
  if (options.tls) {
    pemDir = mkdtempSync(join(tmpdir(), 'psd2-hostile-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(pemDir, 'key.pem'), '-out', join(pemDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    server = createHttpsServer({ key: readFileSync(join(pemDir, 'key.pem')), cert: readFileSync(join(pemDir, 'cert.pem')) }, handler);
  } else {
    server = createHttpServer(handler);
  }
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (pemDir) rmSync(pemDir, { recursive: true, force: true });
    },
  };
}

/** One byte every 200 ms, for at most a minute: never a complete body in any sane deadline. */
function trickle(res: ServerResponse, later: (ms: number, fn: () => void) => void, sent = 0): void {
  if (res.destroyed || sent > 300) return void res.end();
  res.write(sent === 0 ? '{' : ' ');
  later(200, () => trickle(res, later, sent + 1));
}

async function pump(res: ServerResponse, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await once(res, 'drain').catch(() => undefined);
  }
  res.end();
}
