import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type CryptoKey, type JWK } from 'jose';
import { algOf, publicPart } from './archive-keys.ts';
import { ARCHIVE_FILES, MANIFEST_FORMAT, type ArchiveManifest } from './archive.ts';
import { sha256 } from './run-info.ts';
import { readZip, type ZipContents } from './zip.ts';

export interface VerifyResult {
  readonly ok: boolean;
  /** One line per problem, each naming the file or the signature. */
  readonly problems: readonly string[];
  /** What was checked, for the OK line. */
  readonly checked?: { readonly files: number; readonly runId: string; readonly alg: string; readonly thumbprint: string; readonly trusted: boolean };
}

function fail(...problems: string[]): VerifyResult {
  return { ok: false, problems };
}

/**
 * Checks an archive: the manifest's signature (by the trusted key when one is given, else by the
 * key the archive carries), then every file's SHA-256 and size, and that no file was added or
 * removed. Every problem is listed, not only the first.
 */
export async function verifyArchive(file: string, trustedKey?: JWK): Promise<VerifyResult> {
  let zip;
  try {
    zip = await readZip(file);
  } catch (e) {
    return fail(`${file}: not a readable zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
  return verifyContents(zip, trustedKey);
}

/** The checks of verifyArchive on an archive's entries as read. */
export async function verifyContents(zip: ZipContents, trustedKey?: JWK): Promise<VerifyResult> {
  const problems: string[] = [];
  for (const u of zip.unreadable) problems.push(`${u.path}: cannot be read (${u.reason})`);
  for (const d of zip.duplicates) problems.push(`${d}: present more than once`);

  const manifestBytes = zip.entries.get(ARCHIVE_FILES.manifest);
  const jwsBytes = zip.entries.get(ARCHIVE_FILES.signature);
  if (!manifestBytes) return fail(...problems, `${ARCHIVE_FILES.manifest}: missing`);
  if (!jwsBytes) return fail(...problems, `${ARCHIVE_FILES.signature}: missing (the manifest is not signed)`);
  const jws = jwsBytes.toString('utf8').trim();

  // The signature first: until it holds, nothing in the manifest can be believed.
  let signer: JWK;
  let embedded: JWK | undefined;
  const embeddedBytes = zip.entries.get(ARCHIVE_FILES.publicKey);
  if (embeddedBytes) {
    try {
      embedded = publicPart(JSON.parse(embeddedBytes.toString('utf8')) as JWK);
    } catch {
      problems.push(`${ARCHIVE_FILES.publicKey}: not a JSON Web Key`);
    }
  }
  if (trustedKey) signer = publicPart(trustedKey);
  else if (embedded) signer = embedded;
  else return fail(...problems, `signature: no key to check it with (${ARCHIVE_FILES.publicKey} missing and no --key given)`);

  let alg: string;
  let thumbprint: string;
  try {
    alg = algOf(signer);
    thumbprint = await calculateJwkThumbprint(signer);
    const header = decodeProtectedHeader(jws);
    if (header.alg !== alg) throw new Error(`signed with ${String(header.alg)}, the key is for ${alg}`);
    const { payload } = await compactVerify(jws, (await importJWK(signer, alg)) as CryptoKey, { algorithms: [alg] });
    if (!Buffer.from(payload).equals(manifestBytes)) return fail(...problems, `signature: ${ARCHIVE_FILES.signature} signs other content than ${ARCHIVE_FILES.manifest} (the manifest was changed)`);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const whose = trustedKey ? 'the trusted key' : `the key in ${ARCHIVE_FILES.publicKey}`;
    let hint = '';
    if (trustedKey && embedded) {
      const other = await calculateJwkThumbprint(embedded).catch(() => '?');
      const mine = await calculateJwkThumbprint(publicPart(trustedKey)).catch(() => '?');
      if (other !== mine) hint = ` (the archive names key ${other}, the trusted key is ${mine})`;
    }
    return fail(...problems, `signature: ${ARCHIVE_FILES.signature} does not verify with ${whose}: ${why}${hint}`);
  }

  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as ArchiveManifest;
  } catch {
    return fail(...problems, `${ARCHIVE_FILES.manifest}: not JSON`);
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return fail(...problems, `${ARCHIVE_FILES.manifest}: not a ${MANIFEST_FORMAT} manifest`);
  if (manifest.signature?.keyThumbprint !== thumbprint) {
    problems.push(`signature: ${ARCHIVE_FILES.manifest} names key ${manifest.signature?.keyThumbprint}, but was signed by ${thumbprint}`);
  }

  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const data = zip.entries.get(f.path);
    if (!data) {
      if (!zip.unreadable.some((u) => u.path === f.path)) problems.push(`${f.path}: missing (listed in the manifest)`);
      continue;
    }
    if (data.length !== f.size || sha256(data) !== f.sha256) {
      problems.push(`${f.path}: content changed (SHA-256 ${sha256(data)}, ${data.length} bytes; manifest says ${f.sha256}, ${f.size} bytes)`);
    }
  }
  for (const path of zip.entries.keys()) {
    if (path !== ARCHIVE_FILES.manifest && path !== ARCHIVE_FILES.signature && !listed.has(path)) problems.push(`${path}: not in the manifest (added)`);
  }
  return {
    ok: problems.length === 0,
    problems,
    checked: { files: manifest.files.length, runId: manifest.runId, alg, thumbprint, trusted: trustedKey !== undefined },
  };
}
