import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { BgError, formatError } from '../errors.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { SandboxEnv } from './env.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The spec requires X-Request-ID on every response, errors included, so this runs outermost and
 * writes the header after whatever answered. The header faults live here and nowhere else.
 */
export function echoRequestId(faults: ReadonlySet<FaultName>): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const given = c.req.header('X-Request-ID')?.trim();
    c.set('requestId', given !== undefined && UUID.test(given) ? given : randomUUID());
    await next();
    if (!faults.has('request-id-not-echoed')) c.res.headers.set('X-Request-ID', c.get('requestId'));
  };
}

/** Every XS2A call must carry a UUID X-Request-ID. */
export function requireRequestId(faults: ReadonlySet<FaultName>): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const given = c.req.header('X-Request-ID');
    if (given === undefined || given.trim() === '') {
      if (faults.has('missing-request-id-accepted')) return next();
      const code = faults.has('error-code-unknown') ? 'INVALID_REQUEST' : 'FORMAT_ERROR';
      throw new BgError(400, code, 'The X-Request-ID header is missing.', 'X-Request-ID');
    }
    if (!UUID.test(given.trim())) throw formatError('X-Request-ID must be a UUID.', 'X-Request-ID');
    return next();
  };
}
