import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReturnTo, withoutQuery } from '../src/sca/return-uri.ts';

test('a return matches origin and path, keeps the TPP\'s own query, may add the ASPSP\'s', () => {
  assert.equal(isReturnTo('https://tpp.example/cb?code=x&state=y', 'https://tpp.example/cb'), true);
  assert.equal(isReturnTo('https://tpp.example/cb?flow=ok&code=x', 'https://tpp.example/cb?flow=ok'), true);
  assert.equal(isReturnTo('https://tpp.example/cb?flow=nok', 'https://tpp.example/cb?flow=ok'), false);
  assert.equal(isReturnTo('https://tpp.example/cb/nok', 'https://tpp.example/cb'), false);
  assert.equal(isReturnTo('https://tpp.example/cb-evil', 'https://tpp.example/cb'), false);
  assert.equal(isReturnTo('https://evil.example/cb', 'https://tpp.example/cb'), false);
  assert.equal(isReturnTo('not a url', 'https://tpp.example/cb'), false);
  // The bank appends to a redirect URI with its own query; a fragment does not change where the browser is.
  assert.equal(isReturnTo('https://tpp.example/cb?session=1&code=x', 'https://tpp.example/cb?session=1'), true);
  assert.equal(isReturnTo('https://tpp.example/cb#code=x&state=y', 'https://tpp.example/cb'), true);
  assert.equal(isReturnTo('https://tpp.example/cb#session=1', 'https://tpp.example/cb?session=1'), false);
});

test('messages show where, not the query', () => {
  assert.equal(withoutQuery('https://tpp.example/cb?code=secret'), 'https://tpp.example/cb?…');
  assert.equal(withoutQuery('https://tpp.example/cb'), 'https://tpp.example/cb');
});
