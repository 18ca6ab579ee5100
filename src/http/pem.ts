import { readFileSync } from 'node:fs';

/** A profile PEM value: inline PEM as written, else the file it names (already absolute). */
export function readPem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}
