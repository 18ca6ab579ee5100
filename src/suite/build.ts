import type { Locator } from '../yaml/locate.ts';
import { expandEach } from './each.ts';
import type { Case, Step, Suite } from './types.ts';
import type { WrittenSuite } from './written.ts';

/** A schema-valid written suite → Suite: positions attached, defaults filled, `each` expanded, inputs copied not touched. */
export function buildSuite(file: string, written: WrittenSuite, locator: Locator): Suite {
  return {
    file,
    id: written.suite,
    title: written.title,
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
          steps: c.steps.map((s, j): Step => ({ ...s, at: locator.positionOf(`/cases/${i}/steps/${j}`) }) as Step),
          at: locator.positionOf(`/cases/${i}`),
        }),
      ),
    ),
    at: locator.positionOf(''),
  };
}
