import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompactSign } from 'jose';
import type { SigningKey } from './archive-keys.ts';
import { filesUnder } from './manifest.ts';
import { sha256 } from './run-info.ts';
import { RUN_FILES, type RunRef } from './runs.ts';
import { writeZip, type ZipEntry } from './zip.ts';

/** Names inside an archive. */
export const ARCHIVE_FILES = {
  report: 'report.html',
  results: 'allure-results',
  manifest: 'manifest.json',
  signature: 'manifest.jws',
  publicKey: 'signing-key.jwk.json',
} as const;

export const MANIFEST_FORMAT = 'psd2-conformance-archive/1';

export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface ArchiveManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly runId: string;
  readonly createdAt: string;
  readonly signature: { readonly alg: string; readonly keyThumbprint: string; readonly keyOrigin: SigningKey['origin'] };
  readonly files: readonly ManifestFile[];
}

/** Run-folder files an archive carries, under the same names (when the run has them). */
const COPIED = [RUN_FILES.coverageHtml, RUN_FILES.coverageJson, RUN_FILES.requestLog, RUN_FILES.profile, RUN_FILES.summary, RUN_FILES.junit, RUN_FILES.run];

/**
 * The evidence of one run as files: the single-file report, the raw Allure results, coverage,
 * request log, redacted profile, summary, JUnit XML and run facts. All of it was redacted when
 * written; nothing is read from outside the run folder.
 */
export function runEvidence(run: RunRef): ZipEntry[] {
  const index = join(run.dir, RUN_FILES.report, 'index.html');
  if (!existsSync(index)) throw new Error(`run ${run.id} has no HTML report (${index}): build it with psd2-conformance report --run ${run.id}`);
  const entries: ZipEntry[] = [{ path: ARCHIVE_FILES.report, data: readFileSync(index) }];
  const results = join(run.dir, RUN_FILES.results);
  for (const f of filesUnder(results)) entries.push({ path: `${ARCHIVE_FILES.results}/${f}`, data: readFileSync(join(results, f)) });
  for (const name of COPIED) {
    const file = join(run.dir, name);
    if (existsSync(file)) entries.push({ path: name, data: readFileSync(file) });
  }
  return entries;
}

/**
 * Writes the archive: the evidence, the signer's public JWK, manifest.json (every file's SHA-256
 * and size) and manifest.jws, a compact JWS whose payload is manifest.json byte for byte.
 */
export async function writeArchive(file: string, run: RunRef, key: SigningKey, now: Date = new Date()): Promise<ArchiveManifest> {
  const evidence = [...runEvidence(run), { path: ARCHIVE_FILES.publicKey, data: Buffer.from(`${JSON.stringify(key.publicJwk, null, 2)}\n`) }];
  const manifest: ArchiveManifest = {
    format: MANIFEST_FORMAT,
    runId: run.id,
    createdAt: now.toISOString(),
    signature: { alg: key.alg, keyThumbprint: key.thumbprint, keyOrigin: key.origin },
    files: evidence.map((e) => ({ path: e.path, sha256: sha256(e.data), size: e.data.length })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const jws = await new CompactSign(manifestBytes).setProtectedHeader({ alg: key.alg, kid: key.thumbprint, typ: 'psd2-manifest+jws' }).sign(key.privateKey);
  mkdirSync(dirname(file), { recursive: true });
  await writeZip(file, [
    ...evidence,
    { path: ARCHIVE_FILES.manifest, data: manifestBytes },
    { path: ARCHIVE_FILES.signature, data: Buffer.from(`${jws}\n`) },
  ]);
  return manifest;
}
