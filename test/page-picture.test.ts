import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachPicture } from '../src/steps/page-picture.ts';

test("a page's picture is attached named for when it was taken; a withheld one leaves a note saying why", async () => {
  const seen: { name: string; contentType: string; body: string | Buffer }[] = [];
  const evidence = { attach: async (name: string, o: { body: string | Buffer; contentType: string }) => void seen.push({ name, ...o }) };
  await attachPicture(evidence, 'login', { image: Buffer.from('png'), when: 'after input' });
  await attachPicture(evidence, 'otp', { image: Buffer.alloc(0), when: 'after input', withheld: 'a field showed its text' });
  await attachPicture(evidence, 'consent', { image: Buffer.alloc(0), when: 'as shown' });
  assert.deepEqual(seen.map((a) => [a.name, a.contentType]), [['login (after input)', 'image/png'], ['otp: no picture', 'text/plain']]);
  assert.equal(seen[1]!.body, 'a field showed its text');
});
