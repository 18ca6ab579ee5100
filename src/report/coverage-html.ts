import type { Coverage } from './coverage.ts';
import type { Verdict } from './summary.ts';

const COLOR: Record<Verdict, string> = {
  passed: '#1a7f37',
  failed: '#cf222e',
  'accepted deviation': '#bc4c00',
  inconclusive: '#9a6700',
  'not applicable': '#57606a',
  'not run': '#8c959f',
};

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * One self-contained page (inline style, no script, no outside reference): it is shown inside the
 * Allure report and archived as is.
 */
export function coverageHtml(coverage: Coverage): string {
  const run = coverage.run;
  const head = run
    ? `<dl>
<dt>ASPSP</dt><dd>${esc(run.aspsp.name)} — ${esc(run.aspsp.baseUrl)}</dd>
<dt>Specification</dt><dd>${esc(run.aspsp.spec)}</dd>
<dt>Run</dt><dd>${esc(run.runId)}${run.shard ? ` (shard ${esc(run.shard)})` : ''}${run.mergedFrom ? ` (merged from ${esc(run.mergedFrom.join(', '))})` : ''}</dd>
<dt>Started / ended</dt><dd>${esc(run.startedAt)} / ${esc(run.endedAt ?? '')}</dd>
<dt>Harness</dt><dd>${esc(run.harness.version)} (${esc(run.harness.commit)})</dd>
<dt>Profile SHA-256 (secrets removed)</dt><dd><code>${esc(run.profileSha256)}</code></dd>
</dl>`
    : '';
  const totals = Object.entries(coverage.requirements)
    .map(([v, n]) => `<span class="v" style="background:${COLOR[v as Verdict]}">${n} ${esc(v)}</span>`)
    .join(' ');
  const c = coverage.cases;
  const rows = coverage.rows
    .map(
      (r) => `<tr id="${esc(r.id)}">
<td><code>${esc(r.id)}</code></td>
<td><span class="v" style="background:${COLOR[r.verdict]}">${esc(r.verdict)}</span></td>
<td>${esc(r.title)}<div class="src">${esc(r.sources)}</div>${r.reasons?.length ? `<div class="why">${r.reasons.map(esc).join('<br>')}</div>` : ''}${(r.deviations ?? [])
        .map((d) => `<div class="dev">${d.expired ? `Deviation expired on ${esc(d.expires)}: counts as a failure again` : `Accepted deviation until ${esc(d.expires)}`} — ${esc(d.reason)}</div>`)
        .join('')}</td>
<td>${r.checks}${r.failures ? ` (${r.failures} failed)` : ''}</td>
<td>${r.cases.length ? `<ul>${r.cases.map((k) => `<li>${esc(k.title)} — ${esc(k.status)}${k.skipReason ? `: ${esc(k.skipReason)}` : ''}</li>`).join('')}</ul>` : '<em>no case covers it</em>'}</td>
</tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Requirement coverage${run ? ` — ${esc(run.runId)}` : ''}</title>
<style>
body{font:14px/1.4 system-ui,Arial,sans-serif;margin:16px;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}.v{color:#fff;border-radius:4px;padding:1px 6px;white-space:nowrap}.src{color:#57606a;font-size:12px}.why{color:#9a6700;font-size:12px}.dev{color:#bc4c00;font-size:12px}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0}ul{margin:0;padding-left:18px}
</style></head>
<body>
<h1>Requirement coverage</h1>
${head}
${coverage.outcome ? `<p>Outcome: <strong>${esc(coverage.outcome)}</strong></p>` : ''}
${coverage.suiteErrors.length ? `<p>Suite files that did not load (their cases are missing below):</p><ul>${coverage.suiteErrors.map((e) => `<li>${esc(e.title)}<pre>${esc(e.message)}</pre></li>`).join('')}</ul>` : ''}
<p>Requirements: ${totals}</p>
<p>Cases: ${c.total} (${c.passed} passed, ${c.failed} failed, ${c.notApplicable} not applicable)</p>
<table>
<thead><tr><th>Requirement</th><th>Verdict</th><th>Title and source</th><th>Checks</th><th>Cases</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
