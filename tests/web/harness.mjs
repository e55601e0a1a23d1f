// What every browser test needs: a real proctord on loopback serving the
// built pages, Debian's Chromium driven by playwright-core, a client for the
// staff's REST API, and screenshots kept under build/web-artifacts/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// playwright-core lives in web/node_modules, next to the pages' packages.
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

function setting(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the browser tests through ctest`);
  return value;
}

/**
 * Starts proctord with a fresh data folder. Resolves once it listens:
 * {url, port, adminPassword, dataDir, stop(), kill()}.
 */
export async function startProctord(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'proctor-web-'));
  const args = ['--data-dir', dataDir, '--listen', '127.0.0.1:0',
    '--problems', setting('PROCTOR_PROBLEMS_DIR'), '--web', setting('PROCTOR_WEB_DIR'),
    '--threads', '2', '--graders', '2', '--log-level', 'warning', ...extraArgs];
  const child = spawn(setting('PROCTORD_BINARY'), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let adminPassword = '';
  const port = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const password = line.match(/one-time password: (\S+)/);
      if (password) adminPassword = password[1];
      const listening = line.match(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (listening) resolve(Number(listening[1]));
    });
    child.once('exit', (code) => reject(new Error(`proctord exited with ${code} before listening`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const end = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url, port, adminPassword, dataDir,
    stop: async () => { await end('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); },
    kill: () => end('SIGKILL'),
  };
}

/** Debian's Chromium, headless; never a browser the test tool downloads. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: setting('PROCTOR_CHROMIUM'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page at 1280x800 that records what must never happen: a script
 * error, a Content-Security-Policy violation, a request to another host, a
 * dialog (alert() would mean injected script; the pages use none).
 * `page.problems` lists them; assert it is empty at the end.
 */
export async function newPage(browser, serverUrl, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`script error: ${error.message}`));
  page.on('dialog', (dialog) => {
    page.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !/Failed to load resource/.test(text)) {
      page.problems.push(`console error: ${text}`);
    }
    if (/Content Security Policy/i.test(text)) page.problems.push(`CSP: ${text}`);
  });
  const origin = new URL(serverUrl).origin;
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith('data:') &&
        !target.startsWith(origin.replace('http', 'ws'))) {
      page.problems.push(`request to another host: ${target}`);
    }
  });
  return page;
}

/**
 * Replaces the code in the page's CodeMirror editor by selecting all and
 * pasting, as a person would. (Typing multi-line text with insertText() or
 * fill() lets Chromium's own editing build scratch nodes with style
 * attributes, which the CSP reports.)
 */
export async function pasteCode(page, code) {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await editor.evaluate((element, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    element.dispatchEvent(new ClipboardEvent('paste', {
      clipboardData: data, bubbles: true, cancelable: true, composed: true,
    }));
  }, code);
}

/** Saves a full-page screenshot as build/web-artifacts/NAME.png. */
export async function screenshot(page, name) {
  const folder = setting('PROCTOR_ARTIFACTS');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

/** The staff's REST API from the test itself, with a session of its own. */
export class StaffApi {
  constructor(serverUrl) {
    this.url = serverUrl;
    this.cookie = '';
    this.csrf = '';
  }

  async login(email, password) {
    const response = await fetch(`${this.url}/api/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login as ${email}: ${response.status} ${await response.text()}`);
    this.cookie = response.headers.get('set-cookie').split(';')[0];
    this.csrf = (await response.json()).csrf_token;
    return this;
  }

  async call(method, path, body) {
    const headers = { Cookie: this.cookie, 'X-CSRF-Token': this.csrf };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
}

/** Signs the admin in and makes a recruiter; returns {email, password, api}. */
export async function makeRecruiter(server, name = 'Rita Recruiter') {
  const admin = await new StaffApi(server.url).login('admin@localhost', server.adminPassword);
  const email = `rita${Date.now()}@example.com`;
  const password = 'a-long-recruiter-password';
  await admin.call('POST', '/api/accounts', { email, name, role: 'recruiter', password });
  return { email, password, api: await new StaffApi(server.url).login(email, password) };
}

/** Polls `probe` until it returns something truthy, or fails after `ms`. */
export async function eventually(probe, ms = 20000, what = 'the condition') {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
