import 'reflect-metadata';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type KeyAlgorithm = webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;
import * as x509 from '@peculiar/x509';
import { ORGANIZATION_IDENTIFIER, QC_STATEMENTS_EXTENSION, encodeQcStatements, type Psd2Role } from './qc-statements.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
// Berlin Group signatures are rsa-sha256: the seal key is RSA.
const RSA: webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
const DAY = 86_400_000;

export interface PkiOptions {
  /** PSD2 roles of the TPP's QWAC and QSealC. */
  readonly roles: readonly Psd2Role[];
  readonly ncaName: string;
  /** e.g. DE-BAFIN */
  readonly ncaId: string;
  /** organizationIdentifier, e.g. PSDDE-BAFIN-123456 */
  readonly orgId: string;
  readonly organisation: string;
  /** DNS names and IP addresses of the ASPSP's test server certificate. */
  readonly serverNames: readonly string[];
  readonly now?: Date;
}

/** One certificate and its private key, both PEM. */
export interface Issued {
  readonly cert: string;
  readonly key: string;
}

/**
 * A test PKI for sandboxes: a CA, the ASPSP's server certificate, the TPP's QWAC (TLS client) and
 * QSealC (signing), and the certificates a bank must refuse (expired, lacking PSP_AI, from a CA
 * it does not trust). File names are the keys.
 */
export interface TestPki {
  readonly ca: Issued;
  readonly server: Issued;
  readonly qwac: Issued;
  readonly qseal: Issued;
  readonly qwacExpired: Issued;
  readonly qwacWrongRole: Issued;
  readonly qwacUnknownIssuer: Issued;
}

export async function generateTestPki(opts: PkiOptions): Promise<TestPki> {
  const now = opts.now ?? new Date();
  const valid = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 365 * DAY) };
  const ca = await authority('psd2-conformance Test QTSP CA', valid);
  const otherCa = await authority('Unknown Test CA (not trusted by the ASPSP)', valid);
  const tppName = (kind: string) => subject(opts, kind);
  const wrongRoles = opts.roles.filter((r) => r !== 'PSP_AI');

  const server = await leaf(ca, EC, {
    ...valid,
    subject: `O=psd2-conformance reference ASPSP, CN=${opts.serverNames[0] ?? 'localhost'}`,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(opts.serverNames.map((n) => (isIp(n) ? { type: 'ip', value: n } : { type: 'dns', value: n }))),
    ],
  });
  const qwacExtensions = (roles: readonly Psd2Role[]) => [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    new x509.Extension(QC_STATEMENTS_EXTENSION, false, encodeQcStatements({ roles, ncaName: opts.ncaName, ncaId: opts.ncaId }, 'qwac')),
  ];
  return {
    ca: { cert: ca.cert.toString('pem'), key: await pemKey(ca.keys.privateKey) },
    server,
    qwac: await leaf(ca, EC, { ...valid, subject: tppName('QWAC'), extensions: qwacExtensions(opts.roles) }),
    qseal: await leaf(ca, RSA, {
      ...valid,
      subject: tppName('QSealC'),
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.Extension(QC_STATEMENTS_EXTENSION, false, encodeQcStatements({ roles: opts.roles, ncaName: opts.ncaName, ncaId: opts.ncaId }, 'qseal')),
      ],
    }),
    qwacExpired: await leaf(ca, EC, {
      notBefore: new Date(now.getTime() - 400 * DAY),
      notAfter: new Date(now.getTime() - 35 * DAY),
      subject: tppName('QWAC expired'),
      extensions: qwacExtensions(opts.roles),
    }),
    qwacWrongRole: await leaf(ca, EC, { ...valid, subject: tppName('QWAC without PSP_AI'), extensions: qwacExtensions(wrongRoles.length ? wrongRoles : ['PSP_PI']) }),
    qwacUnknownIssuer: await leaf(otherCa, EC, { ...valid, subject: tppName('QWAC from an untrusted CA'), extensions: qwacExtensions(opts.roles) }),
  };
}

interface Authority {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

async function authority(name: string, validity: { notBefore: Date; notAfter: Date }): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `O=psd2-conformance test PKI, CN=${name}`,
    keys,
    ...validity,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function leaf(
  ca: Authority,
  alg: KeyAlgorithm,
  params: { subject: string | x509.JsonName; notBefore: Date; notAfter: Date; extensions: x509.Extension[] },
): Promise<Issued> {
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: params.subject,
    issuer: ca.cert.subject,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      ...params.extensions,
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await pemKey(keys.privateKey) };
}

/** The TPP's distinguished name with its TS 119 495 organisation identifier (encoded country first, as usual). */
function subject(opts: PkiOptions, kind: string): x509.JsonName {
  return [
    { C: [opts.ncaId.slice(0, 2)] },
    { O: [opts.organisation] },
    { [ORGANIZATION_IDENTIFIER]: [opts.orgId] },
    { CN: [`${opts.organisation} ${kind}`] },
  ];
}

async function pemKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** 16 random bytes with the top bit clear: a positive serial, as RFC 5280 asks. */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

function isIp(name: string): boolean {
  return /^[\d.]+$/.test(name) || name.includes(':');
}
