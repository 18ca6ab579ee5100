import { BgError, formatError } from '../errors.ts';
import { accountKey, bankAccounts } from '../store/accounts.ts';
import { parseIsoDate, type IsoDate } from '../store/dates.ts';
import type { AccountAccess, AccountReference, AllAccountsScope } from '../store/types.ts';

export interface ConsentBody {
  access: AccountAccess;
  recurringIndicator: boolean;
  validUntil: IsoDate;
  frequencyPerDay: number;
  combinedServiceIndicator: boolean;
}

const IBAN = /^[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$/;
const CURRENCY = /^[A-Z]{3}$/;
const LISTS = ['accounts', 'balances', 'transactions'] as const;
const SCOPES = ['availableAccounts', 'availableAccountsWithBalance', 'allPsd2'] as const;
const known = new Set(bankAccounts.map(accountKey));
const MASKED_PAN = /^[0-9]{6}[0-9*Xx]{2,9}[0-9]{4}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function reference(v: unknown, path: string): AccountReference {
  if (!isObject(v)) throw formatError('An account reference must be an object.', path);
  const { iban, maskedPan, currency } = v;
  let ref: AccountReference;
  if (typeof iban === 'string') {
    if (!IBAN.test(iban)) throw formatError('Not a valid IBAN.', `${path}.iban`);
    if (!known.has(iban)) throw new BgError(400, 'RESOURCE_UNKNOWN', 'No account with this IBAN.', `${path}.iban`);
    ref = { iban };
  } else if (typeof maskedPan === 'string') {
    if (!MASKED_PAN.test(maskedPan)) throw formatError('Not a masked PAN.', `${path}.maskedPan`);
    if (!known.has(maskedPan)) throw new BgError(400, 'RESOURCE_UNKNOWN', 'No card account with this masked PAN.', `${path}.maskedPan`);
    ref = { maskedPan };
  } else {
    throw formatError('Only IBAN and maskedPan account references are supported.', `${path}.iban`);
  }
  if (currency === undefined) return ref;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw formatError('Not an ISO 4217 code.', `${path}.currency`);
  return { ...ref, currency };
}

function access(v: unknown): AccountAccess {
  if (!isObject(v)) throw formatError('access must be an object.', 'access');
  const out: AccountAccess = {};
  for (const key of ['additionalInformation', 'restrictedTo']) {
    if (v[key] !== undefined) throw new BgError(400, 'SERVICE_INVALID', `access.${key} is not supported.`, `access.${key}`);
  }
  for (const list of LISTS) {
    const refs = v[list];
    if (refs === undefined) continue;
    if (!Array.isArray(refs)) throw formatError(`access.${list} must be an array.`, `access.${list}`);
    out[list] = refs.map((r, i) => reference(r, `access.${list}[${i}]`));
  }
  for (const scope of SCOPES) {
    const value = v[scope];
    if (value === undefined) continue;
    if (value !== 'allAccounts' && value !== 'allAccountsWithOwnerName') {
      throw formatError(`access.${scope} must be allAccounts or allAccountsWithOwnerName.`, `access.${scope}`);
    }
    out[scope] = value satisfies AllAccountsScope;
  }
  const scopes = SCOPES.filter((s) => out[s] !== undefined);
  const listed = LISTS.some((l) => (out[l]?.length ?? 0) > 0);
  if (scopes.length > 1 || (scopes.length === 1 && listed)) {
    throw formatError('Combine at most one of allPsd2, availableAccounts, availableAccountsWithBalance, and no account lists.', 'access');
  }
  if (scopes.length === 0 && LISTS.every((l) => out[l] === undefined)) {
    throw formatError('access names no accounts and no access type.', 'access');
  }
  return out;
}

/** Checks the createConsent body against the spec's `consents` schema and the IG rules on values. */
export function parseConsentBody(body: Record<string, unknown>, today: IsoDate): ConsentBody {
  const { recurringIndicator, validUntil, frequencyPerDay, combinedServiceIndicator } = body;
  const parsedAccess = access(body['access']);
  if (typeof recurringIndicator !== 'boolean') throw formatError('recurringIndicator must be a boolean.', 'recurringIndicator');
  const until = typeof validUntil === 'string' ? parseIsoDate(validUntil) : undefined;
  if (until === undefined) throw formatError('validUntil must be a date (YYYY-MM-DD).', 'validUntil');
  if (until < today) throw formatError('validUntil lies in the past.', 'validUntil');
  if (typeof frequencyPerDay !== 'number' || !Number.isInteger(frequencyPerDay) || frequencyPerDay < 1) {
    throw formatError('frequencyPerDay must be an integer of at least 1.', 'frequencyPerDay');
  }
  if (typeof combinedServiceIndicator !== 'boolean') {
    throw formatError('combinedServiceIndicator must be a boolean.', 'combinedServiceIndicator');
  }
  if (combinedServiceIndicator) {
    throw new BgError(400, 'SESSIONS_NOT_SUPPORTED', 'Sessions (combinedServiceIndicator) are not supported.', 'combinedServiceIndicator');
  }
  return { access: parsedAccess, recurringIndicator, validUntil: until, frequencyPerDay, combinedServiceIndicator };
}
