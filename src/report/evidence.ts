import type { Redactor } from './redact.ts';
import { PLAYWRIGHT_TRACE, redactTrace } from './trace-redact.ts';

/** Where a step writes evidence (Allure's runtime attachment in the runner, nothing in benchmarks). */
export interface StepEvidence {
  attach(name: string, options: { body: string | Buffer; contentType: string }): Promise<void>;
}

/**
 * Every attachment passes the redactor before it reaches the sink: text as text, raw bytes byte for
 * byte, a Playwright trace entry by entry (or a note saying why it was withheld); images are
 * pictures of bank pages whose typed fields were covered before anything was typed (sca/picture.ts).
 */
export function redactingEvidence(sink: StepEvidence, redact: Redactor): StepEvidence {
  return {
    async attach(name, { body, contentType }) {
      if (contentType === PLAYWRIGHT_TRACE && typeof body !== 'string') {
        const trace = await redactTrace(body, redact);
        if ('withheld' in trace) {
          return sink.attach(redact(`${name} (withheld)`), { body: redact(`The browser trace is not attached: ${trace.withheld}.`), contentType: 'text/plain' });
        }
        return sink.attach(redact(name), { body: trace.zip, contentType });
      }
      return sink.attach(redact(name), {
        body: typeof body === 'string' ? redact(body) : contentType.startsWith('image/') ? body : redact.bytes(body),
        contentType,
      });
    },
  };
}
