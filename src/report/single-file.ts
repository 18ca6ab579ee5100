/**
 * Allure's single-file report, made fit to archive: it loads nothing from the network and opens
 * from file:// every time.
 *
 * As generated (allure 3.18), the page (1) loads Google Analytics from googletagmanager.com and
 * (2) defines its embedded data in scripts placed *after* the application bundle. The bundle
 * renders at once and its first effect fetches the report data; when the parser yields before the
 * data scripts ran (about half of fresh opens in Chromium), `window.allureReportData` is still
 * undefined, the app falls back to fetching widgets/*.json next to the file, finds nothing, and
 * the loading spinner stays. Moving the data scripts before the bundle removes the race.
 */
interface ScriptElement {
  readonly start: number;
  readonly end: number;
  readonly open: string;
  readonly content: string;
}

function scriptsOf(html: string): ScriptElement[] {
  const out: ScriptElement[] = [];
  let from = 0;
  for (;;) {
    const start = html.indexOf('<script', from);
    if (start < 0) return out;
    const openEnd = html.indexOf('>', start);
    const close = html.indexOf('</script>', openEnd);
    if (openEnd < 0 || close < 0) throw new Error('unterminated <script> in the Allure report');
    const end = close + '</script>'.length;
    out.push({ start, end, open: html.slice(start, openEnd + 1), content: html.slice(openEnd + 1, close) });
    from = end;
  }
}

const EXTERNAL_SRC = /\bsrc\s*=\s*["']?(?:https?:)?\/\//i;
const ANALYTICS = /\bgtag\s*\(|\bdataLayer\b|googletagmanager|google-analytics/;
const isDataScript = (s: ScriptElement) => /window\.allureReportData\b/.test(s.content) || /^\s*Promise\.allSettled\(\s*\[\s*d\(/.test(s.content);
const isBundle = (s: ScriptElement) => /\bsrc\s*=\s*["']data:text\/javascript/i.test(s.open);

export function makeOffline(html: string): string {
  const scripts = scriptsOf(html);
  const external = scripts.filter((s) => EXTERNAL_SRC.test(s.open) || ANALYTICS.test(s.content));
  const data = scripts.filter(isDataScript);
  const bundle = scripts.find(isBundle);
  if (!bundle || data.length === 0) {
    throw new Error('the Allure report does not have the expected single-file layout (an embedded app bundle and data scripts): check the allure version');
  }
  // Already in order (a report processed before): only analytics, if any, is removed.
  const move = data.some((d) => d.start > bundle.start) ? data : [];
  const drop = new Set([...external, ...move]);
  let out = '';
  let at = 0;
  for (const s of scripts) {
    if (s === bundle && move.length) out += html.slice(at, s.start) + move.map((d) => html.slice(d.start, d.end)).join('\n') + '\n' + html.slice(s.start, s.end);
    else out += html.slice(at, s.start) + (drop.has(s) ? '' : html.slice(s.start, s.end));
    at = s.end;
  }
  out += html.slice(at);
  const left = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]*/i.exec(out);
  if (left) throw new Error(`the Allure report still references an outside resource: ${left[0].slice(0, 160)}`);
  return out;
}
