/** A string split into literal text and `${name}` references; `$${` stands for a literal `${`. */
export type TemplatePart = { readonly literal: string } | { readonly name: string };

export type TemplateParse =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly reason: string; readonly offset: number };

export function parseTemplate(text: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return { ok: false, reason: `unterminated '\${' (write '$\${' for a literal '\${')`, offset: i };
      const name = text.slice(i + 2, end).trim();
      if (name === '') return { ok: false, reason: "empty '${}'", offset: i };
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ name });
      i = end + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return { ok: true, parts };
}

/** Quick test so strings without templates are passed through untouched. */
export function hasTemplate(text: string): boolean {
  return text.includes('${');
}
