import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faults } from '../src/sandbox/faults/catalog.ts';
import { ruleCatalog } from '../src/rules/catalog.ts';
import { cli, tempDir } from './helpers/cli.ts';
import { PROOF_CASES } from './helpers/fault-proof-cases.ts';
import { casesOfRule } from './helpers/fault-selftest.ts';

/**
 * The fault catalog and the embedded run with a fault. Each fault's own proof (the run fails naming
 * its rule) is test/faults-1.test.ts and faults-2.test.ts, a share of the faults each, so they overlap.
 */

test('every fault names a rule of the catalog', () => {
  for (const f of faults) assert.ok(ruleCatalog.has(f.ruleId), `${f.name} names unknown rule ${f.ruleId}`);
});

test('every rule of the catalog has a fault that breaks it, so every check is shown to fail', () => {
  const broken = new Set<string>(faults.map((f) => f.ruleId));
  assert.deepEqual([...ruleCatalog.keys()].filter((id) => !broken.has(id)), []);
});

test("a fault's proof cases are cases of its rule, so narrowing the self-test never proves it elsewhere", () => {
  for (const [name, ids] of Object.entries(PROOF_CASES)) {
    const fault = faults.find((f) => f.name === name);
    assert.ok(fault, `PROOF_CASES names unknown fault ${name}`);
    const ruleCases = casesOfRule(fault.ruleId);
    for (const id of ids) assert.ok(ruleCases.includes(id), `${name}: case ${id} is not one of the cases of ${fault.ruleId} (${ruleCases.join(', ')})`);
  }
});

test('sandbox --list-faults prints each fault with its requirement id and description, aligned', async () => {
  const { code, output } = await cli(['sandbox', '--list-faults']);
  assert.equal(code, 0);
  const [header, ...rows] = output.trimEnd().split('\n');
  assert.match(header!, /^FAULT +REQUIREMENT +WHAT THE BANK DOES WRONG$/);
  assert.equal(rows.length, faults.length);
  const requirementColumn = header!.indexOf('REQUIREMENT');
  const descriptionColumn = header!.indexOf('WHAT');
  faults.forEach((f, i) => {
    const row = rows[i]!;
    assert.equal(row.slice(0, requirementColumn).trim(), f.name);
    assert.equal(row.slice(requirementColumn, descriptionColumn).trim(), f.ruleId);
    assert.equal(row.slice(descriptionColumn), f.description);
  });
});

test('run --fault starts the embedded reference ASPSP with that fault', async () => {
  const dir = tempDir('psd2-run-fault-');
  const fault = faults[0]!;
  const { code, output } = await cli(['run', '--fault', fault.name, '--grep', '@smoke(?![a-z0-9-])', '--no-report'], { PSD2_REPORTS: dir });
  assert.notEqual(code, 0, output);
  assert.match(output, new RegExp(`\\[${fault.ruleId}\\]`));
});
