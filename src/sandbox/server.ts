import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { serve } from '@hono/node-server';
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
  const store = createStore({
    faults: parseFaults(opts.faults),
    psus: resolvePsus(opts.psu),
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
  if (opts.requireClientCert) {
    if (!opts.tls) throw new Error('requireClientCert needs tls (the HTTPS listener)');
    app.use('/v1/*', requireClientCertificate(store.faults));
  }
  if (opts.requireSignature) {
    if (!opts.tls) throw new Error('requireSignature needs tls (its ca anchors TPP-Signature-Certificate)');
    app.use('/v1/*', verifySignature(store.faults, caCertificates(opts.tls.ca)));
  }

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
    app.route('/test/clock', clockRoute(store));
    app.route('/test/psu', psuRoute(store));
  }
  app.route('/sca', scaRoute(store));
  return app;
}

export async function startSandbox(opts: StartOptions): Promise<RunningSandbox> {
  const app = createApp(opts);
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const tls = opts.tls
      ? {
          createServer: createHttpsServer,
          // Ask for a client certificate but let the handshake through: a refusal is then a
          // Berlin Group 401 the TPP can read, not a dropped connection.
          serverOptions: { cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: opts.requireClientCert === true, rejectUnauthorized: false },
        }
      : {};
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: host, ...tls }, (info: AddressInfo) => {
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
