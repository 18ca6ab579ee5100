import type { StepEvidence } from './evidence.ts';
import { REDACTED, SECRET_HEADERS } from './redact.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';
import { printable } from '../util/show.ts';

/** Evidence formats: readable in the report, credentials masked by header name. */
export async function attachJson(evidence: StepEvidence, name: string, value: unknown): Promise<void> {
  await evidence.attach(name, { body: JSON.stringify(value, null, 2), contentType: 'application/json' });
}

/** How much of a body as received is kept as raw evidence. */
export const RAW_EVIDENCE_BYTES = 256 * 1024;

/**
 * The exchange twice: a readable view (pretty JSON, control characters escaped) and the body's
 * bytes exactly as the bank sent them (duplicate members, bad UTF-8, compression and all), capped.
 */
export async function attachExchange(evidence: StepEvidence, request: AspspRequest, response: AspspResponse | undefined): Promise<void> {
  await evidence.attach('request', { body: httpText(`${request.method} ${request.url}`, request.headers, request.body), contentType: 'text/plain' });
  if (response) {
    const line = `HTTP ${response.status} (${response.durationMs.toFixed(1)} ms)`;
    const problems = (response.bodyProblems ?? []).map((p) => `! ${p.message}`);
    const view = problems.length ? [...problems, '', response.text].join('\n') : pretty(response.text);
    await evidence.attach('response', { body: httpText(line, response.headers, printable(view)), contentType: 'text/plain' });
    if (response.bytes.length) {
      const capped = response.bytes.length > RAW_EVIDENCE_BYTES;
      await evidence.attach(capped ? `response body as received (first ${RAW_EVIDENCE_BYTES} of ${response.bytes.length} bytes)` : 'response body as received', {
        body: capped ? response.bytes.subarray(0, RAW_EVIDENCE_BYTES) : response.bytes,
        contentType: 'application/octet-stream',
      });
    }
  }
}

function httpText(first: string, headers: Readonly<Record<string, string>>, body: string | undefined): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : printable(v)}`);
  return [first, ...lines, '', body ?? ''].join('\n');
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
