import type { Rule, RuleSource } from '../rules/types.ts';
import type { Case, Suite } from '../suite/types.ts';

/** The Berlin Group service a case belongs to: Allure's epic. */
export type Epic = 'AIS' | 'PIS' | 'PIIS' | 'OAuth & SCA' | 'Other';

const BY_NAME: Readonly<Record<string, Epic>> = {
  ais: 'AIS',
  pis: 'PIS',
  piis: 'PIIS',
  oauth: 'OAuth & SCA',
  sca: 'OAuth & SCA',
};

/**
 * A case's tags name its service (ais, pis, piis; oauth or sca for authorisation-only cases); the
 * suite's folder under suites/ decides when they do not. A service tag wins over oauth/sca, since
 * most AIS and PIS cases also run an SCA.
 */
export function epicOf(suite: Suite, kase: Case): Epic {
  const tagged = kase.tags.map((t) => BY_NAME[t.toLowerCase()]).filter((e): e is Epic => e !== undefined);
  const service = tagged.find((e) => e !== 'OAuth & SCA') ?? tagged[0];
  if (service) return service;
  const folder = suite.file.split(/[\\/]/).slice(-2, -1)[0]?.toLowerCase() ?? '';
  return BY_NAME[folder] ?? 'Other';
}

const SEVERITIES = ['blocker', 'critical', 'normal', 'minor', 'trivial'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * A severity tag on the case wins; otherwise a case checking a requirement of the RTS (the
 * regulation itself) is critical, every other case normal.
 */
export function severityOf(kase: Case, rules: readonly (Rule | undefined)[]): Severity {
  const tag = kase.tags.find((t): t is Severity => (SEVERITIES as readonly string[]).includes(t));
  if (tag) return tag;
  return rules.some((r) => r?.sources.some((s) => s.doc === 'RTS')) ? 'critical' : 'normal';
}

/** Where each kind of source can be read; a profile rule is the ASPSP's own, with no public page. */
const SOURCE_URL: Readonly<Record<RuleSource['doc'], string | undefined>> = {
  IG: 'https://www.berlin-group.org/nextgenpsd2-downloads',
  OAS: 'https://www.berlin-group.org/nextgenpsd2-downloads',
  RTS: 'https://eur-lex.europa.eu/eli/reg_del/2018/389/oj',
  PROFILE: undefined,
  // Each RFC has its own page; the index finds it by number.
  RFC: 'https://www.rfc-editor.org/rfc-index.html',
};

export interface RequirementLink {
  readonly url: string;
  readonly name: string;
}

/** One link per requirement: to its first source with a public text (RTS first: it is the law). */
export function requirementLink(rule: Rule): RequirementLink | undefined {
  const ordered = [...rule.sources].sort((a, b) => Number(b.doc === 'RTS') - Number(a.doc === 'RTS'));
  const source = ordered.find((s) => SOURCE_URL[s.doc]);
  if (!source) return undefined;
  return { url: SOURCE_URL[source.doc]!, name: `${rule.id}: ${source.doc} ${source.ref}` };
}
