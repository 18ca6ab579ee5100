import { Hono } from 'hono';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import type { Store } from '../store/store.ts';

/**
 * /test/psu: what a PSU does at the bank outside the TPP's view, for tests (never part of a real
 * bank's API). POST /test/psu/consents/{consentId}/revoke: the PSU withdraws the consent.
 */
export function psuRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/consents/:consentId/revoke', (c) => c.json({ consentStatus: store.consents.revokeByPsu(c.req.param('consentId')).consentStatus }))
    .all('/consents/:consentId/revoke', methodNotAllowed);
}
