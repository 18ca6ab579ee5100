import { randomBytes, randomUUID } from 'node:crypto';
import type { PsuCredentials } from '../config.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { TestClock } from './clock.ts';
import type { FundsConsent, Payment } from './payment-types.ts';
import { defaultPaymentSettings, type PaymentSettings } from './payment-settings.ts';
import type { Authorisation, Consent } from './types.ts';

export type Clock = () => Date;

/** The bank's choices where the standard leaves one (documented in its profile). */
export interface BankSettings {
  /** validUntil beyond today + this many days is shortened to it (RTS Art. 10a: 180). */
  readonly maxConsentDays: number;
  /** After the consent's SCA, any period is served this long; afterwards only the last 90 days. */
  readonly freshScaMs: number;
  /** Transactions per page of a transaction report. */
  readonly pageSize: number;
  /** Payment products offered, cancellation, multi-level SCA and X-Request-ID reuse. */
  readonly payments: PaymentSettings;
  /**
   * PSD2 access is blocked until the account holder enables it at the bank (a documented practice,
   * not the standard): the SCA page then refuses the PSU with an error.
   */
  readonly psd2AccessBlocked: boolean;
  /**
   * Whether the PSU's accounts start ticked on the page of a bank-offered consent; a widget-style
   * bank has the PSU tick each account to share.
   */
  readonly offeredAccountsTicked: boolean;
  /**
   * An SCA session (redirect pages, OAuth login pages) left idle this long, on the subject's test
   * clock, has timed out: the PSU's next request ends it as failed and lands on the nok URI.
   */
  readonly scaSessionTimeoutMs: number;
  /**
   * An availableAccounts consent (the list of accounts, no balances) needs the PSU authenticated but
   * no SCA: embedded SCA ends after the password with scaStatus exempted (RTS Art. 10 spirit).
   */
  readonly exemptAvailableAccounts: boolean;
  /**
   * PSUs whose consents the bank has the TPP confirm after redirect SCA (authorisation
   * confirmation, IG 1.3.x): the PSU's approval leaves the authorisation unconfirmed and returns
   * the browser with a confirmationCode; the consent is valid only once the TPP sends that code
   * back (PUT on the authorisation). Per PSU so the reference bank offers both flows at once: its
   * other PSUs' redirect SCA ends finalised in one step, as every other case expects.
   */
  readonly confirmationPsus: readonly string[];
  /**
   * How the authorisation of a redirect or decoupled consent or payment starts (IG "start
   * authorisation process", an implementer option): implicit, the creation response links
   * scaRedirect (decoupled: scaStatus); explicit, it links startAuthorisation and the TPP opens the
   * authorisation with a POST on that link (preferring decoupled there for a decoupled one). An
   * implicit bank still starts explicitly when the TPP prefers it (TPP-Explicit-Authorisation-Preferred).
   */
  readonly authorisationStart: 'implicit' | 'explicit';
}

export const defaultSettings: BankSettings = {
  maxConsentDays: 180,
  freshScaMs: 5 * 60_000,
  pageSize: 50,
  payments: defaultPaymentSettings,
  psd2AccessBlocked: false,
  offeredAccountsTicked: true,
  scaSessionTimeoutMs: 5 * 60_000,
  exemptAvailableAccounts: true,
  confirmationPsus: ['PSU-1003'],
  authorisationStart: 'implicit',
};

/** Everything one sandbox instance remembers. Created per server; never shared between instances. */
export interface State {
  readonly clock: TestClock;
  /** The bank's global time (no consent's own offset). */
  readonly now: Clock;
  readonly faults: ReadonlySet<FaultName>;
  /** Test PSUs, the main one first. */
  readonly psus: readonly PsuCredentials[];
  readonly settings: BankSettings;
  readonly consents: Map<string, Consent>;
  readonly authorisations: Map<string, Authorisation>;
  /** Accesses without the PSU present, keyed `consentId|endpoint|date` (RTS Art. 36(5)(b)). */
  readonly unattendedAccesses: Map<string, number>;
  /** Last delta report per `consentId|resourceId`, for `deltaList=true`. */
  readonly deltaMarks: Map<string, string>;
  readonly payments: Map<string, Payment>;
  /** PIIS consents (confirmation of funds), apart from AIS consents. */
  readonly fundsConsents: Map<string, FundsConsent>;
  /** Initiations by X-Request-ID, for the idempotency rule: the body's fingerprint and the answer given. */
  readonly initiations: Map<string, { fingerprint: string; paymentId: string }>;
  /** PSUs who enabled PSD2 access at the bank (matters only with settings.psd2AccessBlocked). */
  readonly psd2Enabled: Set<string>;
}

export function createState(opts: {
  clock: TestClock;
  faults: ReadonlySet<FaultName>;
  psus: readonly PsuCredentials[];
  settings: BankSettings;
}): State {
  return {
    ...opts,
    now: () => opts.clock.now(),
    consents: new Map(),
    authorisations: new Map(),
    unattendedAccesses: new Map(),
    deltaMarks: new Map(),
    payments: new Map(),
    fundsConsents: new Map(),
    initiations: new Map(),
    psd2Enabled: new Set(),
  };
}

export const newId = (): string => randomUUID();
export const newToken = (): string => randomBytes(18).toString('base64url');

/** What an authorisation authorises: a consent, a payment (its initiation or its cancellation), a PIIS consent. */
export type AuthorisationSubject = Pick<Authorisation, 'consentId' | 'paymentId' | 'cancellation' | 'fundsConsentId'>;

/** A new authorisation of the subject, kept in the state: the PSU starts at the login page, its session from now on the subject's clock. */
export function addAuthorisation(state: State, subject: AuthorisationSubject, clockKey: string): Authorisation {
  const authorisation: Authorisation = {
    authorisationId: newId(),
    ...subject,
    scaStatus: 'received',
    step: 'login',
    token: newToken(),
    failedLogins: 0,
    failedOtps: 0,
    lastActivityAt: state.clock.now(clockKey),
  };
  state.authorisations.set(authorisation.authorisationId, authorisation);
  return authorisation;
}
