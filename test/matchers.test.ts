import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMatcher, matches } from '../src/steps/matchers.ts';

test('a bare value means deep equality', () => {
  assert.equal(matches('received', 'received'), true);
  assert.equal(matches('received', 'valid'), false);
  assert.equal(matches(201, '201'), false);
  assert.equal(describeMatcher('valid'), '"valid"');
});

test('operators: equals, matches, oneOf, present', () => {
  assert.equal(matches({ equals: { a: [1] } }, { a: [1] }), true);
  assert.equal(matches({ matches: '^https?://' }, 'http://x'), true);
  assert.equal(matches({ matches: '^https?://' }, 42), false);
  assert.equal(matches({ oneOf: ['REDIRECT', 'DECOUPLED'] }, 'EMBEDDED'), false);
  assert.equal(matches({ present: true }, undefined), false);
  assert.equal(matches({ present: false }, undefined), true);
  assert.equal(describeMatcher({ oneOf: ['A', 'B'] }), 'one of "A", "B"');
  assert.equal(describeMatcher({ present: false }), 'absent');
});

test('hasAny: an object with one of the named members (a link the bank may choose among others)', () => {
  const links = { startAuthorisation: { href: '/v1/consents/c/authorisations' }, self: { href: '/v1/consents/c' } };
  assert.equal(matches({ hasAny: ['scaRedirect', 'startAuthorisation'] }, links), true);
  assert.equal(matches({ hasAny: ['scaRedirect'] }, links), false);
  assert.equal(matches({ hasAny: ['scaRedirect'] }, { scaRedirect: null }), false);
  assert.equal(matches({ hasAny: ['scaRedirect'] }, undefined), false);
  assert.equal(matches({ hasAny: ['0'] }, ['x']), false);
  assert.equal(describeMatcher({ hasAny: ['scaRedirect', 'startAuthorisation'] }), 'an object with scaRedirect or startAuthorisation');
});
