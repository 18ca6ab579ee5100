import type { Rule } from '../types.ts';

/** Requirements of eIDAS certificates and signed requests. */
export const securityRules = [
  {
    id: 'CERT-MISSING',
    title: 'A request without a client certificate (QWAC) is refused with 401 CERTIFICATE_MISSING',
    sources: [
      { doc: 'RTS', ref: 'Art. 34 (identification by qualified certificates)' },
      { doc: 'IG', ref: 'Requirements on the TLS layer; Additional error information: CERTIFICATE_MISSING' },
    ],
  },
  {
    id: 'CERT-EXPIRED',
    title: 'A request with an expired client certificate is refused with 401 CERTIFICATE_EXPIRED',
    sources: [{ doc: 'IG', ref: 'Additional error information: CERTIFICATE_EXPIRED' }],
  },
  {
    id: 'CERT-ROLE',
    title: 'A client certificate without the PSD2 role of the service (AIS needs PSP_AI) is refused with 401 ROLE_INVALID',
    sources: [
      { doc: 'RTS', ref: 'Art. 34(3) (the role of the payment service provider in the certificate)' },
      { doc: 'IG', ref: 'Additional error information: ROLE_INVALID' },
    ],
  },
  {
    id: 'CERT-ISSUER',
    title: 'A client certificate from a CA the ASPSP does not trust is refused with 401 CERTIFICATE_INVALID',
    sources: [
      { doc: 'RTS', ref: 'Art. 34 (qualified certificates from a qualified trust service provider)' },
      { doc: 'IG', ref: 'Additional error information: CERTIFICATE_INVALID' },
    ],
  },
  {
    id: 'SIG-MISSING',
    title: 'Where the ASPSP requires signed requests, an unsigned request is refused with 401 SIGNATURE_MISSING',
    sources: [
      { doc: 'IG', ref: 'Signature (request signing); Additional error information: SIGNATURE_MISSING' },
      { doc: 'PROFILE', ref: 'capabilities: signing' },
    ],
  },
  {
    id: 'SIG-INVALID',
    title: 'A request whose Signature does not verify is refused with 401 SIGNATURE_INVALID',
    sources: [{ doc: 'IG', ref: 'Signature (request signing); Additional error information: SIGNATURE_INVALID' }],
  },
  {
    id: 'SIG-DIGEST',
    title: 'A signed request whose Digest does not match its body is refused with 401 SIGNATURE_INVALID',
    sources: [{ doc: 'IG', ref: 'Digest header (SHA-256 / SHA-512 of the body), covered by the signature' }],
  },
] as const satisfies readonly Rule[];
