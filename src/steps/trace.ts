import type { StepEvidence } from '../report/evidence.ts';
import { PLAYWRIGHT_TRACE } from '../report/trace-redact.ts';
import type { ScaTrace } from '../sca/types.ts';

/**
 * The PSU's browser session as a Playwright trace, on the step that drove it. Attached after the
 * step has taught the redactor what the session obtained (an authorisation code): the evidence
 * sink masks the trace's entries with it.
 */
export async function attachBrowserTrace(evidence: StepEvidence, trace: ScaTrace | undefined): Promise<void> {
  if (!trace) return;
  if ('error' in trace) {
    await evidence.attach('browser trace (not saved)', { body: `Playwright could not save the browser trace: ${trace.error}`, contentType: 'text/plain' });
    return;
  }
  await evidence.attach('browser trace', { body: trace.zip, contentType: PLAYWRIGHT_TRACE });
}
