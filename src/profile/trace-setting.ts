/** How a run records the PSU's browser sessions: the profile's sca.traces, or `run --trace` for one run. */
export type TraceSetting = boolean | 'snapshots';

/** The words `run --trace` (and PSD2_TRACE) take, as Playwright's own `--trace` does. */
export const TRACE_WORDS: Readonly<Record<string, TraceSetting>> = { on: true, off: false, snapshots: 'snapshots' };

/**
 * The run's trace setting: PSD2_TRACE (set by `run --trace`) over the profile's sca.traces; off
 * when neither says. An unknown word is the caller's to refuse (the CLI does, as a usage error).
 */
export function traceSetting(profile: TraceSetting | undefined, env: NodeJS.ProcessEnv = process.env): TraceSetting {
  const word = env.PSD2_TRACE;
  if (word !== undefined && Object.hasOwn(TRACE_WORDS, word)) return TRACE_WORDS[word]!;
  return profile ?? false;
}
