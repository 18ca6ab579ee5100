import type { LoadError } from '../yaml/errors.ts';
import type { Locator } from '../yaml/locate.ts';
import { stepProblems, templatedParts, tokenNames, type PlanInput, type StepView } from './plan.ts';

/**
 * The plan's checks on a suite file that failed its schema, read defensively off the value as
 * written: an unknown operationId or an undefined variable shows up in the same lint pass as the
 * schema errors, not only after they are fixed. Steps too broken to read are skipped.
 */
export function lenientSuiteProblems(raw: unknown, locator: Locator, input: Omit<PlanInput, 'suites'>): LoadError[] {
  return items(field(raw, 'cases')).flatMap((kase, i) => {
    const steps = items(field(kase, 'steps')).flatMap((step, j): StepView[] => {
      const kind = field(step, 'kind');
      if (typeof kind !== 'string' || !isRecord(step)) return [];
      const operation = field(step, 'operation');
      const capture = field(step, 'capture');
      return [{
        kind,
        at: locator.positionOf(`/cases/${i}/steps/${j}`),
        ...(typeof operation === 'string' ? { operation } : {}),
        captureNames: [...(isRecord(capture) ? Object.keys(capture) : []), ...tokenNames({ ...step, kind })],
        templated: templatedParts({ ...step, kind }),
        ...(kind === 'repeat' && field(step, 'transitions') !== undefined ? { transitions: field(step, 'transitions') } : {}),
        ...(kind === 'repeat' && field(step, 'over') !== undefined ? { over: field(step, 'over') } : {}),
      }];
    });
    return stepProblems(steps, i, input);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
