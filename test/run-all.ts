import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Transform } from 'node:stream';

/**
 * `npm test`: every test file, the slow end-to-end files first so they overlap with the rest, three
 * files at a time (most of their time is spent waiting on browsers, banks and timeouts), and at
 * the end how long each file took.
 */
const SLOW_FIRST = ['faults-1.test.ts', 'faults-2.test.ts', 'conformance.test.ts', 'hostile.test.ts', 'stranger.test.ts', 'presets.test.ts', 'merge.test.ts'];
const dir = import.meta.dirname;
const all = readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
const ordered = [...SLOW_FIRST.filter((f) => all.includes(f)), ...all.filter((f) => !SLOW_FIRST.includes(f)).sort()];
const only = process.argv.slice(2);
const files = (only.length ? only.map((f) => join(process.cwd(), f)) : ordered.map((f) => join(dir, f)));
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 3);

const started = Date.now();
/** A file's top-level tests run one after another: their durations add up to the file's time. */
const perFile = new Map<string, number>();
let failed = 0;
const timing = new Transform({
  objectMode: true,
  transform(event: { type: string; data: { file?: string; nesting?: number; details?: { duration_ms?: number } } }, _enc, done) {
    const { file, nesting, details } = event.data ?? {};
    if ((event.type === 'test:pass' || event.type === 'test:fail') && nesting === 0 && file) {
      perFile.set(file, (perFile.get(file) ?? 0) + (details?.duration_ms ?? 0));
      if (event.type === 'test:fail') failed++;
    }
    done(null, event);
  },
});

const report = run({ files, concurrency }).compose(timing).compose(tap);
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  const rows = [...perFile].map(([file, ms]) => ({ file: relative(process.cwd(), file), ms })).sort((a, b) => b.ms - a.ms);
  const width = Math.max(...rows.map((r) => r.file.length));
  process.stdout.write(`\n# duration per file (${concurrency} at a time; total ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  for (const r of rows) process.stdout.write(`#   ${r.file.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(7)} s\n`);
  process.exitCode = failed ? 1 : 0;
});
