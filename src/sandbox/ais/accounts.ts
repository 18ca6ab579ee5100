import { Hono, type Context } from 'hono';
import { formatError } from '../errors.ts';
import { methodNotAllowed } from '../http/errors.ts';
import type { SandboxEnv } from '../http/env.ts';
import { ipHeader } from '../http/input.ts';
import type { Store } from '../store/store.ts';
import { parseTransactionQuery } from './transaction-query.ts';

function withBalance(c: Context): boolean {
  const raw = c.req.query('withBalance');
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw formatError('withBalance must be true or false.', 'withBalance');
}

/** /v1/accounts: account data behind a valid consent. */
export function accountsRoute(store: Store) {
  // A request counts as "PSU present" only when it carries PSU-IP-Address.
  const use = (c: Context, endpoint: string) =>
    store.ais.useConsent(c.req.header('Consent-ID')?.trim(), endpoint, ipHeader(c, 'PSU-IP-Address', false) !== undefined);

  return new Hono<SandboxEnv>()
    .get('/', (c) => {
      const wanted = withBalance(c);
      return c.json(store.ais.accountList(use(c, 'accounts'), wanted));
    })
    .all('/', methodNotAllowed)

    .get('/:accountId/balances', (c) => {
      const accountId = c.req.param('accountId');
      return c.json(store.ais.balances(use(c, `balances:${accountId}`), accountId));
    })
    .all('/:accountId/balances', methodNotAllowed)

    .get('/:accountId/transactions', (c) => {
      const accountId = c.req.param('accountId');
      const query = parseTransactionQuery(c);
      return c.json(store.ais.transactions(use(c, `transactions:${accountId}`), accountId, query));
    })
    .all('/:accountId/transactions', methodNotAllowed);
}
