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

test('hasLink: a _links object with one of the named links, each with an address to follow', () => {
  const links = { self: { href: '/v1/consents/c1' }, startAuthorisation: { href: '/v1/consents/c1/authorisations' } };
  assert.equal(matches({ hasLink: ['scaRedirect', 'startAuthorisation'] }, links), true);
  assert.equal(matches({ hasLink: ['scaRedirect'] }, links), false);
  assert.equal(matches({ hasLink: ['scaRedirect'] }, { scaRedirect: null }), false);
  // The spec does not require href: a link without one (or an empty one) is no link to follow.
  assert.equal(matches({ hasLink: ['scaRedirect'] }, { scaRedirect: {} }), false);
  assert.equal(matches({ hasLink: ['scaRedirect'] }, { scaRedirect: { href: ' ' } }), false);
  assert.equal(matches({ hasLink: ['scaRedirect'] }, { scaRedirect: 'https://bank.example/sca' }), false);
  assert.equal(matches({ hasLink: ['scaRedirect'] }, undefined), false);
  assert.equal(matches({ hasLink: ['0'] }, [{ href: 'x' }]), false);
  assert.equal(describeMatcher({ hasLink: ['scaRedirect', 'startAuthorisation'] }), 'links with an href for scaRedirect or startAuthorisation');
});
