import { readZip } from '../../src/report/zip.ts';

export interface EvidenceTexts {
  readonly texts: readonly string[];
  /** Zip archives opened on the way that hold a Playwright trace, so a test can prove the scan reached inside one. */
  readonly traces: number;
}

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

/**
 * Everything a reader can get out of one report file as text: its bytes, every base64 blob in it
 * decoded (the single-file report embeds its data so), and every entry of every zip archive among
 * them, nested ones too (an attached Playwright trace, a trace inside a run archive).
 */
export async function evidenceTexts(content: Buffer, depth = 0): Promise<EvidenceTexts> {
  const texts: string[] = [];
  let traces = 0;
  const raw = content.toString('latin1');
  const blobs = (raw.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []).map((b) => Buffer.from(b, 'base64'));
  for (const data of [content, ...blobs]) {
    if (data.subarray(0, 4).equals(ZIP_MAGIC) && depth < 3) {
      const zip = await readZip(data);
      if ([...zip.entries.keys()].some((p) => p.endsWith('trace.trace'))) traces++;
      for (const entry of zip.entries.values()) {
        const inner = await evidenceTexts(entry, depth + 1);
        texts.push(...inner.texts);
        traces += inner.traces;
      }
    } else {
      texts.push(data.toString('latin1'));
    }
  }
  return { texts, traces };
}

/**
 * Whether `secret` appears in `text` as a whole value (as the redactor matches it), as written or
 * URL-encoded: a 6-digit OTP inside a trace's 13-digit timestamp is not the OTP.
 */
export function holdsSecret(text: string, secret: string): boolean {
  return [secret, encodeURIComponent(secret)].some((form) => {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
      if (!/[A-Za-z0-9]/.test(text[at - 1] ?? '') && !/[A-Za-z0-9]/.test(text[at + form.length] ?? '')) return true;
    }
    return false;
  });
}
