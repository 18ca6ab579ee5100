import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunFigures {
  readonly cases: number;
  readonly wallMs: number;
  readonly exitCode: number;
  readonly scaCases: number;
  readonly msPerScaCase: number;
  readonly msPerOtherCase: number;
}

/** `psd2-conformance run` into a temporary folder, timed from spawn to exit; per-case times from its JUnit XML. */
export async function defaultRun(root: string): Promise<RunFigures> {
  const out = mkdtempSync(join(tmpdir(), 'psd2-bench-run-'));
  try {
    const started = performance.now();
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin/psd2-conformance.js'), 'run', '--out', join(out, 'run')], { cwd: root, stdio: 'ignore', env: { ...process.env, PSD2_REPORTS: out } });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code ?? 1));
    });
    const wallMs = performance.now() - started;
    const summary = JSON.parse(readFileSync(join(out, 'run', 'summary.json'), 'utf8')) as { cases: { title: string; requirements: string[] }[] };
    const junit = readFileSync(join(out, 'run', 'junit.xml'), 'utf8');
    const times = [...junit.matchAll(/<testcase name="([^"]*)"[^>]*time="([\d.]+)"/g)].map((m) => ({ name: unescapeXml(m[1]!), ms: Number(m[2]) * 1000 }));
    const isSca = (name: string) => summary.cases.some((c) => c.title.endsWith(name) && c.requirements.some((r) => r.startsWith('SCA-')));
    const sca = times.filter((t) => isSca(t.name));
    const other = times.filter((t) => !isSca(t.name));
    const mean = (xs: { ms: number }[]) => (xs.length ? xs.reduce((n, x) => n + x.ms, 0) / xs.length : 0);
    return { cases: summary.cases.length, wallMs, exitCode, scaCases: sca.length, msPerScaCase: mean(sca), msPerOtherCase: mean(other) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
