// The staff's pages in Chromium against a real proctord: sign-in, the
// builder, invitations, the candidates' table, the report (with the
// candidate's side driven over the WebSocket from inside Chromium), the
// author's uploads, the admin's accounts, printing and 200% zoom.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventually, launchBrowser, makeRecruiter, newPage, screenshot, StaffApi, startProctord,
} from './harness.mjs';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(1)>';

let server;
let browser;
let recruiter;
const state = {}; // shared between the tests, in order

before(async () => {
  server = await startProctord();
  browser = await launchBrowser();
  recruiter = await makeRecruiter(server);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records any dialog too (the harness does). */
function staffPage(options) {
  return newPage(browser, server.url, options);
}

async function signIn(page, email, password) {
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function done(page) {
  assert.deepEqual(page.problems, [], 'no script errors, CSP violations, dialogs or foreign requests');
  return page.context().close();
}

/**
 * The candidate's side without the candidate's page: a WebSocket opened
 * inside Chromium (Node 20 has none) on a page of the server's origin.
 */
async function takeAttempt(token, { codes, choices, extraEvents = true }) {
  const page = await newPage(browser, server.url);
  await page.goto(`${server.url}/healthz`);
  const result = await page.evaluate(async ({ token, codes, choices, extraEvents }) => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws/attempt`);
    const inbox = [];
    const waiting = [];
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      const index = waiting.findIndex((w) => w.types.includes(message.type));
      if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
      else inbox.push(message);
    };
    const next = (...types) => {
      const found = inbox.findIndex((m) => types.includes(m.type));
      if (found >= 0) return Promise.resolve(inbox.splice(found, 1)[0]);
      return new Promise((resolve, reject) => {
        waiting.push({ types, resolve });
        setTimeout(() => reject(new Error(`no ${types.join('/')} within 10 s; got ${JSON.stringify(inbox)}`)), 10000);
      });
    };
    const send = (message) => ws.send(JSON.stringify(message));
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    send({ type: 'hello', token });
    const welcome = await next('welcome', 'error');
    if (welcome.type === 'error') return { error: welcome };
    send({ type: 'start' });
    const started = await next('started', 'error');
    if (started.type === 'error') return { error: started };
    for (const question of started.questions) {
      if (question.kind === 'coding') {
        for (const code of codes) {
          send({ type: 'save_code', question: question.question, code });
          const saved = await next('saved', 'error');
          if (saved.type === 'error') return { error: saved };
        }
        send({ type: 'submit', question: question.question });
        await next('question_submitted');
      } else {
        send({ type: 'save_answer', question: question.question, choices });
        const saved = await next('saved', 'error');
        if (saved.type === 'error') return { error: saved };
      }
    }
    if (extraEvents) {
      send({ type: 'event', kind: 'focus_lost' });
      await next('recorded');
      send({ type: 'event', kind: 'focus_gained' });
      await next('recorded');
      send({ type: 'event', kind: 'paste', length: 42 });
      await next('recorded');
    }
    send({ type: 'finish' });
    await next('finished');
    ws.close();
    return { questions: started.questions.map((q) => q.kind) };
  }, { token, codes, choices, extraEvents });
  await page.context().close();
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  return result;
}

const GCD_DRAFT = 'def gcd(a: int, b: int) -> int:\n    # first try\n    return 0\n';
const GCD_FINAL = [
  'def gcd(a: int, b: int) -> int:',
  '    """Euclid, iteratively."""',
  '    a, b = abs(a), abs(b)',
  '    while b:',
  '        a, b = b, a % b',
  '    if a < 0:',
  '        a = -a',
  '    return a',
  '',
].join('\n');
// The same program with other names and a hostile comment: similar.
const GCD_COPY = [
  'def gcd(x: int, y: int) -> int:',
  `    # ${XSS}`,
  '    x, y = abs(x), abs(y)',
  '    while y:',
  '        x, y = y, x % y',
  '    if x < 0:',
  '        x = -x',
  `    return x  # ${XSS}`,
  '',
].join('\n');

test('a wrong password shows an error; the right one signs in', async () => {
  const page = await staffPage();
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  await screenshot(page, 'staff-login');
  await signIn(page, recruiter.email, 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Wrong e-mail address or password/);
  await page.getByLabel('Password').fill(recruiter.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  // The recruiter's navigation: assessments, not the bank's uploads or accounts.
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Assessments' }).count(), 1);
  assert.equal(await nav.getByRole('link', { name: 'Uploads' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Accounts' }).count(), 0);
  // The session survives a reload (GET /api/me).
  await page.reload();
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await done(page);
});

test('a recruiter builds an assessment, invites candidates, revokes and resends', async () => {
  const page = await staffPage();
  await signIn(page, recruiter.email, recruiter.password);
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New assessment' }).first().click();
  await page.getByRole('heading', { name: 'New assessment', level: 1 }).waitFor();

  // Filter the bank: coding, math, "gcd".
  const filters = page.getByRole('search', { name: 'Filter the bank' });
  await filters.getByLabel('Type').selectOption('coding');
  await filters.getByLabel('Topic').selectOption('tag:math');
  await filters.getByLabel('Search').fill('common divisor');
  const gcdItem = page.locator('.bank-item[data-key="problem:gcd"]');
  await eventually(async () => (await page.locator('.bank-item').count()) === 1, 5000, 'the filtered list');
  await gcdItem.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByRole('heading', { name: 'Greatest common divisor', level: 2 }).waitFor();
  assert.match(await preview.textContent(), /Samples/);
  assert.ok(await preview.locator('.sample pre').count() >= 2, 'the samples with their answers');
  await gcdItem.getByRole('button', { name: 'Add Greatest common divisor' }).click();

  // An MCQ from the basics set, previewed with its key.
  await filters.getByLabel('Type').selectOption('mcq');
  await filters.getByLabel('Topic').selectOption('set:basics');
  await filters.getByLabel('Search').fill('');
  await filters.getByLabel('Difficulty').selectOption('easy');
  const mcqItem = page.locator('.bank-item[data-key="mcq:basics/multi-paradigm"]');
  await mcqItem.getByRole('button', { name: 'Preview' }).click();
  await preview.getByRole('heading', { name: 'basics/multi-paradigm' }).waitFor();
  assert.equal(await preview.locator('li.option.correct').count(), 1, 'the key is visible to staff');
  await preview.getByRole('button', { name: /^Add / }).click();
  // And a third one, removed again; then reorder.
  await page.locator('.bank-item').nth(2).getByRole('button', { name: /^Add / }).click();
  assert.equal(await page.locator('li.picked').count(), 3);
  await page.locator('li.picked').nth(2).getByRole('button', { name: /^Remove/ }).click();
  assert.equal(await page.locator('li.picked').count(), 2);
  await page.locator('li.picked').nth(1).getByRole('button', { name: /^Move up/ }).click();
  assert.equal(await page.locator('li.picked').first().getAttribute('data-key'), 'mcq:basics/multi-paradigm');
  await page.locator('li.picked').nth(1).getByRole('button', { name: /^Move up/ }).click();
  assert.equal(await page.locator('li.picked').first().getAttribute('data-key'), 'problem:gcd');

  // Creating without a title is refused next to the form.
  await page.getByRole('button', { name: 'Create assessment' }).click();
  assert.match(await page.locator('.builder-form [role=alert]').textContent(), /title/);

  await page.getByLabel('Title').fill('Backend screen');
  await page.getByLabel('Duration (minutes)').fill('30');
  await page.getByLabel('Pass mark (%)').fill('60');
  await page.locator('li.picked').nth(0).locator('input.points').fill('30');
  await page.locator('li.picked').nth(1).locator('input.points').fill('5');
  await page.getByLabel('Negative marking for MCQs').check();
  assert.match(await page.locator('.total').textContent(), /2 questions, 35 points/);
  await screenshot(page, 'staff-builder');
  await page.getByRole('button', { name: 'Create assessment' }).click();

  await page.getByRole('heading', { name: 'Backend screen', level: 1 }).waitFor();
  state.assessmentId = Number(page.url().match(/#\/assessments\/(\d+)/)[1]);
  const assessment = await recruiter.api.call('GET', `/api/assessments/${state.assessmentId}`);
  assert.equal(assessment.duration_minutes, 30);
  assert.equal(assessment.pass_mark, 60);
  assert.equal(assessment.negative_marking, true);
  assert.deepEqual(assessment.items.map((i) => [i.ref, i.points]), [['gcd', 30], ['basics/multi-paradigm', 5]]);

  // One candidate through the form: the link is shown once, copyable.
  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const linkInput = page.getByRole('textbox', { name: 'Link for Ada Lovelace' });
  await linkInput.waitFor();
  const adaFirstLink = await linkInput.inputValue();
  assert.match(adaFirstLink, new RegExp(`^${server.url}/take/[A-Za-z0-9_-]{20,}$`));
  await page.locator('.links-panel').getByRole('button', { name: 'Copy' }).click();
  // No clipboard permission in headless Chromium: the link is selected instead.
  await eventually(async () => page.evaluate(() => {
    const active = document.activeElement;
    return active?.classList.contains('copy-input') || /Copied/.test(document.querySelector('.copy-button')?.textContent);
  }), 3000, 'the link copied or selected');

  // Three by CSV, one bad line reported by its number.
  await page.getByLabel('Candidates, one per line').fill([
    'Grace Hopper,grace@example.com,25',
    `${XSS},xss@example.com`,
    'not an email line,nobody',
    '"Torvalds, Linus",linus@example.com,0',
  ].join('\n'));
  await page.getByRole('button', { name: 'Invite all' }).click();
  const csvResult = page.locator('.csv-results');
  await csvResult.getByText('3 candidates invited.').waitFor();
  assert.match(await csvResult.textContent(), /Line 3: 'nobody' is not an e-mail address/);
  assert.equal(await page.getByLabel('Candidates, one per line').inputValue(), 'not an email line,nobody');
  const links = await page.locator('.links-panel .copy-input').evaluateAll((inputs) => inputs.map((i) => [i.getAttribute('aria-label'), i.value]));
  assert.equal(links.length, 3);
  state.xssToken = links.find(([label]) => label === `Link for ${XSS}`)[1].split('/take/')[1];
  assert.ok(state.xssToken);

  // The invitations' table lists the four; revoke Linus (two presses).
  const invitations = page.locator('.invitations table');
  await eventually(async () => (await invitations.locator('tbody tr').count()) === 4, 5000, 'four invitations');
  const linusRow = invitations.locator('tbody tr', { hasText: 'Torvalds, Linus' });
  await linusRow.getByRole('button', { name: 'Revoke Torvalds, Linus' }).click();
  await linusRow.getByRole('button', { name: /Confirm: revoke/ }).click();
  await eventually(async () => /revoked/.test(await invitations.locator('tbody tr', { hasText: 'Torvalds, Linus' }).textContent()),
    5000, 'Linus revoked');
  // Resend Ada's: a new link, the old one is gone.
  await invitations.locator('tbody tr', { hasText: 'Ada Lovelace' }).getByRole('button', { name: 'Resend to Ada Lovelace' }).click();
  await page.getByRole('heading', { name: 'New link (resent)' }).waitFor();
  const adaLink = await page.getByRole('textbox', { name: 'Link for Ada Lovelace' }).inputValue();
  assert.notEqual(adaLink, adaFirstLink);
  state.adaToken = adaLink.split('/take/')[1];
  // Text from candidates is text: the XSS name is in the table literally.
  assert.equal(await invitations.locator('tbody th').filter({ hasText: XSS }).count(), 1);
  assert.equal(await page.locator('img').count(), 0);
  await screenshot(page, 'staff-assessment');
  await done(page);
});

test('graded attempts: the candidates table sorts, exports CSV, and the report shows everything', async () => {
  assert.ok(state.adaToken && state.xssToken, 'the previous test made the invitations');
  await takeAttempt(state.adaToken, { codes: [GCD_DRAFT, GCD_FINAL], choices: [0] });
  await takeAttempt(state.xssToken, { codes: [GCD_COPY], choices: [1], extraEvents: false });
  const attempts = await eventually(async () => {
    const { attempts } = await recruiter.api.call('GET', `/api/assessments/${state.assessmentId}/attempts`);
    const submitted = attempts.filter((a) => a.status === 'submitted');
    return submitted.length === 2 && submitted.every((a) => a.graded) ? attempts : null;
  }, 60000, 'both attempts graded');
  const ada = attempts.find((a) => a.candidate_name === 'Ada Lovelace');
  const xss = attempts.find((a) => a.candidate_name === XSS);
  assert.equal(ada.score, 35);
  state.adaAttempt = ada.id;
  state.xssAttempt = xss.id;

  const page = await staffPage();
  await signIn(page, recruiter.email, recruiter.password);
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  // The dashboard counts the invitations by status.
  const row = page.locator('tbody tr', { hasText: 'Backend screen' });
  const cells = await row.locator('th, td').allTextContents();
  assert.deepEqual(cells.slice(0, 9), ['Backend screen', '30 min', '2', '35', '1', '0', '2', '0', '1']);
  await screenshot(page, 'staff-dashboard');
  await row.getByRole('link', { name: 'Backend screen' }).click();
  await page.getByRole('heading', { name: 'Backend screen', level: 1 }).waitFor();

  const table = page.locator('.candidates table');
  const names = () => table.locator('tbody th').evaluateAll((cells) => cells.map((c) => c.querySelector('.cand-name').textContent));
  // Sorted by score, best first, by default.
  assert.equal((await names())[0], 'Ada Lovelace');
  assert.equal(await table.locator('th[data-key="score"]').getAttribute('aria-sort'), 'descending');
  assert.match(await table.locator('tbody tr', { hasText: 'Ada Lovelace' }).textContent(), /35 \/ 35/);
  await table.getByRole('button', { name: /^Candidate/ }).click();
  assert.equal(await table.locator('th[data-key="name"]').getAttribute('aria-sort'), 'ascending');
  assert.equal(await table.locator('th[data-key="score"]').getAttribute('aria-sort'), 'none');
  const ascending = await names();
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
  await table.getByRole('button', { name: /^Candidate/ }).click();
  assert.equal(await table.locator('th[data-key="name"]').getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await names(), [...ascending].reverse());
  // Flags: Ada left the tab and pasted; both are similar to each other.
  assert.match(await table.locator('tbody tr', { hasText: 'Ada Lovelace' }).textContent(), /left the tab once/);
  assert.match(await table.locator('tbody tr', { hasText: 'Ada Lovelace' }).textContent(), /similar to 1 other/);

  // The CSV export link works with the session cookie.
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (url) => {
    const response = await fetch(url);
    return { type: response.headers.get('content-type'), text: await response.text() };
  }, href);
  assert.match(csv.type, /^text\/csv/);
  assert.match(csv.text, /^attempt,candidate_name/);
  assert.match(csv.text, /Ada Lovelace/);

  // Ada's report.
  await table.locator('tbody tr', { hasText: 'Ada Lovelace' }).getByRole('link', { name: /Report/ }).click();
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  assert.equal(await page.locator('.score-big').textContent(), '35 / 35 passed');
  const coding = page.locator('section.question-coding');
  assert.match(await coding.locator('.question-score').textContent(), /30 \/ 30 points/);
  const tests = coding.locator('table.tests tbody tr');
  assert.ok(await tests.count() >= 3, 'the tests table');
  assert.ok(await coding.locator('table.tests .verdict.good').count() >= 3);
  assert.match(await coding.locator('table.tests').textContent(), /sample/);
  // The code, highlighted in a read-only CodeMirror, with the playback slider.
  const editor = coding.locator('.cm-content');
  await editor.waitFor();
  await eventually(async () => /while b:/.test(await editor.textContent()), 5000, 'the final code');
  assert.ok(await coding.locator('.cm-line span').count() > 0, 'syntax highlighting');
  assert.equal(await editor.getAttribute('contenteditable'), 'false');
  const slider = coding.getByRole('slider', { name: 'Playback' });
  assert.equal(await slider.getAttribute('max'), '1');
  assert.match(await coding.locator('.playback-label').textContent(), /Final code — saved/);
  await slider.fill('0');
  await eventually(async () => /first try/.test(await editor.textContent()), 5000, 'the first snapshot');
  assert.match(await coding.locator('.playback-label').textContent(), /Snapshot 1 of 1 — saved/);
  await slider.fill('1');
  await eventually(async () => /while b:/.test(await editor.textContent()), 5000, 'the final code again');
  // The MCQ against its key.
  const mcq = page.locator('section.question-mcq');
  assert.match(await mcq.locator('.question-score').textContent(), /5 \/ 5 points/);
  assert.equal(await mcq.locator('[data-outcome="correct"]').count(), 1);
  assert.match(await mcq.locator('li.chosen.correct').textContent(), /chosen · correct/);
  assert.match(await mcq.textContent(), /Explanation/);
  // The events.
  const timeline = page.locator('table.timeline');
  for (const kind of ['started', 'focus_lost', 'focus_gained', 'paste', 'finished']) {
    assert.equal(await timeline.locator('td', { hasText: new RegExp(`^${kind}$`) }).count() >= 1, true, kind);
  }
  assert.match(await timeline.locator('tr', { hasText: 'paste' }).textContent(), /length: 42/);
  // Similarity: side by side, the matching lines highlighted on both sides.
  const match = page.locator('.similar-match');
  await match.locator('.side-by-side').waitFor();
  assert.match(await match.locator('h3').textContent(), /similar to/);
  assert.ok(await match.locator('.listing').nth(0).locator('.sim-region').count() > 0);
  assert.ok(await match.locator('.listing').nth(1).locator('.sim-region').count() > 0);
  assert.match(await match.locator('.listing').nth(1).textContent(), /onerror=alert/);
  await screenshot(page, 'staff-report');
  await page.pdf({ path: join(process.env.PROCTOR_ARTIFACTS, 'staff-report.pdf'), format: 'A4', printBackground: true });
  // The print style hides the navigation and shows the code in full.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.locator('.toolbar').isVisible(), false);
  assert.equal(await coding.locator('pre.print-only').isVisible(), true);
  assert.match(await coding.locator('pre.print-only').textContent(), /while b:/);
  await page.emulateMedia({ media: 'screen' });

  // The hostile candidate's report: their name and code are text.
  await page.goto(`${server.url}/#/attempts/${state.xssAttempt}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'script' }).waitFor();
  assert.equal(await page.locator('h1').textContent(), XSS);
  const xssEditor = page.locator('section.question-coding .cm-content');
  await eventually(async () => (await xssEditor.textContent()).includes(XSS), 5000, 'the hostile code as text');
  assert.equal(await page.locator('section.question-mcq [data-outcome="wrong"]').count(), 1);
  assert.match(await page.locator('section.question-mcq li.chosen').textContent(), /chosen · wrong/);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('#main script').count(), 0);
  await done(page);
});

test('the report reflows at 200% zoom (640x400)', async () => {
  assert.ok(state.adaAttempt);
  const page = await staffPage({ viewport: { width: 640, height: 400 } });
  await signIn(page, recruiter.email, recruiter.password);
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await page.goto(`${server.url}/#/attempts/${state.adaAttempt}`);
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  await page.locator('.cm-content').first().waitFor();
  await page.locator('.similar-match .side-by-side').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling of the page (${overflow}px too wide)`);
  await screenshot(page, 'staff-report-zoom200');
  await done(page);
});

test('regrading from the report stores the same grade again', async () => {
  assert.ok(state.adaAttempt);
  const page = await staffPage();
  await signIn(page, recruiter.email, recruiter.password);
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await page.goto(`${server.url}/#/attempts/${state.adaAttempt}`);
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Regrade' }).click();
  await page.getByText('Regrading: the report reloads').waitFor();
  // The page reloads the report once the new grade is stored.
  await page.getByText('Regrading: the report reloads').waitFor({ state: 'detached', timeout: 60000 });
  assert.equal(await page.locator('.score-big').textContent(), '35 / 35 passed');
  const report = await recruiter.api.call('GET', `/api/attempts/${state.adaAttempt}`);
  assert.equal(report.graded, true);
  assert.equal(report.score, 35);
  await done(page);
});

test('an author uploads an MCQ set: a sound one is published, a broken one shows its errors', async () => {
  const admin = await new StaffApi(server.url).login('admin@localhost', server.adminPassword);
  const author = { email: `alan${Date.now()}@example.com`, password: 'a-long-author-password' };
  await admin.call('POST', '/api/accounts', { ...author, name: 'Alan Author', role: 'author' });
  const page = await staffPage();
  await signIn(page, author.email, author.password);
  // An author lands on the bank; the navigation has the bank and uploads.
  await page.getByRole('heading', { name: 'Question bank', level: 1 }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Assessments' }).count(), 0);
  await nav.getByRole('link', { name: 'Uploads' }).click();
  await page.getByRole('heading', { name: 'Uploads', level: 1 }).waitFor();

  const sound = [
    'set: staff-test',
    'title: Staff test set',
    'questions:',
    '  - id: add',
    '    difficulty: easy',
    '    tags: [arithmetic]',
    '    question: What does this program print?',
    '    snippet: |',
    '      print(1 + 1)',
    '    options:',
    '      - text: "2"',
    '        correct: true',
    '      - text: "11"',
    '      - text: "3"',
    '    explanation: Integers add.',
    '',
  ].join('\n');
  await page.getByLabel('…or paste the YAML').fill(sound);
  await page.getByRole('button', { name: 'Upload MCQ set' }).click();
  const status = page.locator('.upload-current');
  await status.locator('.upload-view[data-state="published"]').waitFor({ timeout: 30000 });
  assert.match(await status.textContent(), /Published as staff-test/);
  await screenshot(page, 'staff-upload');

  const broken = sound.replace('set: staff-test', 'set: staff-broken').replace('    explanation: Integers add.\n', '');
  await page.getByLabel('…or paste the YAML').fill(broken);
  await page.getByRole('button', { name: 'Upload MCQ set' }).click();
  await status.locator('.upload-view[data-state="rejected"]').waitFor({ timeout: 30000 });
  assert.match(await status.locator('.failure-list').textContent(), /set\.yaml:\d+: missing 'explanation'/);
  assert.match(await status.locator('pre.report-text').textContent(), /FAIL/);
  // Both are in the recent uploads.
  await eventually(async () => (await page.locator('table tbody tr').count()) >= 2, 5000, 'the recent uploads');

  // A problem package: a copy of swap-case as a tar.gz, validated and published.
  const folder = mkdtempSync(join(tmpdir(), 'proctor-package-'));
  cpSync(join(process.env.PROCTOR_PROBLEMS_DIR, 'coding', 'swap-case'), join(folder, 'swap-case-copy'), { recursive: true });
  const archive = execFileSync('tar', ['czf', '-', '-C', folder, 'swap-case-copy']);
  rmSync(folder, { recursive: true, force: true });
  await page.getByLabel('Archive').setInputFiles({ name: 'swap-case-copy.tar.gz', mimeType: 'application/gzip', buffer: archive });
  await page.getByRole('button', { name: 'Upload package' }).click();
  await status.locator('.upload-view[data-state="published"]').waitFor({ timeout: 60000 });
  assert.match(await status.textContent(), /Published as swap-case-copy/);
  assert.match(await status.locator('pre.report-text').textContent(), /^OK/);
  // Not an archive: refused at once, next to the form.
  await page.getByLabel('Archive').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.getByRole('button', { name: 'Upload package' }).click();
  assert.match(await page.locator('.upload-form [role=alert]').textContent(), /zip, tar or tar\.gz/);

  // The published set and problem are in the bank.
  await nav.getByRole('link', { name: 'Question bank' }).click();
  await page.getByRole('heading', { name: 'Question bank', level: 1 }).waitFor();
  await page.getByLabel('Topic').selectOption('set:staff-test');
  await page.locator('.bank-item[data-key="mcq:staff-test/add"]').getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('region', { name: 'Preview' }).locator('pre.snippet').waitFor();
  await page.getByLabel('Topic').selectOption('');
  await page.getByLabel('Search').fill('swap-case-copy');
  await page.locator('.bank-item[data-key="problem:swap-case-copy"]').getByRole('link', { name: /Open/ }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Swap the case' }).waitFor();
  await done(page);
});

test('an admin creates an account and sees the generated password once', async () => {
  const page = await staffPage();
  await signIn(page, 'admin@localhost', server.adminPassword);
  await page.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  await page.getByLabel('Name').fill('Rob Recruiter');
  await page.getByLabel('E-mail').fill('rob@example.com');
  await page.getByLabel('Role').selectOption('recruiter');
  await page.getByRole('button', { name: 'Create account' }).click();
  const password = page.getByRole('textbox', { name: 'Password', exact: true });
  await password.waitFor();
  const generated = await password.inputValue();
  assert.ok(generated.length >= 12);
  await new StaffApi(server.url).login('rob@example.com', generated);
  assert.match(await page.locator('table').textContent(), /rob@example\.com/);
  // The same e-mail again: the conflict is shown next to the form.
  await page.getByLabel('Name').fill('Rob Again');
  await page.getByLabel('E-mail').fill('rob@example.com');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('.account-form [role=alert]').waitFor();

  // Rob leaves: disabled (a second press confirms), he can no longer sign in.
  const robRow = () => page.locator('tr', { hasText: 'rob@example.com' });
  assert.equal(await page.getByRole('button', { name: 'Disable admin@localhost' }).count(), 0, 'not yourself');
  await page.getByRole('button', { name: 'Disable rob@example.com' }).click();
  await page.getByRole('button', { name: 'Confirm: disable rob@example.com' }).click();
  await page.locator('.banner', { hasText: 'Disabled rob@example.com.' }).waitFor();
  await robRow().locator('.status', { hasText: 'disabled' }).waitFor();
  await assert.rejects(new StaffApi(server.url).login('rob@example.com', generated), /403/);
  // Back, with a new password shown once; the old one no longer works.
  await page.getByRole('button', { name: 'Enable rob@example.com' }).click();
  await page.locator('.banner', { hasText: 'Enabled rob@example.com.' }).waitFor();
  await robRow().locator('.status', { hasText: 'active' }).waitFor();
  await page.getByRole('button', { name: 'Reset the password of rob@example.com' }).click();
  await page.getByRole('button', { name: 'Confirm: reset the password of rob@example.com' }).click();
  await page.locator('.banner', { hasText: 'New password for rob@example.com.' }).waitFor();
  const fresh = await page.locator('section .generated-password input').inputValue();
  assert.ok(fresh.length >= 12 && fresh !== generated);
  await new StaffApi(server.url).login('rob@example.com', fresh);
  await assert.rejects(new StaffApi(server.url).login('rob@example.com', generated), /401/);
  await done(page);
});

test('too many failed sign-ins say how long to wait', async () => {
  const page = await staffPage();
  await page.goto(`${server.url}/#/login`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const email = 'nobody-here@example.com';
  for (let i = 0; i < 6; i += 1) {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    if (/Too many/.test(await page.getByRole('alert').textContent())) break;
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
  }
  assert.match(await page.getByRole('alert').textContent(), /Too many failed sign-ins\. Wait \d+ (seconds|minutes)/);
  await done(page);
});
