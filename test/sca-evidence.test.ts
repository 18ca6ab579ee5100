import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { colourAt } from './helpers/pixel.ts';
import { createRedactor } from '../src/report/redact.ts';
import { redactingEvidence } from '../src/report/evidence.ts';
import { PLAYWRIGHT_TRACE } from '../src/report/trace-redact.ts';
import { readZip } from '../src/report/zip.ts';
import { asCss, createBrowserScaDriver, SCREENSHOT_MASK_COLOR } from '../src/sca/browser.ts';

/** What the PSU's browser leaves as evidence, on a bank of three tiny pages: screenshots and the session's trace. */

const PASSWORD = 'Sandbox-Pass-7319';
const OTP = '583021';
const CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const COOKIE = 'sess-4f9a1c2e7b';
const NONCE = 'r4nd0m';
const values: Record<string, string> = { user: 'PSU-1001', password: PASSWORD, otp: OTP };

let browser: Browser;
let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'text/html');
      if (req.url === '/login') return res.end('<form method="post" action="/otp"><input id="user" name="username"><input id="password" name="password" type="password"><button id="go">Log in</button></form>');
      if (req.url === '/otp') {
        res.setHeader('set-cookie', `SESSION=${COOKIE}; HttpOnly`);
        return res.end('<form method="post" action="/done"><input id="otp" name="otp"><button id="go">Confirm</button></form>');
      }
      // A careless bank: the fields come pre-filled, in large type so a pixel can be read.
      if (req.url === '/prefilled' || req.url === '/prefilled-csp') {
        // Many banks forbid inline styles (their own carry a nonce): a cover stylesheet must still apply.
        if (req.url === '/prefilled-csp') res.setHeader('content-security-policy', `default-src 'self'; style-src 'nonce-${NONCE}'`);
        return res.end(`<style nonce="${NONCE}">input{font:40px monospace;width:600px;height:80px;background:#fff;color:#000;border:0}</style><input id="password" type="password" value="${PASSWORD}"><br><input id="otp" value="${OTP}"><br><input id="user" value="PSU-1001">`);
      }
      res.statusCode = 302;
      res.setHeader('location', `http://tpp.localhost/cb?code=${CODE}&state=s1`);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('Playwright selectors a stylesheet cannot take are told apart from plain CSS', () => {
  assert.equal(asCss('#otp'), '#otp');
  assert.equal(asCss('css=input[name="otp"]'), 'input[name="otp"]');
  assert.equal(asCss('form input:nth-of-type(2)'), 'form input:nth-of-type(2)');
  for (const selector of ['text=One-time code', 'input >> nth=1', '//input[2]', 'input:has-text("x")', 'role=textbox', 'internal:label="Code"', 'input:visible', 'x { }']) {
    assert.equal(asCss(selector), undefined, selector);
  }
});

const screenshotCases = [
  ['a CSS selector', '#otp', '/prefilled'],
  ['a selector only Playwright reads', 'input >> nth=1', '/prefilled'],
  ['a CSS selector, on a page whose Content-Security-Policy forbids inline styles', '#otp', '/prefilled-csp'],
] as const;

for (const [how, otpSelector, path] of screenshotCases) test(`a page screenshot covers the fields the action fills (named by ${how}) and every password input; other fields stay readable`, async () => {
  const session = await createBrowserScaDriver(async () => browser).open(`${origin}${path}`, ['http://tpp.localhost/cb']);
  let shot: Buffer;
  try {
    shot = await session.perform({ page: 'prefilled', waitFor: '#otp', fill: { [otpSelector]: 'otp' } }, (k) => values[k]!);
  } finally {
    await session.close();
  }
  // The screenshot read back pixel by pixel: the middle of each field.
  const colourAtShot = (x: number, y: number) => colourAt(browser, shot, x, y);
  // Fields stack from the top-left corner: password, OTP, user, each 80 px high (8 px page margin).
  const mask = SCREENSHOT_MASK_COLOR.toLowerCase();
  assert.equal(await colourAtShot(30, 8 + 40), mask, 'the password input is not masked');
  assert.equal(await colourAtShot(30, 8 + 80 + 4 + 40), mask, 'the field the action fills (OTP) is not masked');
  assert.notEqual(await colourAtShot(30, 8 + 2 * (80 + 4) + 40), mask, 'a field the action does not fill should stay readable');
});

const journey = async (trace: boolean | 'snapshots') => {
    const session = await createBrowserScaDriver(async () => browser, { trace }).open(`${origin}/login`, ['http://tpp.localhost/cb']);
    await session.perform({ page: 'login', waitFor: '#password', fill: { '#user': 'user', '#password': 'password' }, click: '#go' }, (k) => values[k]!);
    await session.perform({ page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' }, click: '#go' }, (k) => values[k]!);
    assert.match((await session.returnedTo()) ?? '', /code=/);
    const recorded = await session.trace();
    await session.close();
    return recorded;
};

/** Whether a trace holds DOM snapshots: Playwright logs each as a frame-snapshot event. */
const hasSnapshots = (trace: string) => trace.includes('"type":"frame-snapshot"');

test('sca.traces: false records no trace; the default records the actions without DOM snapshots', async () => {
  assert.equal(await journey(false), undefined);
  const recorded = await journey(true);
  assert.ok(recorded && 'zip' in recorded, JSON.stringify(recorded));
  const { entries } = await readZip(recorded.zip);
  const trace = entries.get('trace.trace')!.toString('utf8');
  assert.match(trace, /"method":"fill"/);
  assert.match(trace, /"method":"click"/);
  assert.ok(!hasSnapshots(trace), 'no DOM snapshots unless asked');
});

test('a browser session with DOM snapshots: its trace reaches the evidence with the password, OTP, code and cookie masked', async () => {
  const recorded = await journey('snapshots');
  assert.ok(recorded && 'zip' in recorded, JSON.stringify(recorded));
  const raw = await readZip(recorded.zip);
  assert.ok([...raw.entries.values()].some((d) => d.includes(PASSWORD)), 'the unmasked trace should hold the password: else this test proves nothing');
  assert.ok(![...raw.entries.keys()].some((p) => p.startsWith('screencast/')), 'no screencast frames: an image cannot be masked');

  const redact = createRedactor([PASSWORD, OTP]);
  redact.add(CODE);
  const attached: Buffer[] = [];
  await redactingEvidence({ attach: async (_name, { body }) => void attached.push(body as Buffer) }, redact).attach('browser trace', { body: recorded.zip, contentType: PLAYWRIGHT_TRACE });
  const { entries } = await readZip(attached[0]!);
  const trace = entries.get('trace.trace')!.toString('utf8');
  assert.ok(hasSnapshots(trace), 'DOM snapshots were asked for');
  assert.ok(entries.get('trace.network')?.toString('utf8').includes('/otp'), 'with snapshots comes the network log of the bank pages');
  assert.match(trace, /"method":"fill","params":\{"selector":"#password","strict":true,"value":"\[REDACTED\]"/);
  assert.match(trace, /"method":"fill","params":\{"selector":"#user","strict":true,"value":"PSU-1001"/, 'what is not secret stays readable');
  for (const [path, data] of entries) {
    for (const secret of [PASSWORD, OTP, CODE, COOKIE]) assert.ok(!data.toString('latin1').includes(secret), `${path} still holds ${secret}`);
  }
});
