import type { EachItem, WrittenCase } from './written.ts';

const EACH_REF = /(\$?)\$\{\s*each\.([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;
const WHOLE_REF = /^\$\{\s*each\.([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;

/**
 * A data-driven case as the cases it stands for: one per `each` item, id `<case>-<item id>`, every
 * `${each.key}` replaced by the item's value (a string that is only the reference takes the value's
 * type); an item's `requires` adds to the case's. Unknown keys are left as written, so the planner reports them as undefined variables.
 */
export function expandEach(c: WrittenCase): { kase: WrittenCase; item?: EachItem }[] {
  if (!c.each) return [{ kase: c }];
  return c.each.map((item) => {
    const { each: _each, ...rest } = c;
    const substituted = substitute(rest, item) as Omit<WrittenCase, 'each'>;
    // An item may need an implementer option of its own (e.g. one consent type of several).
    const requires = [...new Set([...(c.requires ?? []), ...(item.requires ?? [])])];
    return { kase: { ...substituted, id: `${c.id}-${item.id}`, ...(requires.length ? { requires } : {}) }, item };
  });
}

function substitute(value: unknown, item: EachItem): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REF.exec(value);
    if (whole?.[1] !== undefined && Object.hasOwn(item, whole[1])) return item[whole[1]];
    return value.replace(EACH_REF, (ref, escaped: string, key: string) =>
      escaped || !Object.hasOwn(item, key) ? ref : typeof item[key] === 'string' ? (item[key] as string) : JSON.stringify(item[key]),
    );
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, item)]));
  }
  return value;
}
