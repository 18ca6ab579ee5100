import type { StepEvidence } from './evidence.ts';
import type { Redactor } from './redact.ts';
import { redactHeaders } from './redact.ts';
import type { AspspRequest, AspspResponse } from '../http/types.ts';

/** Evidence as it reaches the report: always through the redactor. */
export async function attachJson(evidence: StepEvidence, redact: Redactor, name: string, value: unknown): Promise<void> {
  await evidence.attach(name, { body: redact(JSON.stringify(value, null, 2)), contentType: 'application/json' });
}

export async function attachExchange(
  evidence: StepEvidence,
  redact: Redactor,
  request: AspspRequest,
  response: AspspResponse | undefined,
): Promise<void> {
  await evidence.attach('request', { body: httpText(`${request.method} ${request.url}`, request.headers, request.body, redact), contentType: 'text/plain' });
  if (response) {
    const line = `HTTP ${response.status} (${response.durationMs.toFixed(1)} ms)`;
    await evidence.attach('response', { body: httpText(line, response.headers, pretty(response.text), redact), contentType: 'text/plain' });
  }
}

function httpText(first: string, headers: Readonly<Record<string, string>>, body: string | undefined, redact: Redactor): string {
  const lines = Object.entries(redactHeaders(headers, redact)).map(([k, v]) => `${k}: ${v}`);
  return redact([first, ...lines, '', body ?? ''].join('\n'));
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
