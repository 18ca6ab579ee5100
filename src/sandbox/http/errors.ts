import type { Context, ErrorHandler, Handler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BgError } from '../errors.ts';
import type { FaultName } from '../faults/catalog.ts';
import { escapeHtml } from '../html/layout.ts';
import type { SandboxEnv } from './env.ts';

const bg = (c: Context, err: BgError) => c.json(err.toBody(), err.status);

/**
 * Typed errors become BG `tppMessages`. Anything else is a sandbox bug: it is logged (method, path
 * and stack only; headers and bodies may hold credentials) and still answered in BG shape.
 */
export const onError: ErrorHandler<SandboxEnv> = (err, c) => {
  if (err instanceof BgError) return bg(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return bg(c, new BgError(400, 'FORMAT_ERROR', err.message || 'The request could not be read.'));
  }
  console.error(`[sandbox] internal error on ${c.req.method} ${c.req.path}:`, err instanceof Error ? err.stack : String(err));
  return bg(c, new BgError(500, 'INTERNAL_SERVER_ERROR', 'Internal error in the sandbox.'));
};

export const notFound: NotFoundHandler<SandboxEnv> = (c) =>
  bg(c, new BgError(404, 'RESOURCE_UNKNOWN', `No resource at ${c.req.path}.`));

/** Registered with `.all()` after a path's real methods, so only other methods reach it. */
export const methodNotAllowed: Handler<SandboxEnv> = (c) => {
  throw new BgError(405, 'SERVICE_INVALID', `${c.req.method} is not supported on ${c.req.path}.`);
};

/**
 * The error-format fault lives here and nowhere else: with `errors-as-html`, every 4xx answer that
 * is not already a page is re-sent as text/html with the same status. Runs outside every error
 * source (onError, notFound, bodyLimit), so it sees their final responses.
 */
export function errorsAsHtml(faults: ReadonlySet<FaultName>): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    await next();
    if (!faults.has('errors-as-html')) return;
    const { status } = c.res;
    if (status < 400 || status >= 500 || c.res.headers.get('Content-Type')?.startsWith('text/html')) return;
    let text = 'The request could not be processed.';
    try {
      const body = (await c.res.clone().json()) as { tppMessages?: { text?: unknown }[] };
      const first = body.tppMessages?.[0]?.text;
      if (typeof first === 'string') text = first;
    } catch {
      // Not JSON: keep the generic text.
    }
    c.res = c.html(`<!doctype html><html><head><title>Error ${status}</title></head><body><h1>Error ${status}</h1><p>${escapeHtml(text)}</p></body></html>`, status as ContentfulStatusCode);
    c.res.headers.delete('Content-Length');
  };
}
