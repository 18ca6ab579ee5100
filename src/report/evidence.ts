import type { Redactor } from './redact.ts';

/** Where a step writes evidence (Allure's runtime attachment in the runner, nothing in benchmarks). */
export interface StepEvidence {
  attach(name: string, options: { body: string | Buffer; contentType: string }): Promise<void>;
}

/**
 * Every attachment passes the redactor before it reaches the sink: text as text, raw bytes byte for
 * byte; images are screenshots taken before input.
 */
export function redactingEvidence(sink: StepEvidence, redact: Redactor): StepEvidence {
  return {
    attach: (name, { body, contentType }) =>
      sink.attach(redact(name), {
        body: typeof body === 'string' ? redact(body) : contentType.startsWith('image/') ? body : redact.bytes(body),
        contentType,
      }),
  };
}
