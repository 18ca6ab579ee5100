import type { Finding } from '../rules/types.ts';
import type { RuleId } from '../rules/catalog.ts';

/** Findings the validator emits; ids typed against the rule catalog so a typo fails to compile. */
export function passed(ruleId: RuleId, message: string, where?: string): Finding {
  return where === undefined ? { ruleId, passed: true, message } : { ruleId, passed: true, message, where };
}

export function failed(ruleId: RuleId, detail: { message: string; where: string; expected?: unknown; actual?: unknown }): Finding {
  return { ruleId, passed: false, ...detail };
}

export { show } from '../util/show.ts';
