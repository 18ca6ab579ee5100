import type { Locator } from '../yaml/locate.ts';
import { expandEach } from './each.ts';
import type { Case, Step, Suite } from './types.ts';
import type { WrittenCase, WrittenSuite } from './written.ts';
import type { Rule } from '../rules/types.ts';
import { stepRules } from './step-rules.ts';

/** A schema-valid written suite → Suite: positions attached, defaults filled, `each` expanded, inputs copied not touched. */
export function buildSuite(file: string, written: WrittenSuite, locator: Locator): Suite {
  const declared = new Map((written.rules ?? []).map((r) => [r.id, { id: r.id, title: r.title, sources: r.sources.map((src) => ({ ...src })) }]));
  return {
    file,
    id: written.suite,
    title: written.title,
    rules: [...declared.values()],
    cases: written.cases.flatMap((written, i) =>
      expandEach(written).map(
        ({ kase: c }): Case => ({
          id: c.id,
          title: c.title,
          requirements: [...c.requirements],
          tags: [...(c.tags ?? [])],
          ...(c.scaApproaches ? { scaApproaches: [...c.scaApproaches] } : {}),
          ...(c.requires ? { requires: [...c.requires] } : {}),
          ...(c.payment ? { payment: Array.isArray(c.payment) ? c.payment.map((p) => ({ ...p })) : { ...c.payment } } : {}),
          ...declaredRulesOf(c, declared),
          steps: c.steps.map((s, j): Step => ({ ...s, at: locator.positionOf(`/cases/${i}/steps/${j}`) }) as Step),
          at: locator.positionOf(`/cases/${i}`),
        }),
      ),
    ),
    at: locator.positionOf(''),
  };
}

/** The suite's own rules a case names, in its requirements or its steps (`rule`, a repeat's `expect.rule`). */
function declaredRulesOf(c: WrittenCase, declared: ReadonlyMap<string, Rule>): { declaredRules?: Rule[] } {
  if (declared.size === 0) return {};
  const named = new Set([...c.requirements, ...c.steps.flatMap(stepRules)]);
  const rules = [...named].flatMap((id) => declared.get(id) ?? []);
  return rules.length ? { declaredRules: rules } : {};
}
