import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, type CaseResult } from '../src/report/summary.ts';
import type { Rule } from '../src/rules/types.ts';

const catalog = new Map<string, Rule>(
  ['R-PASS', 'R-FAIL', 'R-STOP', 'R-SKIP', 'R-NONE'].map((id) => [id, { id, title: id, sources: [{ doc: 'IG', ref: 'x' }] }]),
);
const finding = (ruleId: string, passed: boolean) => ({ ruleId, passed, message: ruleId });

test('verdicts by requirement: failed findings fail, stopped cases are inconclusive, skipped cases not applicable', () => {
  const results: CaseResult[] = [
    { title: 'a', status: 'failed', requirements: ['R-PASS', 'R-FAIL'], findings: [finding('R-PASS', true), finding('R-FAIL', true), finding('R-FAIL', false)] },
    { title: 'b', status: 'failed', requirements: ['R-STOP'], findings: [] },
    { title: 'c', status: 'skipped', requirements: ['R-SKIP'], findings: [] },
    { title: 'd', status: 'passed', requirements: [], findings: [finding('R-EXTRA', true)] },
    // R-PASS passed in 'a', but this case stopped before checking it: unproven.
    { title: 'e', status: 'failed', requirements: ['R-HALF'], findings: [] },
    { title: 'f', status: 'passed', requirements: ['R-HALF'], findings: [finding('R-HALF', true)] },
  ];
  const verdicts = Object.fromEntries(summarise(catalog, results).map((r) => [r.id, r.verdict]));
  assert.deepEqual(verdicts, {
    'R-EXTRA': 'passed',
    'R-FAIL': 'failed',
    'R-HALF': 'inconclusive',
    'R-NONE': 'not run',
    'R-PASS': 'passed',
    'R-SKIP': 'not applicable',
    'R-STOP': 'inconclusive',
  });
});
