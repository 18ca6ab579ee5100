import { readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { LoadError } from './errors.ts';

/** Suites and profiles are small; a larger file is a mistake (or an attack), refused before parsing. */
export const MAX_YAML_BYTES = 2 * 1024 * 1024;

/**
 * A YAML file's text, or why it cannot be read: unreadable, too large, or not UTF-8 (located at the
 * first bad byte; readFileSync would silently replace it and parse a different document).
 */
export function readYamlText(file: string, what: string): { text: string } | { error: LoadError } {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_YAML_BYTES) {
      return { error: { code: 'FILE_UNREADABLE', file, path: '', message: `${what} is ${size} bytes; the limit is ${MAX_YAML_BYTES}` } };
    }
    bytes = readFileSync(file);
  } catch (err) {
    return { error: { code: 'FILE_UNREADABLE', file, path: '', message: `cannot read ${what}: ${(err as Error).message}` } };
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8Byte(bytes);
    const before = bytes.subarray(0, offset).toString('utf8').split('\n');
    return {
      error: {
        code: 'FILE_ENCODING',
        file,
        line: before.length,
        column: (before.at(-1)?.length ?? 0) + 1,
        path: '',
        message: `${what} is not UTF-8: byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset} (save the file as UTF-8)`,
      },
    };
  }
  return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/**
 * Offset of the first byte of the first invalid UTF-8 sequence: lenient decoding keeps every valid
 * sequence and replaces each invalid one, so re-encoding first differs from the input exactly there.
 */
export function firstInvalidUtf8Byte(bytes: Buffer): number {
  const again = Buffer.from(bytes.toString('utf8'), 'utf8');
  const n = Math.min(again.length, bytes.length);
  for (let i = 0; i < n; i++) if (again[i] !== bytes[i]) return i;
  return n;
}
