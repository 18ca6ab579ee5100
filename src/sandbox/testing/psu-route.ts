import { Hono } from 'hono';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import type { Store } from '../store/store.ts';

/**
 * /test/psu: what a PSU does at the bank outside the TPP's view, for tests (never part of a real
 * bank's API). POST /test/psu/consents/{consentId}/revoke: the PSU withdraws the consent.
 * POST /test/psu/{psuId}/psd2-access: the account holder enables PSD2 access (preset access-blocked).
 */
export function psuRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/consents/:consentId/revoke', (c) => c.json({ consentStatus: store.consents.revokeByPsu(c.req.param('consentId')).consentStatus }))
    .all('/consents/:consentId/revoke', methodNotAllowed)
    .post('/:psuId/psd2-access', (c) => c.json({ psuId: c.req.param('psuId'), psd2Access: store.enablePsd2Access(c.req.param('psuId')) }))
    .all('/:psuId/psd2-access', methodNotAllowed);
}
