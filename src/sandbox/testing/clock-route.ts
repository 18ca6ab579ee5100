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
 * profile). POST {advance: "P91D", consentId?} moves time forward for one consent, {advance,
 * paymentId} for one payment, or for the whole bank with neither; GET tells the current time.
 * Never part of a real bank's API.
 */
export function clockRoute(store: Store, tokens?: Pick<TokenLedger, 'advance'>) {
  const known = (consentId: string | undefined) => {
    if (consentId !== undefined && !store.consents.find(consentId)) throw new BgError(403, 'CONSENT_UNKNOWN', 'The consent id is not known.', 'consentId');
    return consentId;
  };
  const payment = (paymentId: unknown) => {
    if (paymentId === undefined) return undefined;
    if (typeof paymentId !== 'string') throw formatError('paymentId must be a string.', 'paymentId');
    if (!store.payments.exists(paymentId)) throw new BgError(403, 'RESOURCE_UNKNOWN', 'The payment id is not known.', 'paymentId');
    return paymentId;
  };
  return new Hono<SandboxEnv>()
    .get('/', (c) => {
      const id = payment(c.req.query('paymentId')) ?? known(c.req.query('consentId'));
      return c.json({ now: store.clock.now(id).toISOString() });
    })
    .post('/', async (c) => {
      if (store.settings.payments.settleAfterMs !== undefined) {
        throw new BgError(409, 'STATUS_INVALID', 'This bank runs in real time (sandbox --settle-after): its clock cannot be moved; poll with real waits instead.');
      }
      const body = await readJsonObject(c);
      const { advance, consentId, paymentId, accessToken } = body;
      const ms = typeof advance === 'string' ? parseDurationMs(advance) : undefined;
      if (ms === undefined) throw formatError('advance must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. P91D or PT6M.', 'advance');
      if (consentId !== undefined && typeof consentId !== 'string') throw formatError('consentId must be a string.', 'consentId');
      if (consentId !== undefined && paymentId !== undefined) throw formatError('Give consentId or paymentId, not both.', 'paymentId');
      // An access token's grant has its own time, so a case can expire its tokens without moving anyone else's.
      if (accessToken !== undefined) {
        if (typeof accessToken !== 'string' || !tokens?.advance(accessToken, ms)) throw new BgError(401, 'TOKEN_INVALID', 'The access token is not known.', 'accessToken');
        return c.json({ now: new Date(store.clock.now(consentId).getTime() + ms).toISOString() });
      }
      const now = store.clock.advance(ms, payment(paymentId) ?? known(consentId));
      return c.json({ now: now.toISOString(), ...(consentId === undefined ? {} : { consentId }), ...(paymentId === undefined ? {} : { paymentId }) });
    })
    .all('/', methodNotAllowed);
}
