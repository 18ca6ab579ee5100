import { createHash, verify, X509Certificate } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { BgError } from '../errors.ts';
import type { FaultName } from '../faults/catalog.ts';
import type { SandboxEnv } from '../http/env.ts';

/** Headers the Berlin Group signature must cover: always, and whenever the request carries them. */
const ALWAYS_SIGNED = ['digest', 'x-request-id'];
const SIGNED_IF_PRESENT = ['psu-id', 'psu-corporate-id', 'tpp-redirect-uri'];

/**
 * Verifies Berlin Group message signatures (IG "Signature", draft-cavage HTTP signatures as
 * profiled by the Berlin Group): Digest over the body, Signature over the listed headers with
 * the key of TPP-Signature-Certificate, that certificate issued by a trusted CA. The signing
 * faults live here and nowhere else.
 */
export function verifySignature(faults: ReadonlySet<FaultName>, trusted: readonly X509Certificate[]): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const signature = c.req.header('Signature');
    if (signature === undefined || signature.trim() === '') {
      if (faults.has('signature-not-required')) return next();
      throw new BgError(401, 'SIGNATURE_MISSING', 'The request is not signed: the Signature header is missing.', 'Signature');
    }
    const invalid = (text: string): never => {
      if (faults.has('signature-invalid-wrong-code')) throw new BgError(400, 'FORMAT_ERROR', text, 'Signature');
      throw new BgError(401, 'SIGNATURE_INVALID', text, 'Signature');
    };
    const params = parseSignatureHeader(signature);
    if (!params.keyId || !params.signature || !params.headers) return invalid('The Signature header needs keyId, headers and signature.');
    const certificate = readCertificate(c.req.header('TPP-Signature-Certificate'));
    if (!certificate) throw new BgError(401, 'CERTIFICATE_MISSING', 'TPP-Signature-Certificate is missing or not a certificate.', 'TPP-Signature-Certificate');
    if (!trusted.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey))) {
      throw new BgError(401, 'CERTIFICATE_INVALID', 'TPP-Signature-Certificate is not issued by a CA this ASPSP trusts.', 'TPP-Signature-Certificate');
    }
    const serial = /(?:^|,)\s*SN=([0-9A-Fa-f]+)/.exec(params.keyId)?.[1];
    if (!serial || serial.replace(/^0+/, '').toUpperCase() !== certificate.serialNumber.replace(/^0+/, '').toUpperCase()) {
      return invalid(`keyId ${params.keyId} does not name the serial number of TPP-Signature-Certificate.`);
    }

    const covered = params.headers.toLowerCase().split(/\s+/).filter(Boolean);
    const needed = [...ALWAYS_SIGNED, ...SIGNED_IF_PRESENT.filter((h) => c.req.header(h) !== undefined)];
    const uncovered = needed.filter((h) => !covered.includes(h));
    if (uncovered.length) return invalid(`The signature must cover ${uncovered.join(', ')}.`);
    const absent = covered.filter((h) => c.req.header(h) === undefined);
    if (absent.length) return invalid(`The signature covers ${absent.join(', ')}, which the request does not carry.`);

    if (!faults.has('digest-not-checked')) {
      const problem = digestProblem(c.req.header('Digest') ?? '', Buffer.from(await c.req.arrayBuffer()));
      if (problem) return invalid(problem);
    }
    const signingString = covered.map((h) => `${h}: ${(c.req.header(h) ?? '').trim()}`).join('\n');
    const ok = safeVerify(signingString, params.signature, certificate);
    if (!ok && !faults.has('signature-not-verified')) return invalid('The signature does not verify with the key of TPP-Signature-Certificate.');
    return next();
  };
}

/** `keyId="…",algorithm="…",headers="…",signature="…"`: values are quoted, commas may appear inside. */
function parseSignatureHeader(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.matchAll(/([A-Za-z]+)\s*=\s*"([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function readCertificate(header: string | undefined): X509Certificate | undefined {
  if (!header) return undefined;
  const body = header.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  try {
    return new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    return undefined;
  }
}

/** `SHA-256=<base64>` or `SHA-512=<base64>` of the body as sent. */
function digestProblem(digest: string, body: Buffer): string | undefined {
  const m = /^(SHA-256|SHA-512)=(.+)$/i.exec(digest.trim());
  if (!m) return 'The Digest header must be SHA-256=<base64> or SHA-512=<base64>.';
  const algorithm = m[1]!.toLowerCase().replace('-', '');
  const expected = createHash(algorithm).update(body).digest('base64');
  return expected === m[2]!.trim() ? undefined : 'The Digest header does not match the request body.';
}

function safeVerify(data: string, signature: string, certificate: X509Certificate): boolean {
  try {
    return verify('sha256', Buffer.from(data), certificate.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

