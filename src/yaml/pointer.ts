import { pointerSegments } from '../util/json-pointer.ts';

export { joinPointer, pointerSegments } from '../util/json-pointer.ts';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * The path a person would write: `cases[0].steps[2].body`. Array indexes only appear where the
 * document has a sequence, which a pointer cannot tell, so all-digit segments are read as indexes.
 */
export function displayPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    const text = String(s);
    if (typeof s === 'number' || /^(0|[1-9][0-9]*)$/.test(text)) out += `[${text}]`;
    else if (IDENTIFIER.test(text)) out += out ? `.${text}` : text;
    else out += `[${JSON.stringify(text)}]`;
  }
  return out;
}

export function pointerToPath(pointer: string): string {
  return displayPath(pointerSegments(pointer));
}
