import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor } from '../src/report/redact.ts';
import { redactingEvidence } from '../src/report/evidence.ts';
import { PLAYWRIGHT_TRACE, redactTrace } from '../src/report/trace-redact.ts';
import { readZip, zipBuffer } from '../src/report/zip.ts';

const PASSWORD = 'Sandbox-Pass-7319';
const OTP = '583021';
const CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const COOKIE = 'sess-4f9a1c2e7b';

const lines = (...events: unknown[]) => Buffer.from(events.map((e) => JSON.stringify(e)).join('\n'));

/** What a Playwright trace holds after a PSU typed a password and an OTP, then came back with a code. */
function syntheticTrace(): Promise<Buffer> {
  return zipBuffer([
    {
      path: 'trace.trace',
      data: lines(
        { type: 'before', callId: 'c@1', method: 'fill', params: { selector: '#password', value: PASSWORD } },
        { type: 'log', callId: 'c@1', message: `  fill("${OTP}")` },
        {
          type: 'frame-snapshot',
          snapshot: {
            frameUrl: `https://tpp.example/cb?code=${CODE}&state=s1`,
            html: ['HTML', {}, ['BODY', {}, ['INPUT', { __playwright_value_: 'typed-but-not-in-the-profile', id: 'pin', type: 'password' }], ['INPUT', { __playwright_value_: 'PSU-1001', id: 'user' }]]],
          },
        },
      ),
    },
    {
      path: 'trace.network',
      data: lines({
        type: 'resource-snapshot',
        snapshot: {
          request: {
            url: `https://tpp.example/cb?code=${CODE}&state=s1`,
            headers: [{ name: 'Cookie', value: `SESSION=${COOKIE}` }, { name: 'Accept', value: 'text/html' }],
            cookies: [{ name: 'SESSION', value: COOKIE }],
            queryString: [{ name: 'code', value: CODE }, { name: 'state', value: 's1' }],
            postData: { params: [{ name: 'username', value: 'PSU-1001' }, { name: 'otp', value: OTP }] },
          },
          response: { status: 200, headers: [{ name: 'Set-Cookie', value: `SESSION=${COOKIE}; HttpOnly` }] },
        },
      }),
    },
    { path: 'resources/1.dat', data: Buffer.from(`username=PSU-1001&password=${encodeURIComponent(PASSWORD)}`) },
    { path: 'resources/logo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x10]) },
  ]);
}

async function entriesOf(zip: Buffer): Promise<Map<string, string>> {
  const { entries } = await readZip(zip);
  return new Map([...entries].map(([path, data]) => [path, data.toString('latin1')]));
}

test('a trace loses every secret: fill values, DOM snapshot values of password inputs, URLs, HAR parameters, headers and cookies, form posts', async () => {
  const result = await redactTrace(await syntheticTrace(), createRedactor([PASSWORD, OTP]));
  assert.ok('zip' in result, JSON.stringify(result));
  const entries = await entriesOf(result.zip);
  assert.deepEqual([...entries.keys()].sort(), ['resources/1.dat', 'resources/logo.png', 'trace.network', 'trace.trace']);
  for (const [path, text] of entries) {
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), OTP, CODE, COOKIE, 'typed-but-not-in-the-profile']) {
      assert.ok(!text.includes(secret), `${path} still holds ${secret}`);
    }
  }
  // Still a trace the viewer reads: one JSON event a line, what is not secret kept.
  for (const line of entries.get('trace.trace')!.split('\n')) JSON.parse(line);
  const network = JSON.parse(entries.get('trace.network')!) as { snapshot: { request: { queryString: { name: string; value: string }[]; postData: { params: { value: string }[] } } } };
  assert.deepEqual(network.snapshot.request.queryString, [{ name: 'code', value: '[REDACTED]' }, { name: 'state', value: 's1' }]);
  assert.equal(network.snapshot.request.postData.params[0]!.value, 'PSU-1001');
  assert.match(entries.get('trace.trace')!, /"__playwright_value_":"PSU-1001"/);
  assert.equal(entries.get('resources/1.dat'), 'username=PSU-1001&password=[REDACTED]');
  assert.deepEqual(Buffer.from(entries.get('resources/logo.png')!, 'latin1'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x10]), 'a binary entry without a secret is kept byte for byte');
});

test('a binary entry that holds a secret withholds the whole trace; the evidence gets a note instead', async () => {
  const zip = await zipBuffer([
    { path: 'trace.trace', data: Buffer.from('{"type":"before"}') },
    { path: 'resources/frame.jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(OTP), Buffer.from([0xff, 0xd9])]) },
  ]);
  const redact = createRedactor([PASSWORD, OTP]);
  const result = await redactTrace(zip, redact);
  assert.ok('withheld' in result);
  assert.match(result.withheld, /resources\/frame\.jpeg is binary and holds a secret/);

  const seen: { name: string; body: string | Buffer; contentType: string }[] = [];
  const evidence = redactingEvidence({ attach: async (name, { body, contentType }) => void seen.push({ name, body, contentType }) }, redact);
  await evidence.attach('browser trace', { body: zip, contentType: PLAYWRIGHT_TRACE });
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.name, 'browser trace (withheld)');
  assert.equal(seen[0]!.contentType, 'text/plain');
  assert.match(String(seen[0]!.body), /not attached: trace entry resources\/frame\.jpeg is binary/);

  assert.ok('withheld' in (await redactTrace(Buffer.from('not a zip'), redact)), 'what cannot be read cannot be checked');
});

test("a trace keeps its calls but not what the page answered them: a code the page shows in a form of its own ('583-021') is not kept", async () => {
  const zip = await zipBuffer([
    {
      path: 'trace.trace',
      data: lines(
        { type: 'before', callId: 'c@7', method: 'evaluateExpression', params: { expression: '(() => pageText())()' } },
        { type: 'after', callId: 'c@7', result: { value: { s: 'Code: 583-021 for DE89 3704 0044 0532 0130 00' } } },
        { type: 'after', callId: 'c@8' },
      ),
    },
  ]);
  const redacted = await redactTrace(zip, createRedactor([OTP]));
  assert.ok('zip' in redacted);
  const trace = (await entriesOf(redacted.zip)).get('trace.trace')!;
  assert.match(trace, /"method":"evaluateExpression"/, 'the call itself stays');
  assert.doesNotMatch(trace, /583-021|DE89/);
  assert.match(trace, /"callId":"c@8"\}/, 'an answer-less event is left as it was');
});
