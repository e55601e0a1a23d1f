// The pages are served with the headers that keep them safe, and load in a
// real Chromium without a script error or a policy violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, startProctord } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startProctord();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('pages carry a strict Content-Security-Policy and no-referrer', async () => {
  for (const path of ['/', '/take/some-token', '/assets/staff.js', '/assets/style.css']) {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 200, path);
    const policy = response.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self'/, path);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, path);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
  }
  assert.match((await fetch(server.url + '/assets/staff.js')).headers.get('content-type'),
    /^text\/javascript/);
});

test('only the pages and their assets are served', async () => {
  for (const path of ['/take/a/b', '/assets/..%2f..%2fpackage.json', '/package.json', '/etc/passwd',
    '/assets/nothing.js']) {
    assert.equal((await fetch(server.url + path)).status, 404, path);
  }
  const post = await fetch(server.url + '/', { method: 'POST' });
  assert.equal(post.status, 404);
});

test('an unchanged page is revalidated with its ETag', async () => {
  const first = await fetch(server.url + '/assets/style.css');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(server.url + '/assets/style.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('both pages load in Chromium cleanly', async () => {
  for (const path of ['/', '/take/not-a-real-token']) {
    const page = await newPage(browser, server.url);
    await page.goto(server.url + path);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(page.problems, [], path);
    await page.context().close();
  }
});
