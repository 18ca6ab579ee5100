import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { PemIdentity } from '../profile/types.ts';
import { readPem } from './pem.ts';
import type { AspspRequest } from './types.ts';

/**
 * Berlin Group request signing (IG "Signature"): the draft-cavage HTTP signature scheme as the
 * Berlin Group profiles it. The BG parts: keyId is `SN=<serial>,CA=<issuer DN>` of the QSealC,
 * the certificate travels in TPP-Signature-Certificate, and the signed headers are digest and
 * x-request-id always, psu-id, psu-corporate-id, tpp-redirect-uri and date when present.
 */
export const ALWAYS_SIGNED = ['digest', 'x-request-id'] as const;
export const SIGNED_IF_PRESENT = ['psu-id', 'psu-corporate-id', 'tpp-redirect-uri', 'date'] as const;

/** How a case may spoil the signature on purpose, to prove the bank checks it. */
export type SignatureMode = 'sign' | 'omit' | 'corrupt' | 'wrong-digest';

export interface SigningMaterial {
  readonly keyId: string;
  /** TPP-Signature-Certificate: the certificate's DER in base64, on one line. */
  readonly certificate: string;
  readonly key: KeyObject;
}

/**
 * The QSealC's key id, certificate and key. The X.509 library is loaded here, on first use: most
 * runs never sign, and loading it costs every worker a few hundred milliseconds.
 */
export async function loadSigningMaterial(identity: PemIdentity): Promise<SigningMaterial> {
  await import('reflect-metadata');
  const { X509Certificate } = await import('@peculiar/x509');
  const cert = new X509Certificate(readPem(identity.cert));
  const key = createPrivateKey({ key: readPem(identity.key), ...(identity.passphrase !== undefined ? { passphrase: identity.passphrase } : {}) });
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the signing key is ${key.asymmetricKeyType}: Berlin Group signatures are rsa-sha256, so the QSealC needs an RSA key`);
  return { keyId: bgKeyId(cert.serialNumber, rfc4514(cert.issuerName.toJSON())), certificate: Buffer.from(cert.rawData).toString('base64'), key };
}

/** `SN=<serial, hex>,CA=<issuer distinguished name>` (IG: keyId, e.g. SN=9FA1,CA=CN=D-TRUST CA 2-1 2015,O=D-Trust GmbH,C=DE). */
export function bgKeyId(serialHex: string, issuerDn: string): string {
  return `SN=${serialHex.toUpperCase()},CA=${issuerDn}`;
}

/** A distinguished name as RFC 4514 writes it: the last encoded RDN first, special characters escaped. */
export function rfc4514(rdns: readonly Readonly<Record<string, readonly string[]>>[]): string {
  const escape = (v: string) => v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, '\\ ');
  return [...rdns]
    .reverse()
    .map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((v) => `${type}=${escape(v)}`)).join('+'))
    .join(',');
}

/** `SHA-256=<base64>` of the body exactly as sent (the empty string when there is none). */
export function digestHeader(body: string | Buffer | undefined): string {
  return `SHA-256=${createHash('sha256').update(body ?? '').digest('base64')}`;
}

/** draft-cavage: `name: value` per signed header, lower-case names, in the order listed, joined by LF. */
export function signingString(names: readonly string[], headers: Readonly<Record<string, string>>): string {
  const byLower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return names
    .map((name) => {
      const value = byLower.get(name);
      if (value === undefined) throw new Error(`cannot sign header ${name}: the request does not carry it`);
      return `${name}: ${value.trim()}`;
    })
    .join('\n');
}

export function signatureHeader(keyId: string, names: readonly string[], signature: string): string {
  return `keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
}

export function rsaSha256(data: string, key: KeyObject): string {
  return sign('sha256', Buffer.from(data), key).toString('base64');
}

/** The request with Digest, Date (when absent), Signature and TPP-Signature-Certificate; `mode` spoils it on purpose. */
export function signRequest(req: AspspRequest, material: SigningMaterial, mode: SignatureMode = 'sign', now: Date = new Date()): AspspRequest {
  if (mode === 'omit') return req;
  const present = new Set(Object.keys(req.headers).map((h) => h.toLowerCase()));
  const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !['digest', 'signature', 'tpp-signature-certificate'].includes(k.toLowerCase())));
  const body = mode === 'wrong-digest' ? `${req.body ?? ''} ` : req.body;
  const headers: Record<string, string> = {
    ...strip(req.headers),
    ...(present.has('date') ? {} : { Date: now.toUTCString() }),
    Digest: digestHeader(body),
  };
  // A case that leaves out X-Request-ID on purpose still gets a signature over what it sends.
  const carried = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  const names = [...ALWAYS_SIGNED, ...SIGNED_IF_PRESENT].filter((h) => carried.has(h));
  let signature = rsaSha256(signingString(names, headers), material.key);
  if (mode === 'corrupt') signature = corrupt(signature);
  return {
    ...req,
    headers: { ...headers, Signature: signatureHeader(material.keyId, names, signature), 'TPP-Signature-Certificate': material.certificate },
  };
}

/** Flips bits of the first signature byte: still base64 of the right length, no longer valid. */
function corrupt(signature: string): string {
  const bytes = Buffer.from(signature, 'base64');
  bytes[0] = bytes[0]! ^ 0xff;
  return bytes.toString('base64');
}
