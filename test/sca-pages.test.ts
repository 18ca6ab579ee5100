import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { coloursAlong } from './helpers/pixel.ts';
import { createBrowserScaDriver } from '../src/sca/browser.ts';
import { SCREENSHOT_MASK_COLOR } from '../src/sca/picture.ts';
import { ScaPageError, type ScaSession } from '../src/sca/types.ts';

/** The PSU's browser on bank pages shaped as real banks shape them, not as the reference ASPSP does. */

const TPP = 'http://tpp.localhost/cb';
/** A TPP redirect URI with its own query, to which the bank appends its parameters. */
const TPP_WITH_QUERY = 'http://tpp.localhost/cb?session=1';
let browser: Browser;
let server: Server;
let origin: string;
const upgraded = new Set<Socket>();
/** Requests that reached the TPP's own server. */
const tppHits: string[] = [];

const LOGIN_FORM = `<form method="post" action="/approved"><input id="user"><button id="go">Log in</button></form>`;
/** Large fields stacked from the top-left corner, so a pixel of each can be read back. */
const BIG_FIELDS = `input{font:40px monospace;width:600px;height:80px;background:#fff;color:#000;border:0;display:block;margin:0 0 4px}`;

/** Bank pages by path: each a shape a real bank's SCA pages take. */
const PAGES: Record<string, string> = {
  // Returns to the TPP other than by a 302 on a form post.
  '/login-303': `<form method="post" action="/approved-303"><input id="user"><button id="go">Log in</button></form>`,
  '/login-self-post': `<form method="post" action="/self-post"><input id="user"><button id="go">Log in</button></form>`,
  '/self-post': `<p>Returning you to your provider…</p><form method="post" action="${TPP}"><input type="hidden" name="code" value="c1"><input type="hidden" name="state" value="s1"></form><script>document.forms[0].submit()</script>`,
  '/login-replace': `<form method="post" action="/replace-later"><input id="user"><button id="go">Log in</button></form>`,
  '/replace-later': `<p>Approved. Returning you to your provider…</p><script>setTimeout(() => location.replace('${TPP}?code=c1&state=s1'), 300)</script>`,
  '/login-meta-refresh': `<form method="post" action="/meta-refresh"><input id="user"><button id="go">Log in</button></form>`,
  '/meta-refresh': `<meta http-equiv="refresh" content="0.2; url=${TPP}?code=c1&state=s1"><p>Approved. Returning you to your provider…</p>`,
  '/login-tpp-query': `<form method="post" action="/approved-tpp-query"><input id="user"><button id="go">Log in</button></form>`,
  '/login-replace-fragment': `<form method="post" action="/replace-fragment"><input id="user"><button id="go">Log in</button></form>`,
  '/replace-fragment': `<script>location.replace('${TPP}#code=c1&state=s1')</script>`,
  '/login-fragment': `<form method="post" action="/approved-fragment"><input id="user"><button id="go">Log in</button></form>`,
  // The bank's login opens in a window of its own.
  '/popup-opener': `<p>Log in in the window that opens.</p><button id="open" onclick="window.open('/popup-login', 'bank', 'width=500,height=600')">Log in with your bank</button>`,
  '/tab-opener': `<p>Log in in the new tab.</p><a id="open" href="/popup-login" target="_blank">Log in with your bank</a>`,
  '/popup-login': LOGIN_FORM,
  // A popup that hands the return back to its opener and closes itself.
  '/popup-closing-opener': `<p>Log in in the window that opens.</p><button id="open" onclick="window.open('/popup-closing', 'bank', 'width=500,height=600')">Log in with your bank</button>`,
  '/popup-closing': `<form method="post" action="/popup-done"><input id="user"><button id="go">Log in</button></form>`,
  '/popup-done': `<script>window.opener.location.href = '${TPP}?state=s1'; window.close()</script>`,
  // A window the bank opens on its own (a notice), while the login goes on in the first page.
  '/notice-popup': `<script>window.open('/notice', 'notice', 'width=300,height=200')</script>${LOGIN_FORM}`,
  '/notice': `<p>Beware of phishing: we never ask for your PIN by e-mail.</p>`,
  '/broken-popup-opener': `<button id="open" onclick="window.open('/help-gone', 'bank', 'width=500,height=600')">Log in with your bank</button>`,
  '/help': `<p>Help</p><script>setTimeout(() => (location.href = '/help-gone'), 100)</script>`,
  // A help window whose page is gone (the server answers 404), while the login goes on in the first page.
  // The form shows a moment later, so the help window's 404 is in before the PSU acts.
  '/broken-help-popup': `<script>window.open('/help', 'help', 'width=300,height=200'); setTimeout(() => document.body.insertAdjacentHTML('beforeend', ${JSON.stringify(LOGIN_FORM)}), 800)</script>`,
  // Web components: the form inside an open shadow root, with a careless bank's pre-filled values.
  '/shadow': `<bank-login></bank-login><script>
    customElements.define('bank-login', class extends HTMLElement {
      connectedCallback() {
        const root = this.attachShadow({ mode: 'open' });
        root.innerHTML = '<style>${BIG_FIELDS}</style><input id="password" type="password" value="Sandbox-Pass-7319"><input id="otp" value="583021"><input id="user" value="PSU-1001"><button id="go">Confirm</button>';
        root.querySelector('#go').onclick = () => { if (root.querySelector('#otp').value === '111222') location.href = '/approved'; };
      }
    });</script>`,
  // 200 with an error text where the form should be.
  '/expired': `<title>MyBank</title><h1>Your session has expired</h1><p>Please start again from your provider's app.</p>`,
  // Dialogs on load and on submit.
  '/dialogs': `<script>alert('Welcome to MyBank online banking'); prompt('Name this device', 'My phone'); onbeforeunload = (e) => { e.preventDefault(); e.returnValue = ''; }</script><form method="post" action="/approved" onsubmit="return confirm('Send the approval for ' + document.querySelector('#otp').value + '?')"><input id="otp"><button id="go">Approve</button></form>`,
  // A busy main thread, on load and on submit.
  '/busy': `${LOGIN_FORM}<script>
    const busy = (ms) => { const t = Date.now(); while (Date.now() - t < ms); };
    busy(600);
    document.forms[0].onsubmit = () => busy(400);</script>`,
  // Connections that never end: a long poll and a websocket.
  '/long-poll': `${LOGIN_FORM}<script>fetch('/poll'); const ws = new WebSocket('ws://' + location.host + '/ws'); ws.onopen = () => ws.send('hello');</script>`,
};

/** Where a bank sends the browser after the form: path -> Location (a 303 or 302 answer). */
const REDIRECTS: Record<string, [number, string]> = {
  '/approved': [302, `${TPP}?state=s1`],
  '/approved-303': [303, `${TPP}?code=c1&state=s1`],
  '/approved-tpp-query': [302, `${TPP_WITH_QUERY}&code=c1&state=s1`],
  '/approved-fragment': [302, `${TPP}#code=c1&state=s1`],
};

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    // A tracking pixel whose server never answers: the page's load event never fires.
    // A long poll whose answer never comes.
    if (req.url === '/pixel.gif' || req.url === '/font.woff2' || req.url === '/poll') return;
    req.on('end', () => {
      res.setHeader('content-type', 'text/html');
      if (req.url === '/login-with-hanging-pixel') {
        return res.end(`<img src="/pixel.gif"><form method="post" action="/approved"><input id="user"><button id="go">Log in</button></form>`);
      }
      if (req.url === '/login-with-hanging-font') {
        return res.end(`<style>@font-face { font-family: Bank; src: url(/font.woff2); } body { font-family: Bank, sans-serif; }</style><form method="post" action="/approved"><input id="user"><button id="go">Log in</button></form>`);
      }
      // The TPP's real server, on the bank's origin here: the harness must never let the browser reach it.
      if (req.url?.startsWith('/tpp/cb')) {
        tppHits.push(req.url);
        return res.end('the TPP server, which would redeem the code');
      }
      if (req.url === '/login-own-tpp' || req.url === '/login-own-tpp-replace') {
        return res.end(`<form method="post" action="${req.url === '/login-own-tpp' ? '/approved-own-tpp' : '/replace-own-tpp'}"><input id="user"><button id="go">Log in</button></form>`);
      }
      if (req.url === '/approved-own-tpp') {
        res.statusCode = 302;
        res.setHeader('location', `${origin}/tpp/cb?code=c1&state=s1`);
        return res.end();
      }
      if (req.url === '/replace-own-tpp') return res.end(`<script>location.replace(${JSON.stringify(`${origin}/tpp/cb?code=c1&state=s1`)})</script>`);
      const page = PAGES[req.url ?? ''];
      if (page) return res.end(page);
      const redirect = REDIRECTS[req.url ?? ''];
      if (redirect) {
        res.statusCode = redirect[0];
        res.setHeader('location', redirect[1]);
        return res.end();
      }
      res.statusCode = 404;
      res.end('not here');
    });
  });
  // A websocket that opens and stays open, silent.
  server.on('upgrade', (req, socket: Socket) => {
    upgraded.add(socket);
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', () => {});
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  for (const socket of upgraded) socket.destroy();
  server?.closeAllConnections();
  server?.close();
});

test('a page whose load event never fires (a tracking pixel that hangs) is driven as soon as its element shows', async () => {
  const driver = createBrowserScaDriver(async () => browser, { pageTimeoutMs: 3_000 });
  const session = await driver.open(`${origin}/login-with-hanging-pixel`, [TPP]);
  try {
    await session.perform({ page: 'login', waitFor: '#user', fill: { '#user': 'id' }, click: '#go' }, () => 'PSU-1001');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
  } finally {
    await session.close();
  }
});

test('a page whose web font never arrives is still driven, and its screenshot taken with the fallback font', async () => {
  const driver = createBrowserScaDriver(async () => browser, { pageTimeoutMs: 3_000 });
  const session = await driver.open(`${origin}/login-with-hanging-font`, [TPP]);
  try {
    const shot = await session.perform({ page: 'login', waitFor: '#user', fill: { '#user': 'id' }, click: '#go' }, () => 'PSU-1001');
    assert.ok(shot.image.length > 0, 'the page should have its screenshot');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
  } finally {
    await session.close();
  }
});

/** Opens `path` on the test bank, runs `journey` and closes the session whatever happens. */
async function onBank<T>(path: string, returnUris: readonly string[], journey: (session: ScaSession) => Promise<T>, pageTimeoutMs = 3_000): Promise<T> {
  const session = await createBrowserScaDriver(async () => browser, { pageTimeoutMs, returnTimeoutMs: 2_000 }).open(`${origin}${path}`, returnUris);
  try {
    return await journey(session);
  } finally {
    await session.close();
  }
}

const logIn = { page: 'login', waitFor: '#user', fill: { '#user': 'id' }, click: '#go' } as const;

const returns = [
  ['a form post answered 303', '/login-303', `${TPP}?code=c1&state=s1`],
  ['a self-submitting form posted to the redirect URI', '/login-self-post', TPP],
  ['location.replace after a short setTimeout', '/login-replace', `${TPP}?code=c1&state=s1`],
  ['<meta http-equiv=refresh>', '/login-meta-refresh', `${TPP}?code=c1&state=s1`],
] as const;

for (const [how, path, expected] of returns) test(`the return to the TPP by ${how} is caught`, async () => {
  await onBank(path, [TPP], async (session) => {
    await session.perform(logIn, () => 'PSU-1001');
    assert.equal(await session.returnedTo(), expected);
  });
});

test('a TPP redirect URI with its own query: the bank appends &code=… and the return is caught', async () => {
  await onBank('/login-tpp-query', [TPP_WITH_QUERY], async (session) => {
    await session.perform(logIn, () => 'PSU-1001');
    assert.equal(await session.returnedTo(), `${TPP_WITH_QUERY}&code=c1&state=s1`);
  });
});

// The fragment never reaches the network: after a 302 it is read from the Location header, else from the TPP's page.
for (const [how, path] of [['a 302', '/login-fragment'], ['location.replace', '/login-replace-fragment']] as const) {
  test(`a return by ${how} with its parameters in the fragment is caught, the fragment kept`, async () => {
    await onBank(path, [TPP], async (session) => {
      await session.perform(logIn, () => 'PSU-1001');
      assert.equal(await session.returnedTo(), `${TPP}#code=c1&state=s1`);
    });
  });
}

for (const [how, path] of [['a popup (window.open)', '/popup-opener'], ['a new tab (target=_blank)', '/tab-opener']] as const) {
  test(`a bank that opens its login in ${how}: the script follows it, and the return from there is caught`, async () => {
    await onBank(path, [TPP], async (session) => {
      await session.perform({ page: 'start', waitFor: '#open', click: '#open' }, () => '');
      const shot = await session.perform(logIn, () => 'PSU-1001');
      assert.ok(shot.image.length > 0, 'the login page in the popup has its screenshot');
      assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
      assert.ok(session.pageErrors().some((note) => /opened a new window/.test(note) && note.includes('/popup-login')), session.pageErrors().join('\n'));
    });
  });
}

test('a login popup that hands the return back to its opener and closes itself: the return from the opener is caught', async () => {
  await onBank('/popup-closing-opener', [TPP], async (session) => {
    await session.perform({ page: 'start', waitFor: '#open', click: '#open' }, () => '');
    await session.perform(logIn, () => 'PSU-1001');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
  });
});


// `bank-login #otp` is CSS Playwright reads across the shadow boundary, a stylesheet does not.
for (const otp of ['#otp', 'bank-login #otp']) {
  test(`an input inside an open shadow root (named ${JSON.stringify(otp)}) is filled, and covered in the screenshot`, async () => {
    const shot = await onBank('/shadow', [TPP], async (session) => {
      const image = await session.perform({ page: 'otp', waitFor: otp, fill: { [otp]: 'otp' }, click: '#go' }, () => '111222');
      assert.equal(await session.returnedTo(), `${TPP}?state=s1`, 'the click goes on only when the OTP field holds what was typed');
      assert.equal(image.when, 'after input');
      return image.image;
    });
    const mask = SCREENSHOT_MASK_COLOR.toLowerCase();
    // Fields stack from the top-left corner: password, OTP, user, each 80 px high plus 4 px (8 px page margin).
    // Along the middle row of each field, where its 40 px text would cross it.
    assert.deepEqual(await coloursAlong(browser, shot, 8 + 40, 12, 600), [mask], 'the password input in the shadow root is not masked');
    assert.deepEqual(await coloursAlong(browser, shot, 8 + 84 + 40, 12, 600), [mask], 'the OTP field the action fills is not masked');
    assert.ok((await coloursAlong(browser, shot, 8 + 2 * 84 + 40, 12, 600)).length > 1, 'a field the action does not fill should stay readable');
  });
}

test('a page that answers 200 with an error text instead of the form: the wait ends quoting the page', async () => {
  await onBank('/expired', [TPP], async (session) => {
    await assert.rejects(session.perform(logIn, () => 'PSU-1001'), (e: unknown) => {
      assert.ok(e instanceof ScaPageError && e.kind === 'element-missing', String(e));
      assert.match(e.message, /"#user"/);
      assert.match(e.message, /Your session has expired/);
      return true;
    });
  }, 500);
});

test('a session closed under the wait (the run stopped): named as a closed window, not as a wait that ran out', async () => {
  await onBank('/expired', [TPP], async (session) => {
    const started = Date.now();
    const waiting = session.perform(logIn, () => 'PSU-1001');
    setTimeout(() => void session.close(), 300);
    await assert.rejects(waiting, (e: unknown) => {
      assert.ok(e instanceof ScaPageError && e.kind === 'element-missing', String(e));
      assert.match(e.message, /browser window closed while waiting for "#user"/);
      return true;
    });
    assert.ok(Date.now() - started < 4000, 'it did not wait the page timeout out');
  }, 5000);
});

test("the bank's alert(), prompt(), confirm() and leave-page prompt are accepted as the PSU would, and their messages noted without what was typed", async () => {
  await onBank('/dialogs', [TPP], async (session) => {
    await session.perform({ page: 'approve', waitFor: '#otp', fill: { '#otp': 'otp' }, click: '#go' }, () => '583021');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`, 'a dismissed confirm() would have cancelled the approval');
    const notes = session.pageErrors().join('\n');
    assert.match(notes, /alert.*Welcome to MyBank online banking/);
    assert.match(notes, /prompt.*Name this device/);
    assert.match(notes, /confirm.*Send the approval for/);
    assert.match(notes, /beforeunload/);
    assert.ok(!notes.includes('583021'), notes);
  });
});

const plainLogins = [
  ['a window the bank opens on its own (a notice) does not hold the script up: the login on the first page goes on', '/notice-popup'],
  ['a help window the bank opens that answers 404 is noted, not the end of the journey: the PSU logs in on the first page', '/broken-help-popup'],
  ['a page whose script keeps the main thread busy for a while is driven once it is free', '/busy'],
  ['a page that keeps a long poll and a websocket open is driven: nothing waits for the network to go idle', '/long-poll'],
] as const;

for (const [title, path] of plainLogins) test(title, async () => {
  await onBank(path, [TPP], async (session) => {
    await session.perform(logIn, () => 'PSU-1001');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
    if (path === '/broken-help-popup') assert.ok(session.pageErrors().some((n) => /HTTP 404 for .*\/help-gone/.test(n)), session.pageErrors().join('\n'));
  });
});

for (const [how, path, written] of [
  ['an HTTP redirect (302)', '/login-own-tpp', ''],
  ['location.replace', '/login-own-tpp-replace', ''],
  ['an HTTP redirect, the profile writing the URI in upper case where URLs ignore case', '/login-own-tpp', 'upper-case'],
] as const) {
  test(`after ${how} to the TPP, the browser is answered by the harness: the TPP's server never gets the code`, async () => {
    tppHits.length = 0;
    const tpp = `${origin}/tpp/cb`;
    // As a profile may write it (HTTP://…); the browser requests the URL in its normal form (http://…).
    const declared = written ? tpp.replace(/^http:/, 'HTTP:') : tpp;
    await onBank(path, [declared], async (session) => {
      await session.perform(logIn, () => 'PSU-1001');
      assert.equal(await session.returnedTo(), `${tpp}?code=c1&state=s1`);
    });
    assert.deepEqual(tppHits, []);
  });
}

test('a login popup that answers 404 where the script expects the login: the error page is the bank\'s, named, not a script that does not fit', async () => {
  await onBank('/broken-popup-opener', [TPP], async (session) => {
    await session.perform({ page: 'start', waitFor: '#open', click: '#open' }, () => '');
    await assert.rejects(session.perform(logIn, () => 'PSU-1001'), (e: unknown) => e instanceof ScaPageError && e.kind === 'error-page' && /HTTP 404 at .*\/help-gone: not here/.test(e.message));
  }, 1_000);
});
