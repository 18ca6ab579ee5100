import type { Context } from 'hono';
import { BgError, formatError } from '../errors.ts';
import type { TransactionQuery } from '../store/ais.ts';
import { parseIsoDate, type IsoDate } from '../store/dates.ts';

function date(c: Context, name: string): IsoDate | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const parsed = parseIsoDate(raw);
  if (parsed === undefined) throw formatError(`${name} must be a date (YYYY-MM-DD).`, name);
  return parsed;
}

function flag(c: Context, name: string): boolean {
  const raw = c.req.query(name);
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw formatError(`${name} must be true or false.`, name);
}

/** getTransactionList query rules from the spec and IG, checked before the store is asked. */
export function parseTransactionQuery(c: Context): TransactionQuery {
  const bookingStatus = c.req.query('bookingStatus');
  if (bookingStatus === undefined) throw formatError('The bookingStatus query parameter is missing.', 'bookingStatus');
  if (bookingStatus !== 'booked' && bookingStatus !== 'pending' && bookingStatus !== 'both') {
    throw new BgError(400, 'PARAMETER_NOT_SUPPORTED', 'bookingStatus must be booked, pending or both.', 'bookingStatus');
  }
  const dateFrom = date(c, 'dateFrom');
  const dateTo = date(c, 'dateTo');
  const deltaList = flag(c, 'deltaList');
  const withBalance = flag(c, 'withBalance');
  const entryReferenceFrom = c.req.query('entryReferenceFrom');
  if (deltaList && entryReferenceFrom !== undefined) {
    throw formatError('Use either deltaList or entryReferenceFrom, not both.', 'deltaList');
  }
  const rawPage = c.req.query('page') ?? '0';
  if (!/^(0|[1-9][0-9]{0,5})$/.test(rawPage)) throw formatError('page must be a page number from a _links href.', 'page');
  const delta = deltaList || entryReferenceFrom !== undefined;
  if (dateFrom === undefined && !delta) throw formatError('dateFrom is required unless delta access is used.', 'dateFrom');
  return {
    bookingStatus,
    deltaList,
    withBalance,
    page: Number(rawPage),
    ...(dateFrom === undefined ? {} : { dateFrom }),
    ...(dateTo === undefined ? {} : { dateTo }),
    ...(entryReferenceFrom === undefined ? {} : { entryReferenceFrom }),
  };
}
