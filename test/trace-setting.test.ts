import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceSetting } from '../src/profile/trace-setting.ts';

test("a run's browser traces: run --trace over the profile's sca.traces, off when neither says", () => {
  assert.equal(traceSetting(undefined, {}), false);
  assert.equal(traceSetting(true, {}), true);
  assert.equal(traceSetting('snapshots', {}), 'snapshots');
  assert.equal(traceSetting(undefined, { PSD2_TRACE: 'on' }), true);
  assert.equal(traceSetting(true, { PSD2_TRACE: 'off' }), false);
  assert.equal(traceSetting(false, { PSD2_TRACE: 'snapshots' }), 'snapshots');
  // A word the CLI refuses, not a name every object has.
  assert.equal(traceSetting(undefined, { PSD2_TRACE: 'constructor' }), false);
});
