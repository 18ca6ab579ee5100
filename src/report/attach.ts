import type { StepEvidence } from './evidence.ts';
import { REDACTED, SECRET_HEADERS } from './redact.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';

/** Evidence formats: readable in the report, credentials masked by header name. */
export async function attachJson(evidence: StepEvidence, name: string, value: unknown): Promise<void> {
  await evidence.attach(name, { body: JSON.stringify(value, null, 2), contentType: 'application/json' });
}

export async function attachExchange(evidence: StepEvidence, request: AspspRequest, response: AspspResponse | undefined): Promise<void> {
  await evidence.attach('request', { body: httpText(`${request.method} ${request.url}`, request.headers, request.body), contentType: 'text/plain' });
  if (response) {
    const line = `HTTP ${response.status} (${response.durationMs.toFixed(1)} ms)`;
    await evidence.attach('response', { body: httpText(line, response.headers, pretty(response.text)), contentType: 'text/plain' });
  }
}

function httpText(first: string, headers: Readonly<Record<string, string>>, body: string | undefined): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : v}`);
  return [first, ...lines, '', body ?? ''].join('\n');
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
