/** A value as it should read in a finding's message: JSON, shortened; `absent` for undefined. */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
