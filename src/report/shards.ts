import type { RunInfo } from './run-info.ts';

/**
 * Why a set of run folders cannot be merged into one run, if any: they must be the shards of one
 * run — each made with --shard i/n for the same n, no index twice, none missing — against the same
 * profile and spec with the same harness, or the merged verdicts would mix two different runs.
 */
export function shardProblems(shards: readonly { readonly dir: string; readonly info?: RunInfo }[]): string[] {
  const problems: string[] = [];
  const known = shards.filter((s): s is { dir: string; info: RunInfo } => s.info !== undefined);
  for (const s of shards) if (!s.info) problems.push(`${s.dir}: no run.json (not a run folder, or a run that did not start)`);
  const parsed = known.map((s) => ({ ...s, shard: /^(\d+)\/(\d+)$/.exec(s.info.shard ?? '') }));
  for (const s of parsed) if (!s.shard) problems.push(`${s.dir}: not a shard (run it with --shard i/n)`);
  const totals = new Set(parsed.flatMap((s) => (s.shard ? [s.shard[2]] : [])));
  if (totals.size > 1) problems.push(`the shards split different runs: ${[...totals].map((t) => `/${t}`).join(' and ')}`);
  if (totals.size === 1) {
    const total = Number([...totals][0]);
    const seen = new Map<number, string>();
    for (const s of parsed) {
      if (!s.shard) continue;
      const index = Number(s.shard[1]);
      const other = seen.get(index);
      if (other) problems.push(`shard ${index}/${total} given twice: ${other} and ${s.dir}`);
      seen.set(index, s.dir);
    }
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) problems.push(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: their cases would read as not run`);
  }
  const differ = (what: string, value: (i: RunInfo) => string) => {
    const values = new Set(known.map((s) => value(s.info)));
    if (values.size > 1) problems.push(`the shards ran with different ${what}: ${[...values].join(' / ')}`);
  };
  differ('profiles (SHA-256 without secrets)', (i) => i.profileSha256);
  // Not the base URL: the embedded reference ASPSP listens on a new port for every run.
  differ('specs', (i) => i.aspsp.spec);
  differ('harness commits', (i) => i.harness.commit);
  return problems;
}
