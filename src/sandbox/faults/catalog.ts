import { specFaults } from './catalog/spec.ts';
import { aisFaults } from './catalog/ais.ts';
import { scaFaults } from './catalog/sca.ts';
import { oauthFaults } from './catalog/oauth.ts';
import { pisFaults } from './catalog/pis.ts';
import { securityFaults } from './catalog/security.ts';

/**
 * Named ways this bank can be told to break the standard. Each names the requirement id it
 * violates, so a harness run against a faulted sandbox must report exactly that id.
 */
export const faults = [...specFaults, ...aisFaults, ...scaFaults, ...oauthFaults, ...pisFaults, ...securityFaults] as const;

export type FaultName = (typeof faults)[number]['name'];

const known: ReadonlySet<string> = new Set(faults.map((f) => f.name));

function isFaultName(name: string): name is FaultName {
  return known.has(name);
}

/** Validates fault names up front, so a typo fails the run instead of silently testing a conformant bank. */
export function parseFaults(names: readonly string[] = []): ReadonlySet<FaultName> {
  const unknown = names.filter((n) => !isFaultName(n));
  if (unknown.length > 0) {
    const list = faults.map((f) => `  ${f.name} (${f.ruleId}): ${f.description}`).join('\n');
    throw new Error(`Unknown sandbox fault ${unknown.map((n) => `"${n}"`).join(', ')}. Known faults:\n${list}`);
  }
  return new Set(names.filter(isFaultName));
}
