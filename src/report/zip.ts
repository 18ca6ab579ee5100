import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { buffer } from 'node:stream/consumers';
import * as yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipEntry {
  readonly path: string;
  readonly data: Buffer;
}

/** A fixed time for every entry, so the same files always make the same archive bytes. */
const EPOCH = new Date('2020-01-01T00:00:00Z');

function zipOf(entries: readonly ZipEntry[]): yazl.ZipFile {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.path, { mtime: EPOCH });
  return zip;
}

/** Written beside, then renamed: a half-written archive never carries the final name. */
export async function writeZip(file: string, entries: readonly ZipEntry[]): Promise<void> {
  const zip = zipOf(entries);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  zip.outputStream.pipe(out);
  zip.end();
  try {
    await finished(out);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/** The same archive in memory (e.g. an attachment). */
export async function zipBuffer(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = zipOf(entries);
  const data = buffer(zip.outputStream);
  zip.end();
  return data;
}

export interface ZipContents {
  readonly entries: ReadonlyMap<string, Buffer>;
  /** Entries that could not be read (corrupt data, bad name), with why. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
  /** Names present more than once: the second would shadow the first. */
  readonly duplicates: readonly string[];
}

/** An archive from a file, or from memory. */
export async function readZip(source: string | Buffer): Promise<ZipContents> {
  // strictFileNames: a name with `..` or an absolute path is refused by yauzl, reported here.
  const options = { lazyEntries: true, decodeStrings: true, strictFileNames: false };
  const zip = typeof source === 'string' ? await yauzl.openPromise(source, options) : await yauzl.fromBufferPromise(source, options);
  const entries = new Map<string, Buffer>();
  const unreadable: { path: string; reason: string }[] = [];
  const duplicates: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const next = () => zip.readEntry();
        if (name.endsWith('/')) return next();
        if (name.startsWith('/') || name.split('/').includes('..')) {
          unreadable.push({ path: name, reason: 'path leaves the archive' });
          return next();
        }
        zip
          .openReadStreamPromise(entry)
          .then((stream) => buffer(stream))
          .then((data) => {
            if (entries.has(name)) duplicates.push(name);
            else entries.set(name, data);
          })
          .catch((e: unknown) => unreadable.push({ path: name, reason: e instanceof Error ? e.message : String(e) }))
          .finally(next);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { entries, unreadable, duplicates };
}
