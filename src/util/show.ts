/** Characters that would move the cursor, recolour or reorder a terminal or a report: shown as escapes. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from the bank, safe to print: control and bidi characters escaped (line breaks and tabs kept). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** A value as it should read in a finding's message: JSON, shortened; `absent` for undefined. */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return 'absent';
  const text = (JSON.stringify(value) ?? String(value)).replace(UNPRINTABLE, escape);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
