import type { Case, ClockStep, ExpectStep, PagesStep, RepeatStep, RequestStep, ScaStep, StartAuthorisationStep, Suite } from './types.ts';

/*
 * Suites as written in YAML (what suites/suite.schema.json accepts), before the loader adds
 * positions and defaults. Kept apart from the resolved types so neither lies about the other.
 */

type Written<T> = Omit<T, 'at'>;

export type WrittenStep =
  | Written<RequestStep>
  | Written<ScaStep>
  | Written<StartAuthorisationStep>
  | Written<ExpectStep>
  | Written<ClockStep>
  | Written<RepeatStep>
  | Written<PagesStep>;

export interface WrittenCase extends Omit<Case, 'at' | 'tags' | 'steps' | 'declaredRules'> {
  readonly tags?: readonly string[];
  /** Data-driven: one case per item, id suffixed with the item's id, `${each.key}` replaced at load. */
  readonly each?: readonly EachItem[];
  readonly steps: readonly WrittenStep[];
}

export interface WrittenSuite {
  readonly suite: Suite['id'];
  readonly title: string;
  readonly rules?: Suite['rules'];
  readonly cases: readonly WrittenCase[];
}

/** One row of a data-driven case: `id` suffixes the case id; every key is `${each.key}` in the case. */
export interface EachItem {
  readonly id: string;
  readonly requires?: Case['requires'];
  readonly [key: string]: unknown;
}
