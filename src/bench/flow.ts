import type { RequestStep, ScaStep, Step, Position } from '../suite/types.ts';

const at: Position = { file: 'src/bench/flow.ts', line: 1, column: 1 };

const consentHeaders = {
  'PSU-ID': '${profile.psu.id}',
  'TPP-Redirect-Preferred': 'true',
  'TPP-Redirect-URI': '${profile.tpp.redirectUri}',
  'TPP-Nok-Redirect-URI': '${profile.tpp.nokRedirectUri}',
};

const consentBody = {
  access: {
    accounts: [{ iban: '${profile.psu.iban}' }],
    balances: [{ iban: '${profile.psu.iban}' }],
    transactions: [{ iban: '${profile.psu.iban}' }],
  },
  recurringIndicator: true,
  validUntil: '${today+90d}',
  frequencyPerDay: 4,
  combinedServiceIndicator: false,
};

const createConsent = (capture: Record<string, string>): RequestStep => ({
  kind: 'request', operation: 'createConsent', headers: consentHeaders, body: consentBody, capture, at,
});

/** Once, before timing: a consent the PSU authorised, for the account reads. */
export const authoriseOnce: readonly Step[] = [
  createConsent({ authorisedConsentId: '/consentId', scaRedirect: '/_links/scaRedirect/href' }),
  { kind: 'sca', link: '${scaRedirect}', outcome: 'approve', rule: 'SCA-REDIRECT-OK', at } satisfies ScaStep,
];

/** The timed AIS flow: create consent → consent status → accounts → transactions of the first account. */
export const aisFlow: readonly RequestStep[] = [
  createConsent({ consentId: '/consentId' }),
  { kind: 'request', operation: 'getConsentStatus', params: { consentId: '${consentId}' }, at },
  { kind: 'request', operation: 'getAccountList', headers: { 'Consent-ID': '${authorisedConsentId}' }, capture: { accountId: '/accounts/0/resourceId' }, at },
  {
    kind: 'request', operation: 'getTransactionList', params: { 'account-id': '${accountId}' },
    query: { bookingStatus: 'booked', dateFrom: '${today-30d}' }, headers: { 'Consent-ID': '${authorisedConsentId}' }, at,
  },
];
