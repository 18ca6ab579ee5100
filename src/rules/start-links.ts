/* Berlin Group facts: the names of the links that start an authorisation, by what they imply. */

/**
 * The links by which a bank leaves the start of the authorisation to the TPP (OAS _links, IG
 * "start authorisation process"). startAuthorisation needs no more data and
 * startAuthorisationWithPsuIdentification only the PSU's identity: either goes on with redirect or
 * decoupled SCA, so neither tells the approach.
 */
export const PLAIN_START_LINKS = ['startAuthorisation', 'startAuthorisationWithPsuIdentification'] as const;

/**
 * The start links that upload the PSU's password, a chosen SCA method or the authorisation data
 * (an OTP): only embedded SCA does that over the API. The OAS spells one of them two ways
 * (…WithAuthentciationMethodSelection in four places): a bank may use either.
 */
export const EMBEDDED_START_LINKS = [
  'startAuthorisationWithPsuAuthentication',
  'startAuthorisationWithEncryptedPsuAuthentication',
  'startAuthorisationWithAuthenticationMethodSelection',
  'startAuthorisationWithAuthentciationMethodSelection',
  'startAuthorisationWithTransactionAuthorisation',
] as const;

/** A start that uploads data of the bank's own making: neither plain nor known to be embedded. */
export const PROPRIETARY_START_LINKS = ['startAuthorisationWithProprietaryData'] as const;
