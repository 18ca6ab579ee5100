import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { visit } from 'jsonc-parser';
import type { BodyProblem } from '../validate/types.ts';
import { joinPointer } from '../util/json-pointer.ts';

/** What a response body says, read strictly: what the bank sent is judged, not what a lenient parser made of it. */
export interface ReadBody {
  /** After content decoding; the bytes as received are kept by the caller. */
  readonly decoded: Buffer;
  /** UTF-8 text (invalid sequences replaced, for messages only; a problem says where). */
  readonly text: string;
  /** Parsed JSON when the body is JSON (by its content type, or because it reads as JSON), else the text; undefined when empty. */
  readonly body: unknown;
  readonly problems: readonly BodyProblem[];
}

type Decoder = (input: Buffer, options: { maxOutputLength: number }) => Buffer;

const decoders: Readonly<Record<string, Decoder | undefined>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
  identity: (input) => input,
};

/**
 * Decodes `content-encoding` (bounded: a small body must not inflate past the size limit), checks
 * UTF-8, and parses JSON refusing duplicate member names: with duplicates, JSON.parse keeps the
 * last copy and the harness would judge a value the bank may not have meant.
 */
export function readBody(raw: Buffer, headers: Readonly<Record<string, string>>, maxBytes: number): ReadBody {
  const problems: BodyProblem[] = [];
  let decoded = raw;
  const encodings = (headers['content-encoding'] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  // Applied in reverse of the order listed (RFC 9110 §8.4).
  for (const encoding of encodings.reverse()) {
    const decoder = decoders[encoding];
    if (!decoder) {
      problems.push({ kind: 'content-encoding', message: `content-encoding ${encoding} is not one the harness can decode (gzip, deflate, br, identity)` });
      return { decoded: raw, text: '', body: undefined, problems };
    }
    try {
      decoded = decoder(decoded, { maxOutputLength: maxBytes });
    } catch (e) {
      const why = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? `decodes to more than ${maxBytes} bytes` : (e as Error).message;
      problems.push({ kind: 'content-encoding', message: `the body does not decode as content-encoding ${encoding}: ${why}` });
      return { decoded: raw, text: '', body: undefined, problems };
    }
  }
  if (decoded.length === 0) return { decoded, text: '', body: undefined, problems };

  const text = decoded.toString('utf8');
  if (!isUtf8(decoded)) {
    const offset = firstDifference(decoded, Buffer.from(text, 'utf8'));
    const { line, column } = lineColumn(decoded.subarray(0, offset).toString('utf8'));
    problems.push({ kind: 'utf8', message: `the body is not valid UTF-8: byte 0x${decoded[offset]!.toString(16).padStart(2, '0')} at offset ${offset} (line ${line}, column ${column})`, line, column });
  }

  const declaredJson = /[/+]json\b/i.test(headers['content-type'] ?? '');
  const looksJson = /^\s*[{[]/.test(text);
  if (!declaredJson && !looksJson) return { decoded, text, body: text, problems };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // Not JSON after all: a text body under a non-JSON type is just text; under a JSON type it is a defect.
    if (!declaredJson) return { decoded, text, body: text, problems };
    const message = (e as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    const at = offset === undefined ? {} : lineColumn(text.slice(0, Number(offset)));
    problems.push({ kind: 'json-syntax', message: `the body is not valid JSON: ${message}`, ...at });
    return { decoded, text, body: text, problems };
  }
  problems.push(...duplicateMembers(text));
  return { decoded, text, body, problems };
}

function duplicateMembers(text: string): BodyProblem[] {
  const found: BodyProblem[] = [];
  const open: Set<string>[] = [];
  visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (name, _offset, _length, line, character, path) => {
      const seen = open.at(-1);
      if (!seen) return;
      if (seen.has(name)) {
        const pointer = joinPointer('', ...path(), name);
        found.push({ kind: 'duplicate-member', message: `member ${pointer} appears more than once (line ${line + 1}, column ${character + 1}); JSON readers disagree on which copy counts`, pointer, line: line + 1, column: character + 1 });
      }
      seen.add(name);
    },
  });
  return found;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function lineColumn(before: string): { line: number; column: number } {
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
