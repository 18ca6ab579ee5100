/** Key names whose values are credentials (psu.password, psu.otp, tls.passphrase, headers *-Key, ...). */
export const SECRET_KEY = /(password|otp|secret|token|passphrase|pin|key)$/i;
