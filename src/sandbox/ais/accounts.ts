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

/** This request's path and query without `page`: the base of the paging links. */
function pageBase(c: Context): string {
  const url = new URL(c.req.url);
  url.searchParams.delete('page');
  const search = url.searchParams.toString();
  return `${url.pathname}${search ? `?${search}` : ''}`;
}

/** /v1/accounts and /v1/card-accounts: account data behind a valid consent. */
export function accountsRoute(store: Store, card: boolean) {
  // A request counts as "PSU present" only when it carries PSU-IP-Address.
  const use = (c: Context, endpoint: string) =>
    store.ais.useConsent(c.req.header('Consent-ID')?.trim(), endpoint, ipHeader(c, 'PSU-IP-Address', false) !== undefined);

  const routes = new Hono<SandboxEnv>()
    .get('/', (c) => {
      const wanted = withBalance(c);
      return c.json(store.ais.accountList(use(c, 'accounts'), wanted, card));
    })
    .all('/', methodNotAllowed)

    .get('/:accountId', (c) => {
      const accountId = c.req.param('accountId');
      const wanted = withBalance(c);
      return c.json(store.ais.accountDetails(use(c, `account:${accountId}`), accountId, wanted, card));
    })
    .all('/:accountId', methodNotAllowed)

    .get('/:accountId/balances', (c) => {
      const accountId = c.req.param('accountId');
      return c.json(store.ais.balances(use(c, `balances:${accountId}`), accountId, card));
    })
    .all('/:accountId/balances', methodNotAllowed)

    .get('/:accountId/transactions', (c) => {
      const accountId = c.req.param('accountId');
      const query = parseTransactionQuery(c);
      return c.json(store.ais.transactions(use(c, `transactions:${accountId}`), accountId, query, card, pageBase(c)));
    })
    .all('/:accountId/transactions', methodNotAllowed);

  if (card) return routes;
  return routes
    .get('/:accountId/transactions/:transactionId', (c) => {
      const { accountId, transactionId } = c.req.param();
      return c.json(store.ais.transactionDetails(use(c, `transaction:${accountId}`), accountId, transactionId));
    })
    .all('/:accountId/transactions/:transactionId', methodNotAllowed);
}
