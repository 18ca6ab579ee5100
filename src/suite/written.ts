import type { Case, ExpectStep, RequestStep, ScaStep, Suite } from './types.ts';

/*
 * Suites as written in YAML (what suites/suite.schema.json accepts), before the loader adds
 * positions and defaults. Kept apart from the resolved types so neither lies about the other.
 */

type Written<T> = Omit<T, 'at'>;

export type WrittenStep = Written<RequestStep> | Written<ScaStep> | Written<ExpectStep>;

export interface WrittenCase extends Omit<Case, 'at' | 'tags' | 'steps'> {
  readonly tags?: readonly string[];
  readonly steps: readonly WrittenStep[];
}

export interface WrittenSuite {
  readonly suite: Suite['id'];
  readonly title: string;
  readonly cases: readonly WrittenCase[];
}
