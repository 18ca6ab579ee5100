import { addDays, dayNumber, type IsoDate } from './dates.ts';

/** A payment account (IBAN) or a card account (masked PAN) of one test PSU. */
export interface Account {
  resourceId: string;
  /** The PSU who owns it: consents of another PSU never see it. */
  psuId: string;
  iban?: string;
  maskedPan?: string;
  /** `XXX` marks a multicurrency account; its sub-currencies are in `currencies`. */
  currency: string;
  currencies?: readonly string[];
  name: string;
  product: string;
  cashAccountType?: string;
  ownerName: string;
  /** Opening balance two years back, in cents; the generated history runs from there. */
  openingCents: number;
}

export interface Transaction {
  transactionId: string;
  entryReference: string;
  bookingDate: IsoDate;
  valueDate: IsoDate;
  currency: string;
  cents: number;
  counterparty: string;
  remittance: string;
}

/** How a consent names an account: its IBAN, or a card's masked PAN. */
export function accountKey(a: Account): string {
  return a.iban ?? a.maskedPan ?? a.resourceId;
}

export const isCard = (a: Account): boolean => a.maskedPan !== undefined;

/** The test PSUs' accounts. IBANs carry valid check digits so IBAN validators in the harness accept them. */
export const bankAccounts: readonly Account[] = [
  { resourceId: 'acc-giro-001', psuId: 'PSU-1001', iban: 'DE27100200300012345678', currency: 'EUR', name: 'Main account', product: 'Girokonto', cashAccountType: 'CACC', ownerName: 'Alex Sandbox', openingCents: 250_000 },
  { resourceId: 'acc-savings-002', psuId: 'PSU-1001', iban: 'DE66100200300087654321', currency: 'EUR', name: 'Savings', product: 'Tagesgeld', cashAccountType: 'SVGS', ownerName: 'Alex Sandbox', openingCents: 1_200_000 },
  { resourceId: 'acc-usd-003', psuId: 'PSU-1001', iban: 'DE07100200300055500077', currency: 'USD', name: 'Travel USD', product: 'Fremdwaehrungskonto', cashAccountType: 'CACC', ownerName: 'Alex Sandbox', openingCents: 80_000 },
  { resourceId: 'acc-multi-004', psuId: 'PSU-1001', iban: 'DE28100200300066600088', currency: 'XXX', currencies: ['EUR', 'GBP', 'CHF'], name: 'Multicurrency', product: 'Multiwaehrungskonto', cashAccountType: 'CACC', ownerName: 'Alex Sandbox', openingCents: 150_000 },
  { resourceId: 'card-005', psuId: 'PSU-1001', maskedPan: '525412******3241', currency: 'EUR', name: 'Credit card', product: 'Mastercard Gold', ownerName: 'Alex Sandbox', openingCents: 0 },
  { resourceId: 'acc-giro-101', psuId: 'PSU-1002', iban: 'DE65100200300010020001', currency: 'EUR', name: 'Current account', product: 'Girokonto', cashAccountType: 'CACC', ownerName: 'Bo Example', openingCents: 90_000 },
  { resourceId: 'acc-savings-102', psuId: 'PSU-1002', iban: 'DE38100200300010020002', currency: 'EUR', name: 'Rainy day', product: 'Tagesgeld', cashAccountType: 'SVGS', ownerName: 'Bo Example', openingCents: 500_000 },
  { resourceId: 'acc-giro-201', psuId: 'PSU-1003', iban: 'DE16100200300010030001', currency: 'EUR', name: 'Household', product: 'Girokonto', cashAccountType: 'CACC', ownerName: 'Cy Tester', openingCents: 310_000 },
  { resourceId: 'acc-chf-202', psuId: 'PSU-1003', iban: 'DE86100200300010030002', currency: 'CHF', name: 'Swiss francs', product: 'Fremdwaehrungskonto', cashAccountType: 'CACC', ownerName: 'Cy Tester', openingCents: 40_000 },
];

export function accountsOf(psuId: string): Account[] {
  return bankAccounts.filter((a) => a.psuId === psuId);
}

export const HISTORY_DAYS = 730;
/** Entries of the last two days are still pending; older ones are booked. */
const PENDING_DAYS = 2;

const merchants = [
  ['Corner Bakery', 'Breakfast'],
  ['City Grocer', 'Groceries'],
  ['Metro Transit', 'Monthly ticket'],
  ['Book Nook', 'Books'],
  ['Power & Light Co', 'Electricity'],
  ['Cafe Lumen', 'Coffee'],
  ['Pharma Plus', 'Pharmacy'],
  ['Streamly', 'Subscription'],
] as const;

/** Small deterministic PRNG (mulberry32); the same account and day always yield the same entries. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function entriesOn(account: Account, date: IsoDate): Transaction[] {
  const day = dayNumber(date);
  const next = rng(seedOf(account.resourceId) ^ day);
  const compact = date.replaceAll('-', '');
  const out: Transaction[] = [];
  const push = (cents: number, counterparty: string, remittance: string): void => {
    const n = out.length + 1;
    out.push({
      transactionId: `${account.resourceId}-${compact}-${n}`,
      entryReference: `${compact}${String(n).padStart(2, '0')}`,
      bookingDate: date,
      valueDate: date,
      currency: account.currencies?.[n % account.currencies.length] ?? account.currency,
      cents,
      counterparty,
      remittance,
    });
  };
  if (date.endsWith('-28') && !isCard(account)) {
    push(account.cashAccountType === 'SVGS' ? 20_000 : 285_000, 'Acme Employer GmbH', `Salary ${date.slice(0, 7)}`);
  }
  const count = Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const [name, purpose] = merchants[Math.floor(next() * merchants.length)] ?? merchants[0];
    push(-(150 + Math.floor(next() * 8_000)), name, purpose);
  }
  return out;
}

/** All entries from `from` to `to` inclusive, oldest first, clipped to the generated history. */
export function transactionsBetween(account: Account, from: IsoDate, to: IsoDate, today: IsoDate): Transaction[] {
  const start = [from, addDays(today, -HISTORY_DAYS)].sort().at(-1) ?? from;
  const end = [to, today].sort()[0] ?? to;
  const out: Transaction[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) out.push(...entriesOn(account, d));
  return out;
}

export function isPending(t: Transaction, today: IsoDate): boolean {
  return t.bookingDate > addDays(today, -PENDING_DAYS);
}

/** Booked and available balance per currency (one entry unless the account is multicurrency). */
export function balancesCents(account: Account, today: IsoDate): { currency: string; booked: number; available: number }[] {
  const currencies = account.currencies ?? [account.currency];
  return currencies.map((currency) => {
    let booked = account.openingCents;
    let pending = 0;
    for (const t of transactionsBetween(account, addDays(today, -HISTORY_DAYS), today, today)) {
      if (t.currency !== currency) continue;
      if (isPending(t, today)) pending += t.cents;
      else booked += t.cents;
    }
    return { currency, booked, available: booked + pending };
  });
}

export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
