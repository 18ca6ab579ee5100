import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { coloursAlong } from './helpers/pixel.ts';
import { createRedactor } from '../src/report/redact.ts';
import { redactingEvidence } from '../src/report/evidence.ts';
import { PLAYWRIGHT_TRACE } from '../src/report/trace-redact.ts';
import { readZip } from '../src/report/zip.ts';
import { createBrowserScaDriver } from '../src/sca/browser.ts';
import { asCss, SCREENSHOT_MASK_COLOR, type PagePicture } from '../src/sca/picture.ts';

/** What the PSU's browser leaves as evidence, on a bank of three tiny pages: screenshots and the session's trace. */

const PASSWORD = 'Sandbox-Pass-7319';
const OTP = '583021';
const CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const COOKIE = 'sess-4f9a1c2e7b';
const NONCE = 'r4nd0m';
const values: Record<string, string> = { user: 'PSU-1001', password: PASSWORD, otp: OTP };
/** Large fields stacked from the top-left corner (8 px page margin), so a pixel of each can be read back. */
const BIG_FIELDS = 'input{font:40px monospace;width:600px;height:80px;background:#fff;color:#000;border:0;display:block;margin:0 0 4px} label{display:block;font:0/0 a}';

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
        return res.end(`<style nonce="${NONCE}">${BIG_FIELDS}</style><input id="password" type="password" value="${PASSWORD}"><input id="otp" value="${OTP}"><input id="user" value="PSU-1001">`);
      }
      // The field named through its label, which holds it; the button leads on to the TPP.
      if (req.url === '/label') return res.end(`<style>${BIG_FIELDS}</style><form method="post" action="/done"><input id="password" type="password"><label>Code <input id="otp"></label><input id="user" value="PSU-1001"><button id="go">Confirm</button></form>`);
      // A bank's own style the cover cannot beat (inline !important): the OTP's text would show.
      if (req.url === '/stubborn') return res.end(`<style>${BIG_FIELDS}</style><input id="password" type="password"><input id="otp" style="-webkit-text-fill-color: #000 !important"><input id="user" value="PSU-1001">`);
      // An OTP page that submits itself once six digits are in.
      if (req.url === '/self-submitting') return res.end(`<style>${BIG_FIELDS}</style><form method="post" action="/otp"><input id="otp" name="otp"></form><script>
        document.querySelector('#otp').addEventListener('input', (e) => { if (e.target.value.length === 6) e.target.form.submit(); });</script>`);
      // A page that echoes the code in upper case, grouped: 'Code: 583-021'.
      if (req.url === '/echoing-grouped') return res.end(`<style>${BIG_FIELDS}</style><input id="otp"><p id="echo" style="text-transform: uppercase"></p><script>
        document.querySelector('#otp').addEventListener('input', (e) => { const v = e.target.value; document.querySelector('#echo').textContent = 'Code: ' + v.slice(0, 3) + '-' + v.slice(3); });</script>`);
      // A page counting the clicks its window sees, before any other listener: the harness must click once.
      if (req.url === '/counting') return res.end(`<script>window.clicks = 0; addEventListener('mousedown', () => window.clicks++, true);</script><input id="otp"><button id="go" onclick="document.title = 'clicks ' + window.clicks">Confirm</button>`);
      // A bank's own !important rules for a focused or filled field, which an empty field without focus does not show.
      if (req.url === '/focus-styled') return res.end(`<style>${BIG_FIELDS} #otp:focus, #otp:not(:placeholder-shown) { -webkit-text-fill-color: #000 !important; color: #000 !important; background: #fff !important; }</style><input id="password" type="password"><input id="otp" placeholder=" "><input id="user" value="PSU-1001">`);
      // A bank with cascade layers of its own (as Tailwind 4 writes them), one making a filled field readable.
      if (req.url === '/layered') return res.end(`<style>@layer base, utilities; @layer utilities { #otp:focus, #otp:not(:placeholder-shown) { -webkit-text-fill-color: #000 !important; color: #000 !important; background: #fff !important; } } ${BIG_FIELDS}</style><input id="password" type="password"><input id="otp" placeholder=" "><input id="user" value="PSU-1001">`);
      // An unrelated frame (an advert, a fraud check) that loads anew as the PSU types.
      if (req.url === '/busy-frame') return res.end(`<style>${BIG_FIELDS}</style><input id="otp"><iframe id="ad" src="about:blank"></iframe><script>
        document.querySelector('#otp').addEventListener('input', () => { document.querySelector('#ad').src = '/ad?' + Math.random(); });</script>`);
      if (req.url?.startsWith('/ad')) return res.end('<p>advert</p>');
      // The button under a veil that lifts after a moment, and disabled until then.
      if (req.url === '/veiled') return res.end(`<input id="otp"><button id="go" disabled onclick="document.title = 'clicked'">Confirm</button><div id="veil" style="position:fixed;inset:0"></div><script>
        setTimeout(() => { document.querySelector('#veil').remove(); document.querySelector('#go').disabled = false; }, 400);</script>`);
      // A widget that draws the code in boxes of its own, as the PSU types into a field behind them.
      if (req.url === '/echoing') return res.end(`<style>${BIG_FIELDS}</style><input id="password" type="password"><input id="otp"><input id="user" value="PSU-1001"><div id="boxes"></div><script>
        document.querySelector('#otp').addEventListener('input', (e) => { document.querySelector('#boxes').innerHTML = [...e.target.value].map((d) => '<span> ' + d + ' </span>').join(''); });</script>`);
      // A bank's script that swaps the field for a fresh one as the PSU types, after the cover was proven.
      if (req.url === '/swapping') return res.end(`<style>${BIG_FIELDS}</style><input id="password" type="password"><input id="otp"><input id="user" value="PSU-1001"><script>
        document.querySelector('#otp').addEventListener('input', (e) => { const fresh = document.createElement('input'); fresh.value = e.target.value; e.target.replaceWith(fresh); }, { once: true });</script>`);
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

test('Playwright selectors the page cannot match itself are told apart from plain CSS', () => {
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
  let picture: PagePicture;
  try {
    picture = await session.perform({ page: 'prefilled', waitFor: '#otp', fill: { [otpSelector]: 'otp' } }, (k) => values[k]!);
  } finally {
    await session.close();
  }
  assert.equal(picture.when, 'after input', 'the cover was proven, so the page is pictured as the PSU leaves it');
  const shot = picture.image;
  // The screenshot read back pixel by pixel: the middle of each field.
  // Fields stack from the top-left corner: password, OTP, user, each 80 px high plus 4 px (8 px page margin).
  const mask = SCREENSHOT_MASK_COLOR.toLowerCase();
  // Along the middle row of each field, where the 40 px text would cross it.
  assert.deepEqual(await coloursAlong(browser, shot, 8 + 40, 12, 600), [mask], 'the password input is not masked');
  assert.deepEqual(await coloursAlong(browser, shot, 8 + 84 + 40, 12, 600), [mask], 'the field the action fills (OTP) is not masked');
  assert.ok((await coloursAlong(browser, shot, 8 + 2 * 84 + 40, 12, 600)).length > 1, 'a field the action does not fill should stay readable');
});

/** Drives one page of the test bank and gives its picture. */
const pictureOf = async (path: string, action: Parameters<import('../src/sca/types.ts').ScaSession['perform']>[0]): Promise<PagePicture> => {
  const session = await createBrowserScaDriver(async () => browser, { pageTimeoutMs: 5_000 }).open(`${origin}${path}`, ['http://tpp.localhost/cb']);
  try {
    return await session.perform(action, (k) => values[k]!);
  } finally {
    await session.close();
  }
};

test('a field named through the label that holds it is filled, and pictured covered before the click leads on', async () => {
  const picture = await pictureOf('/label', { page: 'otp', waitFor: '#otp', fill: { 'label:has-text("Code")': 'otp' }, click: '#go' });
  assert.equal(picture.when, 'after input');
  const mask = SCREENSHOT_MASK_COLOR.toLowerCase();
  assert.deepEqual(await coloursAlong(browser, picture.image, 8 + 40, 12, 600), [mask], 'the password input is not masked');
  assert.deepEqual(await coloursAlong(browser, picture.image, 8 + 84 + 40, 12, 600), [mask], 'the OTP field, named by its label, is not masked');
  assert.ok((await coloursAlong(browser, picture.image, 8 + 2 * 84 + 40, 12, 600)).length > 1, 'a field the action does not fill should stay readable');
});

test("a bank's !important rules for a focused, filled field do not beat the cover: pictured after input, covered", async () => {
  const picture = await pictureOf('/focus-styled', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.when, 'after input');
  assert.deepEqual(await coloursAlong(browser, picture.image, 8 + 84 + 40, 12, 600), [SCREENSHOT_MASK_COLOR.toLowerCase()], 'the OTP field shows through the cover');
});

test("a bank's own cascade layers do not beat the cover: pictured after input, covered", async () => {
  const picture = await pictureOf('/layered', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.when, 'after input', picture.withheld);
  assert.deepEqual(await coloursAlong(browser, picture.image, 8 + 84 + 40, 12, 600), [SCREENSHOT_MASK_COLOR.toLowerCase()], 'the OTP field shows through the cover');
});

test('an unrelated frame loading anew as the PSU types is no page that moved on: the picture is kept', async () => {
  const picture = await pictureOf('/busy-frame', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.withheld, undefined);
  assert.ok(picture.image.length > 0);
});

test('a field whose own style beats the cover: the page is pictured before anything is typed', async () => {
  const picture = await pictureOf('/stubborn', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.when, 'before input');
  // The OTP field is still empty in the picture: its middle row is its background alone.
  assert.equal((await coloursAlong(browser, picture.image, 8 + 84 + 40, 12, 600)).length, 1, 'the picture shows text in the OTP field');
});

test('a field swapped for an uncovered one while typed into: the picture is withheld, saying why', async () => {
  const picture = await pictureOf('/swapping', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.image.length, 0, 'the picture would show the OTP');
  assert.match(picture.withheld ?? '', /showed its text uncovered \(the page replaced or restyled it\)/);
});

test('a typed code the page repeats in its own text: the picture is withheld', async () => {
  const picture = await pictureOf('/echoing', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.image.length, 0, 'the picture would show the OTP in the boxes');
  assert.match(picture.withheld ?? '', /repeated a value the script typed/);
});

test('an OTP page that submits itself as the last digit is typed: no picture of the next page under its name', async () => {
  const picture = await pictureOf('/self-submitting', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.image.length, 0);
  assert.match(picture.withheld ?? '', /moved on while the script typed/);
});

test('a typed code the page repeats in upper case and grouped: the picture is withheld', async () => {
  const picture = await pictureOf('/echoing-grouped', { page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' } });
  assert.equal(picture.image.length, 0, 'the picture would show the OTP');
  assert.match(picture.withheld ?? '', /repeated a value the script typed/);
});

test("the bank's page sees one click on its button, the picture taken before it", async () => {
  const session = await createBrowserScaDriver(async () => browser, { pageTimeoutMs: 5_000 }).open(`${origin}/counting`, ['http://tpp.localhost/cb']);
  try {
    const picture = await session.perform({ page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' }, click: '#go' }, (k) => values[k]!);
    assert.equal(picture.when, 'after input');
    assert.ok(picture.image.length > 0);
    assert.match(await session.describe(), /"clicks 1"/);
  } finally {
    await session.close();
  }
});

test('a button not yet clickable (covered, disabled) is clicked once it is, as Playwright would', async () => {
  const session = await createBrowserScaDriver(async () => browser, { pageTimeoutMs: 5_000 }).open(`${origin}/veiled`, ['http://tpp.localhost/cb']);
  try {
    const picture = await session.perform({ page: 'otp', waitFor: '#otp', fill: { '#otp': 'otp' }, click: '#go' }, (k) => values[k]!);
    assert.ok(picture.image.length > 0);
    assert.match(await session.describe(), /"clicked"/);
  } finally {
    await session.close();
  }
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

test('sca.traces: false (the default) records no trace; true records the actions without DOM snapshots', async () => {
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
