import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../fixtures/browser.ts';
import { createBrowserScaDriver } from '../src/sca/browser.ts';

/** The PSU's browser on bank pages shaped as real banks shape them, not as the reference ASPSP does. */

const TPP = 'http://tpp.localhost/cb';
let browser: Browser;
let server: Server;
let origin: string;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    // A tracking pixel whose server never answers: the page's load event never fires.
    if (req.url === '/pixel.gif' || req.url === '/font.woff2') return;
    req.on('end', () => {
      res.setHeader('content-type', 'text/html');
      if (req.url === '/login-with-hanging-pixel') {
        return res.end(`<img src="/pixel.gif"><form method="post" action="/approved"><input id="user"><button id="go">Log in</button></form>`);
      }
      if (req.url === '/login-with-hanging-font') {
        return res.end(`<style>@font-face { font-family: Bank; src: url(/font.woff2); } body { font-family: Bank, sans-serif; }</style><form method="post" action="/approved"><input id="user"><button id="go">Log in</button></form>`);
      }
      if (req.url === '/approved') {
        res.statusCode = 302;
        res.setHeader('location', `${TPP}?state=s1`);
        return res.end();
      }
      res.statusCode = 404;
      res.end('not here');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
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
    assert.ok(shot.length > 0, 'the page should have its screenshot');
    assert.equal(await session.returnedTo(), `${TPP}?state=s1`);
  } finally {
    await session.close();
  }
});
