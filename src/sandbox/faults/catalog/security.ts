import type { Fault } from './fault.ts';

/** Faults that break requirements of eIDAS certificates and signed requests. */
export const securityFaults = [
  // Certificates and signatures: these need the HTTPS listener with client certificates and/or
  // signature checks on (`needs`), so their self-test starts the sandbox that way.
  {
    name: 'missing-certificate-accepted',
    ruleId: 'CERT-MISSING',
    description: 'A request without a client certificate is served although the bank requires mTLS.',
    needs: ['mtls'],
  },
  {
    name: 'expired-certificate-accepted',
    ruleId: 'CERT-EXPIRED',
    description: 'An expired client certificate is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'wrong-role-accepted',
    ruleId: 'CERT-ROLE',
    description: 'A client certificate without the PSD2 role of the service (AIS without PSP_AI) is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'unknown-issuer-accepted',
    ruleId: 'CERT-ISSUER',
    description: 'A client certificate from a CA the bank does not trust is accepted.',
    needs: ['mtls'],
  },
  {
    name: 'signature-not-required',
    ruleId: 'SIG-MISSING',
    description: 'Unsigned requests are served although the bank requires signatures.',
    needs: ['signing'],
  },
  {
    name: 'signature-not-verified',
    ruleId: 'SIG-INVALID',
    description: 'The Signature value is never verified: a corrupted signature is accepted.',
    needs: ['signing'],
  },
  {
    name: 'signature-invalid-wrong-code',
    ruleId: 'SIG-INVALID',
    description: 'A bad signature is refused with 400 FORMAT_ERROR instead of 401 SIGNATURE_INVALID.',
    needs: ['signing'],
  },
  {
    name: 'digest-not-checked',
    ruleId: 'SIG-DIGEST',
    description: 'The Digest header is never compared with the body: a signed request whose digest does not match its body is served.',
    needs: ['signing'],
  },
] as const satisfies readonly Fault[];
