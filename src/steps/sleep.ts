import { setTimeout as delay } from 'node:timers/promises';
import { CaseStopError } from './errors.ts';

/** A wait that ends early, as a deadline stop, when the case's time budget runs out. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (e) {
    if (signal.aborted) throw new CaseStopError('CASE_DEADLINE', `the case's time budget ran out during a ${ms} ms wait`, undefined, { cause: e });
    throw e;
  }
}
