import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { discoverSuites } from '../src/suite/discover.ts';
import { loadSuites } from '../src/suite/load.ts';
import type { Step } from '../src/suite/types.ts';
import { repoRoot } from './helpers/cli.ts';

/**
 * "Where is rule X checked?" has one answer: a rule is checked either by exactly one harness
 * module (the spec validator's rules) or by suites, never by both and never nowhere.
 */
const harnessFiles = readdirSync(join(repoRoot, 'src'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => join(e.parentPath, e.name))
  .filter((f) => !/\/src\/(rules|sandbox|bench)\//.test(f));

function codeSites(id: string): string[] {
  return harnessFiles.filter((f) => readFileSync(f, 'utf8').includes(`'${id}'`)).map((f) => relative(repoRoot, f));
}

const { suites, errors } = loadSuites(discoverSuites(join(repoRoot, 'suites')));

/** The rules a step checks (expect, sca, pages, repeat with statuses or transitions, and a repeat's own expect). */
function rulesOf(step: Step): string[] {
  return [...('rule' in step && step.rule !== undefined ? [step.rule] : []), ...(step.kind === 'repeat' && step.expect ? [step.expect.rule] : [])];
}

function suiteSites(id: string): string[] {
  return suites.flatMap((s) =>
    s.cases.flatMap((c) =>
      c.steps.filter((st) => rulesOf(st).includes(id)).map((st) => `${s.file}:${st.at.line}`),
    ),
  );
}

test('the suites load', () => assert.deepEqual(errors, []));

for (const id of ruleCatalog.keys()) {
  test(`${id} has one check site`, () => {
    const code = codeSites(id);
    const inSuites = suiteSites(id);
    assert.ok(code.length + inSuites.length > 0, `${id} is declared but nothing checks it`);
    assert.ok(code.length <= 1, `${id} is checked in several modules: ${code.join(', ')}`);
    assert.ok(!(code.length && inSuites.length), `${id} is checked both in ${code[0]} and in suites (${inSuites.join(', ')})`);
  });
}

test('within a case, each rule is checked by one step', () => {
  for (const s of suites) {
    for (const c of s.cases) {
      // An SCA journey always checks the return to the TPP: a case that authorises several payments checks it on each.
      const rules = c.steps.filter((st) => st.kind !== 'sca').flatMap((st) => rulesOf(st));
      const twice = rules.filter((r, i) => rules.indexOf(r) !== i);
      assert.deepEqual(twice, [], `${s.file}: ${c.id} checks ${twice.join(', ')} in more than one step`);
    }
  }
});

test('every requirement a case declares is in the catalog and checked by that case or the validator', () => {
  for (const s of suites) {
    for (const c of s.cases) {
      const checked = new Set(c.steps.flatMap((st) => rulesOf(st)));
      for (const id of c.requirements) {
        assert.ok(ruleCatalog.has(id), `${s.file}: ${c.id} declares unknown ${id}`);
        assert.ok(checked.has(id) || codeSites(id).length === 1, `${s.file}: ${c.id} declares ${id} but no step checks it`);
      }
    }
  }
});
