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

/** An IBAN-based account or a card account (masked PAN); exactly one of the two is set. */
export interface AccountReference {
  iban?: string;
  maskedPan?: string;
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

/** What the PSU may see per service, resolved once at approval (bank-offered: the accounts the PSU ticked). */
export interface Grant {
  /** Account keys (IBAN or masked PAN) per service. */
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
  /** The PSU who logged in on the SCA pages: the consent covers only that PSU's accounts. */
  psuId?: string;
  grant?: Grant;
  /** For bank-offered consents: access as the PSU completed it, which GET consent shows after SCA. */
  grantedAccess?: AccountAccess;
  readonly authorisationIds: string[];
}

/** Where the PSU is in the redirect pages; the order is fixed and enforced by the store. */
export type ScaStep = 'login' | 'otp' | 'confirm' | 'done';

export interface Authorisation {
  readonly authorisationId: string;
  /** What is authorised: a consent, or a payment (its initiation, or its cancellation). */
  readonly consentId?: string;
  readonly paymentId?: string;
  readonly cancellation?: boolean;
  /** A PIIS consent (confirmation of funds). */
  readonly fundsConsentId?: string;
  scaStatus: ScaStatus;
  step: ScaStep;
  /** Rotated on every step so a form from an earlier step cannot be replayed. */
  token: string;
  failedLogins: number;
  failedOtps: number;
  /** Set by a successful login; the one-time code is checked against this PSU's. */
  psuId?: string;
  outcome?: 'approved' | 'denied' | 'locked' | 'expired';
  /** The PSU's last request on the SCA pages, on the subject's clock: the session times out from here. */
  lastActivityAt: Date;
  /** Decoupled SCA: the PSU is asked in the bank's app, and the bank ends the session if nobody answers. */
  decoupled?: true;
  /** Authorisation confirmation: the code the TPP must send back while the scaStatus is unconfirmed. */
  confirmationCode?: string;
  /** Applies the PSU's approval once the TPP confirmed it (kept from the PSU's decision, so the ticked accounts count). */
  onConfirmed?: () => void;
}
