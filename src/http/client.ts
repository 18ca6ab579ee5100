import { readFileSync } from 'node:fs';
import { Agent, request, errors } from 'undici';
import type { Profile } from '../profile/types.ts';
import { AspspTransportError } from './errors.ts';
import type { AspspRequest, AspspResponse } from './types.ts';

export interface ClientOptions {
  /** Per request, for headers and for body. */
  readonly timeoutMs?: number;
  /** A hostile ASPSP must not exhaust memory. */
  readonly maxBodyBytes?: number;
}

export interface AspspClient {
  send(req: AspspRequest): Promise<AspspResponse>;
  close(): Promise<void>;
}

/** The only way the harness reaches an ASPSP: undici bound to the profile's TLS material. */
export function createAspspClient(profile: Profile, options: ClientOptions = {}): AspspClient {
  const timeout = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const tls = profile.tls;
  const dispatcher = new Agent({
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: tls
      ? {
          cert: tls.cert ? readFileSync(tls.cert) : undefined,
          key: tls.key ? readFileSync(tls.key) : undefined,
          ca: tls.ca ? readFileSync(tls.ca) : undefined,
          passphrase: tls.passphrase,
        }
      : undefined,
  });

  async function send(req: AspspRequest): Promise<AspspResponse> {
    const label = `${req.method} ${req.url}`;
    const started = performance.now();
    let res;
    try {
      res = await request(req.url, {
        method: req.method as 'GET',
        headers: req.headers,
        body: req.body,
        dispatcher,
      });
    } catch (cause) {
      throw transportError(label, cause);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBodyBytes) {
          res.body.destroy();
          throw new AspspTransportError('ASPSP_BODY_TOO_LARGE', label, `response body over ${maxBodyBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (cause) {
      throw cause instanceof AspspTransportError ? cause : transportError(label, cause);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const headers = flattenHeaders(res.headers);
    return {
      status: res.statusCode,
      headers,
      body: parseBody(text, headers['content-type']),
      text,
      durationMs: performance.now() - started,
    };
  }

  return { send, close: () => dispatcher.close() };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** JSON when it says so (or looks so); otherwise the text, so a validator can say what came instead. */
function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  const jsonish = !contentType || /[/+]json\b/i.test(contentType);
  if (!jsonish) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportError(label: string, cause: unknown): AspspTransportError {
  const err = cause as { code?: string; message?: string };
  if (cause instanceof errors.HeadersTimeoutError || cause instanceof errors.BodyTimeoutError) {
    return new AspspTransportError('ASPSP_TIMEOUT', label, `no answer in time (${err.message})`, { cause });
  }
  if (err.code && /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(err.code)) {
    return new AspspTransportError('ASPSP_TLS', label, `TLS failed: ${err.code} ${err.message ?? ''}`.trim(), { cause });
  }
  return new AspspTransportError('ASPSP_UNREACHABLE', label, `unreachable: ${err.code ?? ''} ${err.message ?? String(cause)}`.trim(), { cause });
}
