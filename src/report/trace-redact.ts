import { REDACTED, SECRET_HEADERS, isSecretField, type Redactor } from './redact.ts';
import { readZip, zipBuffer, type ZipEntry } from './zip.ts';

/** Allure shows an attachment of this type in Playwright's trace viewer. */
export const PLAYWRIGHT_TRACE = 'application/vnd.allure.playwright-trace';

/** The trace with every secret masked, or why it must not be attached at all. */
export type RedactedTrace = { readonly zip: Buffer } | { readonly withheld: string };

/**
 * A Playwright trace records what the PSU typed three times over: the fill action's value, the
 * input's value in every DOM snapshot, and the form post in the network log (its body, and HAR's
 * name/value lists of parameters, headers and cookies). Playwright has no option to mask any of
 * it, so the archive is rewritten: HAR entries lose credential-named values and every cookie,
 * password inputs lose their value whatever it is, every call loses what the page answered (the
 * harness's own checks read the page's text and fields, where a bank may show a typed code in a
 * form the redactor does not know, `583-021`), then every text entry passes the run's redactor. An entry that is not text (an image, compressed data) cannot be masked in place: if it
 * holds a known secret the whole trace is withheld.
 */
export async function redactTrace(zip: Buffer, redact: Redactor): Promise<RedactedTrace> {
  let contents;
  try {
    contents = await readZip(zip);
  } catch (e) {
    return { withheld: `the trace is not a readable zip archive (${e instanceof Error ? e.message : String(e)})` };
  }
  const problem = contents.unreadable[0] ?? (contents.duplicates[0] ? { path: contents.duplicates[0], reason: 'present twice' } : undefined);
  if (problem) return { withheld: `trace entry ${problem.path} could not be checked: ${problem.reason}` };

  const entries: ZipEntry[] = [];
  for (const [path, data] of contents.entries) {
    const text = utf8(data);
    if (text === undefined) {
      if (redact.finds(data)) return { withheld: `trace entry ${path} is binary and holds a secret that cannot be masked in it` };
      entries.push({ path, data });
      continue;
    }
    const masked = isEventLog(path) ? text.split('\n').map(maskEvent).join('\n') : text;
    entries.push({ path, data: Buffer.from(redact(masked), 'utf8') });
  }
  return { zip: await zipBuffer(entries) };
}

/** trace.trace, trace.network and their per-chunk siblings (`1-trace.trace`): one JSON event per line. */
function isEventLog(path: string): boolean {
  return /(^|\/)([\w-]*trace)\.(trace|network)$/.test(path);
}

function maskEvent(line: string): string {
  if (!line.startsWith('{')) return line;
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    // Not an event Playwright wrote whole: the redactor still sees it as text.
    return line;
  }
  return JSON.stringify(masked(event, ''));
}

/** A copy of one event with credentials masked by where they sit, whatever their value. */
function masked(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => masked(v, key));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = masked(v, k);
  // A call's answer from the page (an evaluation's result, a text read): the actions stay, their answers do not.
  if (key === '' && record.type === 'after' && 'result' in record) out.result = NOT_KEPT;
  // HAR name/value pairs: headers, query strings, form parameters, cookies.
  if (typeof record.name === 'string' && typeof record.value === 'string') {
    const name = record.name.toLowerCase();
    if (key === 'cookies' || SECRET_HEADERS.has(name) || isSecretField(name)) out.value = REDACTED;
  }
  // A DOM snapshot's password input: its typed value is kept as __playwright_value_.
  if (typeof record.type === 'string' && record.type.toLowerCase() === 'password') {
    for (const attribute of ['__playwright_value_', 'value']) if (typeof record[attribute] === 'string' && record[attribute] !== '') out[attribute] = REDACTED;
  }
  return out;
}

/** What replaces a call's answer in a trace. */
const NOT_KEPT = '[answer not kept]';

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(data: Buffer): string | undefined {
  try {
    return decoder.decode(data);
  } catch {
    return undefined;
  }
}
