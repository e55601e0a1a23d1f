// The candidate's test page, /take/<token>, in a real Chromium against a
// real proctord: the landing page, MCQs, the editor and runs, a reload, a
// lost connection, the deadline, links that cannot be used, a take-over,
// text shown literally, and the layout at 200% zoom.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually, launchBrowser, makeRecruiter, newPage, pasteCode, screenshot as saveScreenshot,
  startProctord,
} from './harness.mjs';

/** A full-page screenshot from the top (the sticky top bar in its place). */
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

const XSS_NAME = '<script>alert(1)</script> <img src=x onerror=alert(1)> Ada';
const GOOD_GCD = [
  '# <script>alert(1)</script> <img src=x onerror=alert(1)>',
  'def gcd(a, b):',
  '    a, b = abs(a), abs(b)',
  '    while b:',
  '        a, b = b, a % b',
  '    return a',
  '',
].join('\n');
const WRONG_GCD = 'def gcd(a, b):\n    return a + b\n';

let server;
let browser;
let api;
let bank;

before(async () => {
  server = await startProctord();
  browser = await launchBrowser();
  ({ api } = await makeRecruiter(server));
  bank = await api.call('GET', '/api/bank');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** An MCQ id 'set/question' from the bank, single or multiple answer. */
function mcqId(multiple) {
  for (const set of bank.mcq_sets ?? bank.mcq ?? []) {
    for (const question of set.questions ?? []) {
      if (Boolean(question.multiple) === multiple) return `${set.id ?? set.set}/${question.id}`;
    }
  }
  throw new Error(`no ${multiple ? 'multiple' : 'single'}-answer MCQ in the bank`);
}

async function makeAssessment({ duration = 45, items } = {}) {
  return api.call('POST', '/api/assessments', {
    title: 'Backend screen', duration_minutes: duration, pass_mark: 50,
    show_sample_results: true,
    items: items ?? [{ mcq: mcqId(false) }, { mcq: mcqId(true) }, { problem: 'gcd' }],
  });
}

async function invite(assessment, body = {}) {
  return api.call('POST', `/api/assessments/${assessment.id}/invitations`, {
    candidate_name: 'Ada Lovelace', candidate_email: 'ada@example.com', ...body,
  });
}

/** The attempt's id for the staff report (the invitation's id). */
async function attemptOf(assessment, invitation) {
  const list = await api.call('GET', `/api/assessments/${assessment.id}/attempts`);
  return list.attempts.find((attempt) => attempt.id === invitation.id) ?? list.attempts.at(-1);
}

function candidatePage(options) {
  return newPage(browser, server.url, options);
}

async function finishPage(page) {
  assert.deepEqual(page.problems, []);
  await page.context().close();
}

async function startAttempt(page, invitation) {
  await page.goto(server.url + invitation.link);
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await page.locator('.topbar').waitFor();
}

const setCode = pasteCode;

async function editorCode(page) {
  return (await page.locator('.cm-content .cm-line').allTextContents()).join('\n');
}

async function openQuestion(page, number) {
  await page.locator('.question-nav .q-button').nth(number - 1).click();
  await page.locator(`.question h2:text-matches("Question ${number} of")`).waitFor();
}

test('landing page, MCQs, runs, reload, text shown literally, keyboard start', async () => {
  const assessment = await makeAssessment();
  const invitation = await invite(assessment, { candidate_name: XSS_NAME, extra_time_pct: 25 });
  const page = await candidatePage();
  await page.goto(server.url + invitation.link);

  // The landing page: the facts, the rules, the signals.
  await page.locator('.landing').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Backend screen');
  assert.equal(await page.locator('.landing .candidate-name').textContent(), XSS_NAME);
  assert.equal(await page.locator('.invited-by').textContent(), 'Rita Recruiter');
  assert.equal(await page.locator('.question-count').textContent(), '3');
  assert.equal(await page.locator('.duration').textContent(), '45 minutes');
  assert.match(await page.locator('.extra-time').textContent(), /25% extra time.*56 minutes in total/);
  const signals = await page.locator('.signals li').evaluateAll((items) => items.map((item) => item.dataset.signal));
  assert.deepEqual(signals, ['focus_lost', 'focus_gained', 'paste', 'fullscreen_exit', 'question_opened', 'connection']);
  assert.match(await page.locator('.signals').textContent(), /only the length of the pasted text/);
  assert.equal(await page.locator('img').count(), 0, 'no element from the name');
  await screenshot(page, 'candidate-landing');

  // Keyboard only: Tab to Start, Enter.
  let onStart = false;
  for (let i = 0; i < 30 && !onStart; i += 1) {
    await page.keyboard.press('Tab');
    onStart = await page.evaluate(() => document.activeElement?.id === 'start-button');
  }
  assert.ok(onStart, 'Start is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.locator('.topbar').waitFor();
  assert.equal(await page.locator('.topbar .candidate-name').textContent(), XSS_NAME);
  assert.equal(await page.locator('.q-button').count(), 3);
  assert.equal(await page.locator('.q-button').nth(0).getAttribute('aria-current'), 'step');
  assert.equal(await page.locator('.q-button').nth(1).getAttribute('data-state'), 'unseen');
  const deadline = await page.locator('.timer').getAttribute('data-deadline-at');
  assert.ok(Number(deadline) > Date.now() + 55 * 60000, 'deadline includes the extra time');
  assert.match(await page.locator('.timer-value').textContent(), /^5[56]:\d\d$/);

  // MCQ 1: one answer, radios in a fieldset.
  assert.equal(await page.locator('.question fieldset legend').count(), 1);
  assert.equal(await page.locator('.question input[type=radio]').count() >= 2, true);
  await page.locator('.option label').nth(0).click();
  await eventually(async () => /^Saved at \d\d:\d\d:\d\d$/.test(await page.locator('.save-indicator').textContent()),
    5000, 'the choice to be saved');
  assert.equal(await page.locator('.q-button').nth(0).getAttribute('data-state'), 'answered');
  await page.getByRole('button', { name: 'Submit this answer' }).click();
  await eventually(async () => (await page.locator('.q-button').nth(0).getAttribute('data-state')) === 'submitted',
    5000, 'the question to be submitted');

  // MCQ 2: several answers, checkboxes.
  await page.getByRole('button', { name: 'Next →' }).click();
  assert.ok(await page.locator('.question input[type=checkbox]').count() >= 2);
  await page.locator('.option label').nth(0).click();
  await page.locator('.option label').nth(1).click();
  await eventually(async () => /^Saved at/.test(await page.locator('.save-indicator').textContent()), 5000, 'saved');
  await screenshot(page, 'candidate-mcq');

  // The coding question: samples pass.
  await openQuestion(page, 3);
  assert.match(await page.locator('.statement').textContent(), /greatest common divisor/i);
  assert.match(await editorCode(page), /raise NotImplementedError/, 'the starter code');
  await setCode(page, GOOD_GCD);
  assert.equal(await editorCode(page), GOOD_GCD.replace(/\n$/, '\n'));
  await page.getByRole('button', { name: 'Run samples' }).click();
  await page.locator('.test-result').first().waitFor({ timeout: 30000 });
  const verdicts = await page.locator('.test-result').evaluateAll((items) => items.map((item) => item.dataset.verdict));
  assert.ok(verdicts.length >= 2);
  assert.ok(verdicts.every((verdict) => verdict === 'ACCEPTED'), verdicts.join());
  assert.match(await page.locator('.run-status').textContent(), /2 of 2 sample tests accepted/);
  // The code comment is shown as text in the editor, never as markup.
  assert.equal(await page.locator('.cm-content img').count(), 0);
  assert.match(await page.locator('.cm-content').textContent(), /<img src=x onerror=alert\(1\)>/);
  await eventually(async () => /^Saved at/.test(await page.locator('.save-indicator').textContent()), 5000, 'code saved');
  await screenshot(page, 'candidate-coding-results');

  // Custom input for a function problem: a JSON list of arguments.
  assert.match(await page.locator('.custom label').textContent(), /JSON list/);
  await page.locator('.custom-input').fill('[48, -18]');
  await page.getByRole('button', { name: 'Run with this input' }).click();
  await eventually(async () => (await page.locator('.test-result').count()) === 1 &&
    (await page.locator('.test-result').getAttribute('data-verdict')) === 'OK', 30000, 'the custom run');
  assert.equal((await page.locator('.test-result .actual pre').textContent()).trim(), '6');

  // Wrong code: WRONG_ANSWER with the expected and the actual value.
  await setCode(page, WRONG_GCD);
  await page.getByRole('button', { name: 'Run samples' }).click();
  await eventually(async () => (await page.locator('.test-result[data-verdict="WRONG_ANSWER"]').count()) > 0,
    30000, 'a wrong answer');
  const wrong = page.locator('.test-result[data-verdict="WRONG_ANSWER"]').first();
  assert.ok((await wrong.locator('.expected pre').textContent()).trim().length > 0);
  assert.ok((await wrong.locator('.actual pre').textContent()).trim().length > 0);
  assert.match(await page.locator('.run-status').textContent(), /of 2 sample tests accepted/);

  // A reload while a run is in flight: its result comes to the new page.
  await setCode(page, `import time\ntime.sleep(1.5)\n${GOOD_GCD}`);
  await page.getByRole('button', { name: 'Run samples' }).click();
  await eventually(async () => /Running the samples/.test(await page.locator('.run-status').textContent()), 10000, 'the slow run queued');
  await page.reload();
  await page.locator('.question.coding').waitFor();
  await eventually(async () => /2 of 2 sample tests accepted/.test(await page.locator('.run-status').textContent()),
    30000, 'the result of a run asked for before the reload');

  // Back to the good code, saved; then a reload resumes the same place.
  await setCode(page, GOOD_GCD);
  await eventually(async () => /^Saved at/.test(await page.locator('.save-indicator').textContent()), 5000, 'saved again');
  await page.reload();
  await page.locator('.topbar').waitFor();
  await page.locator('.question.coding').waitFor();
  assert.equal(await page.locator('.q-button').nth(2).getAttribute('aria-current'), 'step');
  assert.equal(await editorCode(page), GOOD_GCD);
  // The question's latest result shows again.
  assert.match(await page.locator('.run-status').textContent(), /2 of 2 sample tests accepted/);
  assert.equal(await page.locator('.test-result[data-verdict="ACCEPTED"]').count(), 2);
  assert.equal(await page.locator('.timer').getAttribute('data-deadline-at'), deadline);
  assert.equal(await page.locator('.q-button').nth(0).getAttribute('data-state'), 'submitted');
  // What the page keeps in this browser never names the token.
  const token = invitation.link.split('/take/')[1];
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.ok(keys.length > 0 && keys.every((key) => !key.includes(token)), keys.join());
  await openQuestion(page, 1);
  assert.equal(await page.locator('.option input').nth(0).isChecked(), true);
  await openQuestion(page, 2);
  assert.equal(await page.locator('.option input').nth(0).isChecked(), true);
  assert.equal(await page.locator('.option input').nth(1).isChecked(), true);

  // The server has it all.
  const attempt = await attemptOf(assessment, invitation);
  const report = await api.call('GET', `/api/attempts/${attempt.id}`);
  assert.equal(report.questions[2].code, GOOD_GCD);
  // Every question was on screen for a while, the coding one the longest.
  assert.ok(report.questions.every((q) => q.time_ms > 0), JSON.stringify(report.questions.map((q) => q.time_ms)));
  assert.ok(report.questions[2].time_ms > report.questions[0].time_ms);
  assert.deepEqual(report.questions[0].choices, [0]);
  assert.deepEqual(report.questions[1].choices, [0, 1]);

  // Finish, with confirmation.
  await page.getByRole('button', { name: 'Finish…' }).click();
  const dialog = page.locator('dialog.confirm');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /answered 3 of 3/);
  await dialog.getByRole('button', { name: 'Finish and submit' }).click();
  await page.locator('.summary').waitFor();
  assert.match(await page.locator('.summary-title').textContent(), /You finished/);
  assert.match(await page.locator('.summary-counts').textContent(), /3 of 3 questions answered, 1 of 3 submitted by you/);
  await finishPage(page);
});

test('a lost connection: the banner, work kept and sent once back', async () => {
  const assessment = await makeAssessment({ items: [{ problem: 'gcd' }] });
  const invitation = await invite(assessment);
  const page = await candidatePage();
  await startAttempt(page, invitation);
  await page.locator('.question.coding').waitFor();
  await setCode(page, 'def gcd(a, b):\n    return 1\n');
  await eventually(async () => /^Saved at/.test(await page.locator('.save-indicator').textContent()), 5000, 'saved');

  await page.context().setOffline(true);
  await page.locator('.offline-banner[role=alert]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#connection-chip').getAttribute('data-status') !== 'online', true);
  const offlineCode = 'def gcd(a, b):\n    # typed while offline\n    return 2\n';
  await setCode(page, offlineCode);
  await eventually(async () => /^Not saved/.test(await page.locator('.save-indicator').textContent()),
    5000, 'the not-saved indicator');
  await screenshot(page, 'candidate-offline');
  // Still only in this browser.
  const attempt = await attemptOf(assessment, invitation);
  assert.notEqual((await api.call('GET', `/api/attempts/${attempt.id}`)).questions[0].code, offlineCode);

  await page.context().setOffline(false);
  await eventually(async () => (await page.locator('.offline-banner').count()) === 0, 20000, 'the banner to go');
  await eventually(async () => /^Saved at/.test(await page.locator('.save-indicator').textContent()), 10000, 'saved');
  const report = await api.call('GET', `/api/attempts/${attempt.id}`);
  assert.equal(report.questions[0].code, offlineCode);
  assert.ok(report.events.some((event) => event.kind === 'disconnected'));
  const pastes = report.events.filter((event) => event.kind === 'paste');
  assert.ok(pastes.length >= 2, 'pastes are recorded');
  const detail = (event) => (typeof event.detail === 'string' ? JSON.parse(event.detail) : event.detail);
  assert.equal(detail(pastes.at(-1)).length, offlineCode.length, 'only the length, sent after the reconnect');
  await finishPage(page);
});

test('the deadline locks the page and shows a summary', async () => {
  const assessment = await makeAssessment({ duration: 0.1, items: [{ mcq: mcqId(false) }, { problem: 'gcd' }] });
  const invitation = await invite(assessment);
  const page = await candidatePage();
  await startAttempt(page, invitation);
  // Six seconds is under every mark: the 1-minute warning is what shows.
  const warning = page.locator('.time-warning[role=alert]');
  await warning.waitFor({ timeout: 5000 });
  assert.match(await warning.textContent(), /1 minute left/);
  await page.locator('.option label').nth(1).click();
  await openQuestion(page, 2);
  await setCode(page, 'def gcd(a, b):\n    return 3\n');
  // Typed right before the deadline, still sent (urgent saves skip the debounce).
  await page.locator('.summary').waitFor({ timeout: 20000 });
  assert.match(await page.locator('.summary-title').textContent(), /Time is up/);
  assert.match(await page.locator('.summary-counts').textContent(), /2 of 2 questions answered/);
  assert.equal(await page.locator('.cm-content').count(), 0, 'no editor left to type in');
  assert.equal(await page.locator('main input:not([disabled]), main textarea:not([disabled])').count(), 0);
  await screenshot(page, 'candidate-locked');
  const attempt = await attemptOf(assessment, invitation);
  const report = await eventually(async () => {
    const r = await api.call('GET', `/api/attempts/${attempt.id}`);
    return r.status === 'submitted' ? r : null;
  }, 10000, 'the attempt to be submitted');
  assert.equal(report.questions[1].code, 'def gcd(a, b):\n    return 3\n', JSON.stringify(report.questions[1]).slice(0, 600));
  assert.deepEqual(report.questions[0].choices, [1]);

  // A reload after the end shows the summary again.
  await page.reload();
  await page.locator('.summary').waitFor();
  assert.match(await page.locator('.summary-title').textContent(), /over/);
  await finishPage(page);
});

test('links that cannot be used get a full-page explanation', async () => {
  const page = await candidatePage();
  await page.goto(`${server.url}/take/not-a-real-token`);
  await page.locator('.fatal[data-code="invalid_token"]').waitFor();
  assert.match(await page.locator('h1').textContent(), /not valid/);

  const assessment = await makeAssessment({ items: [{ problem: 'gcd' }] });
  const invitation = await invite(assessment);
  await api.call('POST', `/api/invitations/${invitation.id}/revoke`);
  await page.goto(server.url + invitation.link);
  await page.locator('.fatal[data-code="revoked"]').waitFor();
  assert.match(await page.locator('h1').textContent(), /withdrawn/);
  await finishPage(page);
});

test('another window takes over; the first one stops', async () => {
  const assessment = await makeAssessment({ items: [{ problem: 'gcd' }] });
  const invitation = await invite(assessment);
  const first = await candidatePage();
  await startAttempt(first, invitation);
  const second = await candidatePage();
  await second.goto(server.url + invitation.link);
  await second.locator('.question.coding').waitFor();
  await first.locator('.fatal[data-code="replaced"]').waitFor();
  assert.match(await first.locator('h1').textContent(), /another window/);
  await finishPage(first);
  await finishPage(second);
});

test('at 200% zoom (640x400) the page reflows without sideways scrolling', async () => {
  const assessment = await makeAssessment();
  const invitation = await invite(assessment, { candidate_name: 'Grace Hopper' });
  const page = await candidatePage({ viewport: { width: 640, height: 400 } });
  await page.goto(server.url + invitation.link);
  await page.locator('.landing').waitFor();
  const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(await noSideways(), 'landing fits');
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await openQuestion(page, 3);
  assert.ok(await noSideways(), 'coding question fits');
  await screenshot(page, 'candidate-zoom200');
  await openQuestion(page, 2);
  assert.ok(await noSideways(), 'MCQ fits');
  await finishPage(page);
});
