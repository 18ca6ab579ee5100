import type { Step } from './types.ts';
import type { WrittenStep } from './written.ts';

/** The rule ids a step checks: its own `rule`, and a repeat's `expect.rule`. */
export function stepRules(step: Step | WrittenStep): string[] {
  return [...('rule' in step && typeof step.rule === 'string' ? [step.rule] : []), ...(step.kind === 'repeat' && step.expect ? [step.expect.rule] : [])];
}
