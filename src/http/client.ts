import { validateHeaderName, validateHeaderValue } from 'node:http';
import { Agent, ProxyAgent, request, errors, type Dispatcher } from 'undici';
import { displayProxy, proxyFor } from '../profile/proxy.ts';
import type { PemIdentity, Profile } from '../profile/types.ts';
import { readBody } from './body.ts';
import { AspspTransportError, RequestBuildError } from './errors.ts';
import { readPem } from './pem.ts';
import { loadSigningMaterial, signRequest, type SignatureMode, type SigningMaterial } from './signing.ts';
import type { AspspRequest, AspspResponse } from './types.ts';

export interface ClientOptions {
  /** Total deadline per request: connect, headers and the whole body. */
  readonly timeoutMs?: number;
  /** A hostile ASPSP must not exhaust memory (applies before and after content decoding). */
  readonly maxBodyBytes?: number;
}

export interface SendOptions {
  /** Aborts the request when the case's budget runs out. */
  readonly signal?: AbortSignal;
  /** Client certificate: the profile's tls.cert (default), `none`, or a name under tls.identities. */
  readonly identity?: string;
  /** With a signing profile: sign (default), or spoil the signature on purpose. */
  readonly signature?: SignatureMode;
}

export interface AspspClient {
  send(req: AspspRequest, options?: SendOptions): Promise<AspspResponse>;
  /** Ends every connection at once: teardown never waits on the bank. */
  close(): Promise<void>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/** The only way the harness reaches an ASPSP: undici bound to the profile's TLS material. */
export function createAspspClient(profile: Profile, options: ClientOptions = {}): AspspClient {
  const timeout = options.timeoutMs ?? profile.timeouts?.request ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tls = profile.tls;
  // One connection pool per client identity (the profile's own, and those a case asks for) and
  // route (direct, or the proxy the target's scheme and NO_PROXY choose).
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcherFor = (identity = 'default', proxy: string | undefined): Dispatcher => {
    const key = `${identity}\n${proxy ?? ''}`;
    const known = dispatchers.get(key);
    if (known) return known;
    let client: PemIdentity | undefined;
    if (identity === 'default') client = tls?.cert && tls.key ? { cert: tls.cert, key: tls.key, ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}) } : undefined;
    else if (identity !== 'none') {
      client = tls?.identities?.[identity];
      if (!client) throw new RequestBuildError(`the case presents client certificate '${identity}', and the profile has no tls.identities.${identity} (psd2-conformance certs writes one)`);
    }
    // Idle timers only; the deadline below bounds the whole exchange.
    const timers = { headersTimeout: timeout, bodyTimeout: timeout };
    const bankTls = tls || client ? connectOptions(tls, client) : undefined;
    // Through a proxy, the bank's TLS (server name, CA, client certificate) runs inside the CONNECT
    // tunnel: requestTls. The proxy's own TLS (an https:// proxy) is Node's default trust.
    const agent = proxy ? new ProxyAgent({ ...timers, uri: proxy, ...(bankTls ? { requestTls: bankTls } : {}) }) : new Agent({ ...timers, connect: bankTls });
    dispatchers.set(key, agent);
    return agent;
  };
  let signing: SigningMaterial | undefined;
  const sign = async (req: AspspRequest, mode: SignatureMode | undefined): Promise<AspspRequest> => {
    if (!profile.signing) {
      if (mode && mode !== 'sign') throw new RequestBuildError(`the case spoils the request signature ('${mode}'), and the profile has no signing: section`);
      return req;
    }
    try {
      signing ??= await loadSigningMaterial(profile.signing);
    } catch (e) {
      throw new RequestBuildError(`cannot sign with the profile's signing certificate: ${(e as Error).message}`);
    }
    return signRequest(req, signing, mode);
  };

  async function send(unsigned: AspspRequest, { signal, identity, signature }: SendOptions = {}): Promise<AspspResponse> {
    checkHeaders(unsigned.headers);
    const req = await sign(unsigned, signature);
    const proxy = proxyFor(req.url, profile.proxy);
    const dispatcher = dispatcherFor(identity, proxy);
    const label = `${req.method} ${req.url}`;
    const started = performance.now();
    const deadline = AbortSignal.timeout(timeout);
    const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
    const progress: Progress = { phase: 'headers', bytes: 0 };
    const fail = (cause: unknown) => transportError(label, cause, { deadline, caseSignal: signal, timeout, progress, started, ...(proxy ? { proxy: displayProxy(proxy) } : {}) });

    let res;
    try {
      res = await request(req.url, { method: req.method as 'GET', headers: req.headers, body: req.body, dispatcher, signal: abort });
    } catch (cause) {
      throw fail(cause);
    }
    progress.phase = 'body';
    progress.contentLength = Number(res.headers['content-length'] ?? NaN);
    progress.chunked = /chunked/i.test(String(res.headers['transfer-encoding'] ?? ''));
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of res.body) {
        progress.bytes += (chunk as Buffer).length;
        if (progress.bytes > maxBodyBytes) {
          res.body.destroy();
          throw new AspspTransportError('ASPSP_BODY_TOO_LARGE', label, `response body over ${maxBodyBytes} bytes (the harness's limit)`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (cause) {
      res.body.destroy();
      throw cause instanceof AspspTransportError ? cause : fail(cause);
    }
    const bytes = Buffer.concat(chunks);
    const headers = flattenHeaders(res.headers);
    const read = readBody(bytes, headers, maxBodyBytes);
    return {
      status: res.statusCode,
      headers,
      body: read.body,
      bodyProblems: read.problems,
      text: read.text,
      bytes,
      durationMs: performance.now() - started,
      request: req,
    };
  }

  return { send, close: async () => void (await Promise.all([...dispatchers.values()].map((d) => d.destroy()))) };
}

function connectOptions(tls: Profile['tls'], client: PemIdentity | undefined) {
  return {
    ...(client ? { cert: readPem(client.cert), key: readPem(client.key), ...(client.passphrase !== undefined ? { passphrase: client.passphrase } : {}) } : {}),
    ...(tls?.ca ? { ca: readPem(tls.ca) } : {}),
    ...(tls?.servername ? { servername: tls.servername } : {}),
  };
}

/** Node's own rules for what may go on the wire: a value the harness cannot send is never reported as the bank's failure. */
function checkHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (e) {
      throw new RequestBuildError(`request header ${JSON.stringify(name)} cannot be sent: ${(e as Error).message} (value ${JSON.stringify(value).slice(0, 80)})`);
    }
  }
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

interface Progress {
  phase: 'headers' | 'body';
  bytes: number;
  contentLength?: number;
  chunked?: boolean;
}

interface FailureContext {
  readonly deadline: AbortSignal;
  readonly caseSignal: AbortSignal | undefined;
  readonly timeout: number;
  readonly progress: Progress;
  readonly started: number;
  /** The proxy the request went through, without its credentials. */
  readonly proxy?: string;
}

/** Names what went wrong as a person would: which phase, how long, how much of the body came. */
function transportError(label: string, cause: unknown, ctx: FailureContext): AspspTransportError {
  const err = cause as { code?: string; message?: string };
  const { progress } = ctx;
  const elapsed = `${((performance.now() - ctx.started) / 1000).toFixed(1)} s`;
  const got = progress.phase === 'headers' ? 'before the response headers' : `after the headers, ${progress.bytes} byte(s) of body received${Number.isFinite(progress.contentLength) ? ` of ${progress.contentLength} announced` : ''}`;
  if (ctx.caseSignal?.aborted) return new AspspTransportError('CASE_DEADLINE', label, `the case's time budget ran out ${got} (${elapsed})`, { cause });
  if (ctx.deadline.aborted || cause instanceof errors.HeadersTimeoutError || cause instanceof errors.BodyTimeoutError) {
    return new AspspTransportError('ASPSP_TIMEOUT', label, `no complete answer within ${ctx.timeout / 1000} s: timed out ${got}`, { cause });
  }
  if (ctx.proxy && progress.phase === 'headers') {
    const viaProxy = proxyError(label, cause, ctx.proxy);
    if (viaProxy) return viaProxy;
  }
  if (err.code && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(err.code)) {
    return new AspspTransportError('ASPSP_TLS', label, `TLS failed: ${err.code} ${err.message ?? ''}`.trim(), { cause });
  }
  if (cause instanceof errors.HTTPParserError || err.code === 'HPE_INVALID_CONSTANT' || /^HPE_/.test(err.code ?? '')) {
    return new AspspTransportError('ASPSP_PROTOCOL', label, `malformed HTTP response ${got}: ${err.message ?? err.code}`, { cause });
  }
  if (progress.phase === 'body') {
    const short = Number.isFinite(progress.contentLength) && progress.bytes < (progress.contentLength ?? 0);
    if (short || progress.chunked || cause instanceof errors.ResponseContentLengthMismatchError) {
      return new AspspTransportError('ASPSP_TRUNCATED', label, `the body was cut off: the connection closed ${got}${progress.chunked ? ' (chunked body never terminated)' : ''}`, { cause });
    }
    return new AspspTransportError('ASPSP_RESET', label, `connection reset ${got}: ${err.code ?? ''} ${err.message ?? ''}`.trim(), { cause });
  }
  if (err.code === 'ECONNRESET' || err.code === 'UND_ERR_SOCKET' || cause instanceof errors.SocketError) {
    return new AspspTransportError('ASPSP_RESET', label, `connection closed ${got}: ${err.code ?? ''} ${err.message ?? ''}`.trim(), { cause });
  }
  return new AspspTransportError('ASPSP_UNREACHABLE', label, `unreachable: ${err.code ?? ''} ${err.message ?? String(cause)}`.trim(), { cause });
}

// undici's ProxyAgent when the proxy does not open the tunnel: `Proxy response (407) !== 200 when HTTP Tunneling`.
const PROXY_STATUS = /Proxy response \((\d{3})\)/;
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The proxy's failures named as the proxy's: its refusal of the tunnel, its demand for credentials,
 * or no proxy to talk to. What happens inside the tunnel (the bank's TLS, its answer) stays the bank's.
 */
function proxyError(label: string, cause: unknown, proxy: string): AspspTransportError | undefined {
  const err = cause as { code?: string; message?: string };
  const status = PROXY_STATUS.exec(err.message ?? '')?.[1] ?? (/Proxy Authentication Required/i.test(err.message ?? '') ? '407' : undefined);
  const url = new URL(label.slice(label.indexOf(' ') + 1));
  const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (status === '407') {
    return new AspspTransportError('PROXY_AUTH_REQUIRED', label, `the proxy ${proxy} answered 407 Proxy Authentication Required to CONNECT ${target}: its credentials (user:password in the proxy URL) are missing or refused; the bank was not reached`, { cause });
  }
  if (status) {
    return new AspspTransportError('PROXY_REFUSED', label, `the proxy ${proxy} answered ${status} to CONNECT ${target}: it could not reach the bank or does not let this host through; the bank was not reached`, { cause });
  }
  if (err.code && CONNECT_FAILURES.has(err.code)) {
    return new AspspTransportError('PROXY_UNREACHABLE', label, `the proxy ${proxy} is unreachable: ${err.code} ${err.message ?? ''}`.trim(), { cause });
  }
  return undefined;
}
