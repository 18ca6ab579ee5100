import { existsSync, readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export type SigningAlg = 'ES256' | 'EdDSA';

export interface SigningKey {
  readonly alg: SigningAlg;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly thumbprint: string;
  /** 'provided': the organisation's key (--key, PSD2_ARCHIVE_KEY); 'generated': made for this archive only. */
  readonly origin: 'provided' | 'generated';
}

/** The algorithm a JWK is for: P-256 EC keys sign ES256, Ed25519 keys EdDSA; nothing else is taken. */
export function algOf(jwk: JWK): SigningAlg {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw new Error(`unsupported key (kty ${jwk.kty ?? '?'}, crv ${jwk.crv ?? '?'}): use an EC P-256 (ES256) or Ed25519 (EdDSA) JWK`);
}

/** The public half of a JWK: only the members that name the key, never `d`. */
export function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y }).filter(([, v]) => v !== undefined)) as JWK;
}

/** A JWK from a file path, or inline JSON (how a CI secret usually arrives in PSD2_ARCHIVE_KEY). */
export function readJwk(source: string, what: string): JWK {
  const text = source.trimStart().startsWith('{') ? source : existsSync(source) ? readFileSync(source, 'utf8') : undefined;
  if (text === undefined) throw new Error(`${what}: no such file ${source}`);
  try {
    const jwk = JSON.parse(text) as JWK;
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string') throw new Error('not a JWK (no kty)');
    return jwk;
  } catch (e) {
    // Never echo the text: it may be a private key.
    throw new Error(`${what}: not a JSON Web Key (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * The key that signs an archive: --key, else PSD2_ARCHIVE_KEY (path or inline JWK), else one
 * generated for this archive whose private half is thrown away — it shows the files match the
 * manifest, not who made it.
 */
export async function signingKey(keyArg: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  const source = keyArg ?? env.PSD2_ARCHIVE_KEY;
  if (source) {
    const jwk = readJwk(source, keyArg ? '--key' : 'PSD2_ARCHIVE_KEY');
    if (!jwk.d) throw new Error(`${keyArg ? '--key' : 'PSD2_ARCHIVE_KEY'} is a public key: signing needs the private JWK (with "d")`);
    const alg = algOf(jwk);
    const privateKey = (await importJWK(jwk, alg)) as CryptoKey;
    const publicJwk = publicPart(jwk);
    return { alg, privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk), origin: 'provided' };
  }
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = publicPart(await exportJWK(publicKey));
  return { alg: 'EdDSA', privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk), origin: 'generated' };
}
