import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { createRedactor } from '../src/report/redact.ts';
import { redactingEvidence } from '../src/report/evidence.ts';
import { PLAYWRIGHT_TRACE, redactTrace } from '../src/report/trace-redact.ts';
import { readZip, zipBuffer } from '../src/report/zip.ts';
import { createBrowserScaDriver } from '../src/sca/browser.ts';

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

test('a real browser session: its trace reaches the evidence with the password, OTP and code masked, and sca.traces off records none', async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'text/html');
      if (req.url === '/login') return res.end('<form method="post" action="/otp"><input id="user" name="username"><input id="password" name="password" type="password"><button id="go">Log in</button></form>');
      if (req.url === '/otp') {
        res.setHeader('set-cookie', `SESSION=${COOKIE}; HttpOnly`);
        return res.end('<form method="post" action="/done"><input id="otp" name="otp"><button id="go">Confirm</button></form>');
      }
      res.statusCode = 302;
      res.setHeader('location', `http://tpp.localhost/cb?code=${CODE}&state=s1`);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const link = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const values: Record<string, string> = { user: 'PSU-1001', password: PASSWORD, otp: OTP };
    const journey = async (trace: boolean) => {
      const session = await createBrowserScaDriver(async () => browser, { trace }).open(link, ['http://tpp.localhost/cb']);
      await session.perform({ page: 'login', waitFor: '#password', fill: { '#user': 'user', '#password': 'password' }, click: '#go' }, (k) => values[k]!);
      await session.perform({ page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' }, click: '#go' }, (k) => values[k]!);
      assert.match((await session.returnedTo()) ?? '', /code=/);
      const recorded = await session.trace();
      await session.close();
      return recorded;
    };

    assert.equal(await journey(false), undefined);
    const recorded = await journey(true);
    assert.ok(recorded && 'zip' in recorded, JSON.stringify(recorded));
    const raw = await readZip(recorded.zip);
    assert.ok([...raw.entries.values()].some((d) => d.includes(PASSWORD)), 'the unmasked trace should hold the password: else this test proves nothing');
    assert.ok(![...raw.entries.keys()].some((p) => p.startsWith('screencast/')), 'no screencast frames: an image cannot be masked');

    const redact = createRedactor([PASSWORD, OTP]);
    redact.add(CODE);
    const attached: Buffer[] = [];
    await redactingEvidence({ attach: async (_name, { body }) => void attached.push(body as Buffer) }, redact).attach('browser trace', { body: recorded.zip, contentType: PLAYWRIGHT_TRACE });
    const entries = await entriesOf(attached[0]!);
    assert.match(entries.get('trace.trace')!, /"method":"fill","params":\{"selector":"#password","strict":true,"value":"\[REDACTED\]"/);
    for (const [path, text] of entries) {
      for (const secret of [PASSWORD, OTP, CODE, COOKIE]) assert.ok(!text.includes(secret), `${path} still holds ${secret}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
});
