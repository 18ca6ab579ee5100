import type { Rule } from './types.ts';
import { specRules } from './catalog/spec.ts';
import { aisRules } from './catalog/ais.ts';
import { scaRules } from './catalog/sca.ts';
import { oauthRules } from './catalog/oauth.ts';
import { pisRules } from './catalog/pis.ts';
import { securityRules } from './catalog/security.ts';

/**
 * The requirement catalog: every rule a suite or the validator checks, declared once.
 * Ids are the index: `grep -rn ID` finds the catalog entry, its check site, the suites
 * that tag it and the reference ASPSP fault that breaks it.
 */
const list = [...specRules, ...aisRules, ...scaRules, ...oauthRules, ...pisRules, ...securityRules] as const satisfies readonly Rule[];

export type RuleId = (typeof list)[number]['id'];

export const ruleCatalog: ReadonlyMap<string, Rule> = new Map(list.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return ruleCatalog.has(id);
}
