import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiPath, linkUrl } from '../src/http/links.ts';

test('a full link is followed as it is', () => {
  assert.equal(linkUrl('https://sca.bank.example/login?t=1', 'https://api.bank.example/psd2'), 'https://sca.bank.example/login?t=1');
  assert.equal(linkUrl('//sca.bank.example/login', 'https://api.bank.example/psd2'), 'https://sca.bank.example/login');
});

test('a relative API link is resolved against the API root, whether or not it repeats the root path', () => {
  const base = 'https://api.bank.example/psd2';
  assert.equal(linkUrl('/v1/consents/c1/status', base), 'https://api.bank.example/psd2/v1/consents/c1/status');
  assert.equal(linkUrl('/psd2/v1/consents/c1/status', base), 'https://api.bank.example/psd2/v1/consents/c1/status');
  assert.equal(linkUrl('/v1/accounts?page=2', `${base}/`), 'https://api.bank.example/psd2/v1/accounts?page=2');
  assert.equal(linkUrl('v1/consents/c1', base), 'https://api.bank.example/psd2/v1/consents/c1');
  assert.equal(linkUrl('/v1/consents/c1', 'http://127.0.0.1:47310'), 'http://127.0.0.1:47310/v1/consents/c1');
});

test('a relative link to a page that is not an API path (an SCA page) is taken from the host', () => {
  assert.equal(linkUrl('/sca/login?session=s1', 'https://api.bank.example/psd2'), 'https://api.bank.example/sca/login?session=s1');
  assert.equal(linkUrl('/psd2x/login', 'https://api.bank.example/psd2'), 'https://api.bank.example/psd2x/login', 'a longer path that merely starts like the root is not under it');
});

test('a URL under the API root gives the path the spec writes, by which its operation is found', () => {
  assert.equal(apiPath('https://api.bank.example/psd2/v1/consents/c1/authorisations/a1', 'https://api.bank.example/psd2'), '/v1/consents/c1/authorisations/a1');
  assert.equal(apiPath('https://api.bank.example/psd2/v1/consents', 'https://api.bank.example/psd2/'), '/v1/consents');
  assert.equal(apiPath('http://127.0.0.1:47310/v1/consents', 'http://127.0.0.1:47310'), '/v1/consents');
  assert.equal(apiPath('https://api.bank.example/psd2x/v1/consents', 'https://api.bank.example/psd2'), '/psd2x/v1/consents');
});
