import { Hono } from 'hono';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { readJsonObject } from '../http/input.ts';
import { parseFundsBody } from '../pis/payment-input.ts';
import type { Store } from '../store/store.ts';

/**
 * /v1/funds-confirmations (PIIS): whether the account's available balance covers an amount. A
 * PIIS consent is optional (Consent-ID is optional in the spec versions this bank serves); when
 * one is named it must be valid and cover the account.
 */
export function fundsRoute(store: Store) {
  return new Hono<SandboxEnv>()
    .post('/', async (c) => {
      const { iban, amount } = parseFundsBody(await readJsonObject(c));
      const consentId = c.req.header('Consent-ID')?.trim();
      if (consentId) store.fundsConsents.authorise(consentId, iban);
      return c.json({ fundsAvailable: store.payments.fundsAvailable(iban, amount) });
    })
    .all('/', methodNotAllowed);
}
