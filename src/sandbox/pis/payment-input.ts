import { isValidIBAN } from 'ibantools';
import { BgError, formatError } from '../errors.ts';
import { addDays, parseIsoDate, type IsoDate } from '../store/dates.ts';
import type { CreditTransfer, Frequency, Money, PaymentOrder, PaymentProduct, PaymentService, PeriodicRules } from '../store/payment-types.ts';

/** The spec's `amountValue` pattern, anchored: at most 14 digits, at most 3 decimals, as a string. */
const AMOUNT = /^-?[0-9]{1,14}(\.[0-9]{1,3})?$/;
const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$/;
const CURRENCY = /^[A-Z]{3}$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;
const FREQUENCIES: readonly Frequency[] = ['Daily', 'Weekly', 'EveryTwoWeeks', 'Monthly', 'EveryTwoMonths', 'Quarterly', 'SemiAnnual', 'Annual', 'MonthlyVariable'];
/** Currencies this bank books; a well-formed code outside the list is refused like an unknown one. */
const CURRENCIES: ReadonlySet<string> = new Set(['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'DKK', 'PLN', 'CZK', 'NOK', 'JPY']);
/** A bulk with more elements is refused: the standard leaves the maximum to the bank. */
const MAX_BULK = 100;
/** requestedExecutionDate and startDate may lie at most this far ahead. */
const MAX_DAYS_AHEAD = 365;

export interface InputFaults {
  /** `payment-invalid-iban-accepted`: the IBAN checksum is not checked, only its shape. */
  skipIbanChecksum: boolean;
  /** `payment-amount-number-accepted`: a JSON number is taken as an amount. */
  acceptNumericAmount: boolean;
  /** `periodic-end-before-start-accepted`: endDate is not compared with startDate. */
  skipEndDateOrder: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, path: string, max: number, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw formatError(`${path} must be a non-empty string.`, path);
  if (v.length > max) throw formatError(`${path} is longer than ${max} characters.`, path);
  return v;
}

function iban(v: unknown, path: string, faults: InputFaults): string {
  if (!isObject(v)) throw formatError(`${path} must be an account reference object.`, path);
  const value = v['iban'];
  if (typeof value !== 'string') throw formatError('Only IBAN account references are supported for payments.', `${path}.iban`);
  if (!IBAN_SHAPE.test(value)) throw formatError('Not an IBAN.', `${path}.iban`);
  if (!faults.skipIbanChecksum && !isValidIBAN(value)) throw formatError('The IBAN check digits or length are wrong.', `${path}.iban`);
  const currency = v['currency'];
  if (currency !== undefined && (typeof currency !== 'string' || !CURRENCY.test(currency))) throw formatError('Not an ISO 4217 code.', `${path}.currency`);
  return value;
}

function money(v: unknown, path: string, faults: InputFaults): Money {
  if (!isObject(v)) throw formatError(`${path} must be an object with currency and amount.`, path);
  const { currency, amount } = v;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw formatError('Not an ISO 4217 code.', `${path}.currency`);
  if (!CURRENCIES.has(currency)) throw formatError(`Currency ${currency} is not supported.`, `${path}.currency`);
  const written = typeof amount === 'number' && faults.acceptNumericAmount ? String(amount) : amount;
  if (typeof written !== 'string') throw formatError('amount must be a string (e.g. "123.45"), not a number.', `${path}.amount`);
  if (!AMOUNT.test(written)) throw formatError('amount must match -?[0-9]{1,14}(.[0-9]{1,3})?', `${path}.amount`);
  const cents = Math.round(Number(written) * 100);
  if (cents <= 0) throw formatError('amount must be greater than zero.', `${path}.amount`);
  return { currency, amount: written, cents };
}

function date(v: unknown, path: string): IsoDate {
  const parsed = typeof v === 'string' ? parseIsoDate(v) : undefined;
  if (parsed === undefined) throw formatError(`${path} must be a date (YYYY-MM-DD).`, path);
  return parsed;
}

function futureDate(v: unknown, path: string, today: IsoDate): IsoDate {
  const d = date(v, path);
  if (d < today) throw new BgError(400, 'EXECUTION_DATE_INVALID', `${path} lies in the past.`, path);
  if (d > addDays(today, MAX_DAYS_AHEAD)) throw new BgError(400, 'EXECUTION_DATE_INVALID', `${path} lies more than ${MAX_DAYS_AHEAD} days ahead.`, path);
  return d;
}

/** One transfer's own members: creditor, amount, remittance (the debtor is the payment's). */
function transfer(v: unknown, path: string, product: PaymentProduct, faults: InputFaults): CreditTransfer {
  if (!isObject(v)) throw formatError(`${path || 'The payment'} must be an object.`, path || undefined);
  const at = (k: string) => (path ? `${path}.${k}` : k);
  const instructedAmount = money(v['instructedAmount'], at('instructedAmount'), faults);
  const euroOnly = product === 'sepa-credit-transfers' || product === 'instant-sepa-credit-transfers' || product === 'target-2-payments';
  if (euroOnly && instructedAmount.currency !== 'EUR') {
    throw formatError(`${product} are made in EUR only.`, at('instructedAmount.currency'));
  }
  const creditorIban = iban(v['creditorAccount'], at('creditorAccount'), faults);
  const creditorName = text(v['creditorName'], at('creditorName'), 70, true) ?? '';
  text(v['remittanceInformationUnstructured'], at('remittanceInformationUnstructured'), 140, false);
  text(v['endToEndIdentification'], at('endToEndIdentification'), 35, false);
  const agent = v['creditorAgent'];
  if (agent !== undefined && (typeof agent !== 'string' || !BIC.test(agent))) throw formatError('Not a BIC.', at('creditorAgent'));
  if (product === 'cross-border-credit-transfers' && agent === undefined) {
    throw formatError('Cross-border credit transfers need the creditor agent (BIC).', at('creditorAgent'));
  }
  return { instructedAmount, creditorIban, creditorName, echo: { ...v } };
}

/** dayOfExecution must be a day the frequency has, and is written without leading zeros (spec enum "1".."31"). */
function periodic(body: Record<string, unknown>, today: IsoDate, faults: InputFaults): PeriodicRules {
  const startDate = futureDate(body['startDate'], 'startDate', today);
  const frequency = body['frequency'];
  if (typeof frequency !== 'string' || !FREQUENCIES.includes(frequency as Frequency)) {
    throw formatError(`frequency must be one of ${FREQUENCIES.join(', ')}.`, 'frequency');
  }
  const rules: PeriodicRules = { startDate, frequency: frequency as Frequency };
  if (body['endDate'] !== undefined) {
    const endDate = date(body['endDate'], 'endDate');
    if (endDate < startDate && !faults.skipEndDateOrder) throw formatError('endDate lies before startDate.', 'endDate');
    rules.endDate = endDate;
  }
  const day = body['dayOfExecution'];
  if (day !== undefined) {
    if (typeof day !== 'string' || !/^[1-9][0-9]?$/.test(day) || Number(day) > 31) {
      throw formatError('dayOfExecution must be "1" to "31" (a string, without leading zero).', 'dayOfExecution');
    }
    if (frequency === 'Daily') throw formatError('dayOfExecution has no meaning for a Daily frequency.', 'dayOfExecution');
    if ((frequency === 'Weekly' || frequency === 'EveryTwoWeeks') && Number(day) > 7) {
      throw formatError('For a weekly frequency, dayOfExecution is a weekday from "1" (Monday) to "7".', 'dayOfExecution');
    }
    rules.dayOfExecution = day;
  }
  const rule = body['executionRule'];
  if (rule !== undefined) {
    if (rule !== 'following' && rule !== 'preceding') throw formatError('executionRule must be following or preceding.', 'executionRule');
    rules.executionRule = rule;
  }
  return rules;
}

/** Checks an initiatePayment JSON body against the spec's schema for the service and the rules on its values. */
export function parsePaymentBody(
  service: PaymentService,
  product: PaymentProduct,
  body: Record<string, unknown>,
  today: IsoDate,
  faults: InputFaults,
): PaymentOrder {
  const debtorIban = iban(body['debtorAccount'], 'debtorAccount', faults);
  const base = { service, product, debtorIban, echo: { ...body } };
  if (service === 'bulk-payments') {
    const payments = body['payments'];
    if (!Array.isArray(payments) || payments.length === 0) throw formatError('payments must be a non-empty array.', 'payments');
    if (payments.length > MAX_BULK) throw formatError(`A bulk holds at most ${MAX_BULK} payments.`, 'payments');
    const transfers = payments.map((p, i) => transfer(p, `payments[${i}]`, product, faults));
    const batch = body['batchBookingPreferred'];
    if (batch !== undefined && typeof batch !== 'boolean') throw formatError('batchBookingPreferred must be a boolean.', 'batchBookingPreferred');
    const order: PaymentOrder = { ...base, transfers, ...(batch === undefined ? {} : { batchBookingPreferred: batch }) };
    if (body['requestedExecutionDate'] !== undefined) order.requestedExecutionDate = futureDate(body['requestedExecutionDate'], 'requestedExecutionDate', today);
    return order;
  }
  const single = transfer(body, '', product, faults);
  const { debtorAccount: _d, ...members } = single.echo;
  const transfers = [{ ...single, echo: members }];
  if (service === 'periodic-payments') return { ...base, transfers, periodic: periodic(body, today, faults) };
  const order: PaymentOrder = { ...base, transfers };
  if (body['requestedExecutionDate'] !== undefined) {
    if (product === 'instant-sepa-credit-transfers') {
      throw formatError('Instant payments are executed at once; requestedExecutionDate is not supported.', 'requestedExecutionDate');
    }
    order.requestedExecutionDate = futureDate(body['requestedExecutionDate'], 'requestedExecutionDate', today);
  }
  return order;
}

const strict: InputFaults = { skipIbanChecksum: false, acceptNumericAmount: false, skipEndDateOrder: false };

/** A checkAvailabilityOfFunds body: the account (IBAN) and the amount to cover. */
export function parseFundsBody(body: Record<string, unknown>): { iban: string; amount: Money } {
  return { iban: parseFundsAccount(body['account']), amount: money(body['instructedAmount'], 'instructedAmount', strict) };
}

/** The account of a funds confirmation or a PIIS consent: an IBAN reference. */
export function parseFundsAccount(account: unknown): string {
  return iban(account, 'account', strict);
}
