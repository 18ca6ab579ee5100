import type { IsoDate } from './dates.ts';

export type ConsentStatus =
  | 'received'
  | 'rejected'
  | 'valid'
  | 'revokedByPsu'
  | 'expired'
  | 'terminatedByTpp'
  | 'partiallyAuthorised';

export type ScaStatus =
  | 'received'
  | 'psuIdentified'
  | 'psuAuthenticated'
  | 'scaMethodSelected'
  | 'started'
  | 'unconfirmed'
  | 'finalised'
  | 'failed'
  | 'exempted';

export type AllAccountsScope = 'allAccounts' | 'allAccountsWithOwnerName';

export interface AccountReference {
  iban: string;
  currency?: string;
}

/** `access` as the TPP sent it (validated), echoed unchanged by getConsentInformation. */
export interface AccountAccess {
  accounts?: AccountReference[];
  balances?: AccountReference[];
  transactions?: AccountReference[];
  availableAccounts?: AllAccountsScope;
  availableAccountsWithBalance?: AllAccountsScope;
  allPsd2?: AllAccountsScope;
}

export interface ConsentRequest {
  access: AccountAccess;
  recurringIndicator: boolean;
  validUntil: IsoDate;
  frequencyPerDay: number;
  combinedServiceIndicator: boolean;
  redirectUri: string;
  nokRedirectUri?: string;
  psuIpAddress: string;
}

/** What the PSU may see per service, resolved once at approval (bank-offered consents get all accounts). */
export interface Grant {
  /** IBANs per service. */
  accounts: ReadonlySet<string>;
  balances: ReadonlySet<string>;
  transactions: ReadonlySet<string>;
  /** availableAccounts* consents reach the account list only; this one adds balances there. */
  listOnly: boolean;
  listWithBalance: boolean;
}

export interface Consent {
  readonly consentId: string;
  readonly request: ConsentRequest;
  readonly createdAt: Date;
  consentStatus: ConsentStatus;
  lastActionDate: IsoDate;
  scaFinalisedAt?: Date;
  grant?: Grant;
  readonly authorisationIds: string[];
}

/** Where the PSU is in the redirect pages; the order is fixed and enforced by the store. */
export type ScaStep = 'login' | 'otp' | 'confirm' | 'done';

export interface Authorisation {
  readonly authorisationId: string;
  readonly consentId: string;
  scaStatus: ScaStatus;
  step: ScaStep;
  /** Rotated on every step so a form from an earlier step cannot be replayed. */
  token: string;
  failedLogins: number;
  failedOtps: number;
  outcome?: 'approved' | 'denied' | 'locked';
}
