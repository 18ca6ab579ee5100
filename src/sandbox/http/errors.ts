import type { Context, ErrorHandler, Handler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { BgError } from '../errors.ts';
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
