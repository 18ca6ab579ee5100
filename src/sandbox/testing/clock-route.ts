import { Hono } from 'hono';
import { BgError, formatError } from '../errors.ts';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { readJsonObject } from '../http/input.ts';
import { parseDurationMs } from '../store/clock.ts';
import type { Store } from '../store/store.ts';
import type { TokenLedger } from '../oauth/ledger.ts';

/**
 * /test/clock: the reference ASPSP's test-only time control (declared as `clock.control` in its
 * profile). POST {advance: "P91D", consentId?} moves time forward for one consent, or for the
 * whole bank without consentId; GET tells the current time. Never part of a real bank's API.
 */
export function clockRoute(store: Store, tokens?: Pick<TokenLedger, 'advance'>) {
  const known = (consentId: string | undefined) => {
    if (consentId !== undefined && !store.consents.find(consentId)) throw new BgError(403, 'CONSENT_UNKNOWN', 'The consent id is not known.', 'consentId');
    return consentId;
  };
  return new Hono<SandboxEnv>()
    .get('/', (c) => {
      const consentId = known(c.req.query('consentId'));
      return c.json({ now: store.clock.now(consentId).toISOString() });
    })
    .post('/', async (c) => {
      const body = await readJsonObject(c);
      const { advance, consentId, accessToken } = body;
      const ms = typeof advance === 'string' ? parseDurationMs(advance) : undefined;
      if (ms === undefined) throw formatError('advance must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P91D or PT6M.', 'advance');
      if (consentId !== undefined && typeof consentId !== 'string') throw formatError('consentId must be a string.', 'consentId');
      // An access token's grant has its own time, so a case can expire its tokens without moving anyone else's.
      if (accessToken !== undefined) {
        if (typeof accessToken !== 'string' || !tokens?.advance(accessToken, ms)) throw new BgError(401, 'TOKEN_INVALID', 'The access token is not known.', 'accessToken');
        return c.json({ now: new Date(store.clock.now(consentId).getTime() + ms).toISOString() });
      }
      const now = store.clock.advance(ms, known(consentId));
      return c.json({ now: now.toISOString(), ...(consentId === undefined ? {} : { consentId }) });
    })
    .all('/', methodNotAllowed);
}
