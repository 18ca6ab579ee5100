import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { consentsRoute } from './ais/consents.ts';
import { accountsRoute } from './ais/accounts.ts';
import { fundsConsentsRoute } from './piis/consents.ts';
import { fundsRoute } from './piis/funds.ts';
import { paymentsRoute } from './pis/payments.ts';
import { PAYMENT_SERVICES } from './store/payment-types.ts';
import { resolvePsus, type PsuCredentials } from './config.ts';
import { formatError } from './errors.ts';
import { parseFaults } from './faults/catalog.ts';
import type { SandboxEnv } from './http/env.ts';
import { errorsAsHtml, methodNotAllowed, notFound, onError } from './http/errors.ts';
import { MAX_BODY_BYTES } from './http/input.ts';
import { echoRequestId, requireRequestId } from './http/request-id.ts';
import { scaRoute } from './sca/routes.ts';
import { bankAppRoute } from './sca/app-route.ts';
import { createOAuth } from './oauth/index.ts';
import { resolveOAuthSettings, type OAuthSettings } from './oauth/settings.ts';
import { requireClientCertificate } from './security/client-certificate.ts';
import { verifySignature } from './security/signature.ts';
import type { ServerTls } from './security/tls.ts';
import type { BankSettings, Clock } from './store/state.ts';
import { clockRoute } from './testing/clock-route.ts';
import { psuRoute } from './testing/psu-route.ts';
import { createStore } from './store/store.ts';

export interface SandboxOptions {
  /** Fault names from `faults/catalog.ts`; an unknown name throws, listing the known ones. */
  faults?: readonly string[];
  psu?: Partial<PsuCredentials>;
  /** The bank's clock under the test clock's offsets; defaults to the wall clock. */
  now?: Clock;
  /** Where the standard leaves the bank a choice (consent maximum, 90-day grace, page size). */
  settings?: Partial<BankSettings>;
  /** Mount /test/clock and /test/psu, the test-only controls (default true: this is a test bank). */
  testClock?: boolean;
  /** The authorisation server: access-token lifetime, whether /v1 needs a token, registered clients. */
  oauth?: Partial<OAuthSettings>;
  /** Serve HTTPS with this certificate; `ca` anchors client and signature certificates. */
  tls?: ServerTls;
  /** Refuse /v1 requests without a trusted client certificate carrying the service's PSD2 role (needs tls). */
  requireClientCert?: boolean;
  /** Refuse /v1 requests that are not signed (Digest, Signature, TPP-Signature-Certificate) by a certificate under tls.ca. */
  requireSignature?: boolean;
}

export interface StartOptions extends SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One bank per call: its own store, so parallel tests never share consents. */
export function createApp(opts: SandboxOptions = {}) {
  return createBank(opts).app;
}

/**
 * The bank: the Berlin Group API (Hono) and its OAuth2 authorisation server (oidc-provider, a Koa
 * app) behind one node request listener.
 */
export function createBank(opts: SandboxOptions = {}) {
  const psus = resolvePsus(opts.psu);
  const store = createStore({
    faults: parseFaults(opts.faults),
    psus,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.settings ? { settings: opts.settings } : {}),
  });
  const app = new Hono<SandboxEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', echoRequestId(store.faults));
  app.use('*', errorsAsHtml(store.faults));
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(formatError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`).toBody(), 400) }),
  );
  app.use('/v1/*', requireRequestId(store.faults));
  // Transport and message credentials first, as a bank's gateway checks them: certificate, signature, then token.
  if (opts.requireClientCert) {
    if (!opts.tls) throw new Error('requireClientCert needs tls (the HTTPS listener)');
    app.use('/v1/*', requireClientCertificate(store.faults));
  }
  if (opts.requireSignature) {
    if (!opts.tls) throw new Error('requireSignature needs tls (its ca anchors TPP-Signature-Certificate)');
    app.use('/v1/*', verifySignature(store.faults, caCertificates(opts.tls.ca)));
  }
  const oauth = createOAuth({ store, psus, settings: resolveOAuthSettings(opts.oauth), faults: store.faults });
  app.use('/v1/*', oauth.protect);

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.all('/health', methodNotAllowed);
  // Before /v1/consents, whose /:consentId would otherwise take this path.
  app.route('/v1/consents/confirmation-of-funds', fundsConsentsRoute(store));
  app.route('/v1/consents', consentsRoute(store));
  for (const service of PAYMENT_SERVICES) app.route(`/v1/${service}`, paymentsRoute(store, service));
  app.route('/v1/funds-confirmations', fundsRoute(store));
  app.route('/v1/accounts', accountsRoute(store, false));
  app.route('/v1/card-accounts', accountsRoute(store, true));
  if (opts.testClock !== false) {
    app.route('/test/clock', clockRoute(store, oauth.ledger));
    app.route('/test/psu', psuRoute(store));
  }
  app.route('/sca', scaRoute(store));
  app.route('/bank-app', bankAppRoute(store));
  const api = getRequestListener(app.fetch);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    oauth.route(req, res).then(
      (handled) => (handled ? undefined : api(req, res)),
      (err: unknown) => {
        console.error(`[sandbox] oauth error on ${req.method} ${req.url?.split('?')[0]}:`, err instanceof Error ? err.stack : String(err));
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: 'The request could not be processed.' }));
      },
    );
  };
  return { app, listener };
}

export async function startSandbox(opts: StartOptions): Promise<RunningSandbox> {
  const { listener } = createBank(opts);
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = opts.tls
      ? // Ask for a client certificate but let the handshake through: a refusal is then a Berlin
        // Group 401 the TPP can read, not a dropped connection.
        createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: opts.requireClientCert === true, rejectUnauthorized: false }, listener)
      : createServer(listener);
    server.listen(opts.port, host, () => {
      const info = server.address() as AddressInfo;
      const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `${opts.tls ? 'https' : 'http'}://${urlHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive sockets from fetch would otherwise hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

/** Every certificate of a PEM bundle. */
function caCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
}
