// The whole journey through both pages, as the people using them would
// take it: a recruiter signs in, builds a short assessment in the builder
// and invites a candidate; the candidate opens the link, answers the MCQs
// (one right, one wrong), runs code that fails a sample and code that
// passes them all, reloads mid-test and resumes, and lets the deadline
// pass; the recruiter then reads the exact scores in the report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually, launchBrowser, makeRecruiter, newPage, pasteCode, screenshot, startProctord,
} from './harness.mjs';

const WRONG_GCD = 'def gcd(a, b):\n    return a * b\n';
const GOOD_GCD = [
  'def gcd(a, b):',
  '    a, b = abs(a), abs(b)',
  '    while b:',
  '        a, b = b, a % b',
  '    return a',
  '',
].join('\n');

let server;
let browser;
let recruiter;

before(async () => {
  server = await startProctord();
  browser = await launchBrowser();
  recruiter = await makeRecruiter(server);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function page() {
  return newPage(browser, server.url);
}

async function clean(opened) {
  assert.deepEqual(opened.problems, [], 'no script errors, CSP violations, dialogs or foreign requests');
  await opened.context().close();
}

// A second single-answer MCQ from the basics set, and one of its wrong
// options (the candidate will pick it).
async function wrongMcq() {
  const bank = await recruiter.api.call('GET', '/api/bank');
  const basics = bank.mcq_sets.find((set) => set.id === 'basics');
  const question = basics.questions.find((q) => q.id !== 'multi-paradigm' && !q.multiple &&
    q.difficulty === 'easy');
  return { key: `mcq:basics/${question.id}`, wrong: question.options.findIndex((o) => !o.correct) };
}

async function runSamples(candidate) {
  await candidate.getByRole('button', { name: 'Run samples' }).click();
  await eventually(async () => (await candidate.locator('.test-result').count()) >= 2 &&
    !/queued|running|waiting/i.test(await candidate.locator('.run-status').textContent()),
  30000, 'the sample results');
  return candidate.locator('.test-result').evaluateAll((items) => items.map((i) => i.dataset.verdict));
}

test('recruiter builds and invites; the candidate takes it; the report has the exact scores', async () => {
  const second = await wrongMcq();

  // The recruiter: sign in, build, invite.
  const staff = await page();
  await staff.goto(`${server.url}/#/login`);
  await staff.getByLabel('E-mail').fill(recruiter.email);
  await staff.getByLabel('Password').fill(recruiter.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await staff.getByRole('heading', { name: 'Assessments', level: 1 }).waitFor();
  await staff.getByRole('link', { name: 'New assessment' }).first().click();
  const filters = staff.getByRole('search', { name: 'Filter the bank' });
  // Each pick waits until it is in the list: the bank re-renders after
  // every filter change, and a click must not land on the old list.
  const pick = async (key, count) => {
    const item = staff.locator(`.bank-item[data-key="${key}"]`);
    await item.waitFor();
    await item.getByRole('button', { name: /^Add / }).click();
    await eventually(async () => (await staff.locator('li.picked').count()) === count,
      5000, `${key} picked`);
  };
  await filters.getByLabel('Search').fill('common divisor');
  await pick('problem:gcd', 1);
  await filters.getByLabel('Search').fill('');
  await filters.getByLabel('Type').selectOption('mcq');
  await filters.getByLabel('Topic').selectOption('set:basics');
  await pick('mcq:basics/multi-paradigm', 2);
  await pick(second.key, 3);
  await staff.getByLabel('Title').fill('Journey screen');
  await staff.getByLabel('Duration (minutes)').fill('1');
  await staff.getByLabel('Pass mark (%)').fill('60');
  await staff.locator('li.picked').nth(0).locator('input.points').fill('30');
  await staff.locator('li.picked').nth(1).locator('input.points').fill('5');
  await staff.locator('li.picked').nth(2).locator('input.points').fill('4');
  await staff.getByRole('button', { name: 'Create assessment' }).click();
  await staff.getByRole('heading', { name: 'Journey screen', level: 1 }).waitFor();
  await staff.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await staff.getByLabel('E-mail', { exact: true }).fill('grace@example.com');
  await staff.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = await staff.getByRole('textbox', { name: 'Link for Grace Hopper' }).inputValue();
  await screenshot(staff, 'journey-invited');

  // The candidate: the link, the landing page, start.
  const candidate = await page();
  await candidate.goto(link);
  await candidate.getByRole('button', { name: 'Start the assessment' }).click();
  await candidate.locator('.topbar').waitFor();
  const deadline = await candidate.locator('.timer').getAttribute('data-deadline-at');

  // The coding question first: a wrong program fails a sample, then the
  // right one passes them all.
  await candidate.locator('.question.coding').waitFor();
  await pasteCode(candidate, WRONG_GCD);
  const failing = await runSamples(candidate);
  assert.ok(failing.includes('WRONG_ANSWER'), failing.join());
  await pasteCode(candidate, GOOD_GCD);
  const passing = await runSamples(candidate);
  assert.ok(passing.every((verdict) => verdict === 'ACCEPTED'), passing.join());

  // The MCQs: the right option for the first, a wrong one for the second.
  await candidate.locator('.question-nav .q-button').nth(1).click();
  await candidate.locator('.option label').nth(0).click();
  await eventually(async () => /^Saved at/.test(await candidate.locator('.save-indicator').textContent()),
    5000, 'the first choice saved');
  await candidate.locator('.question-nav .q-button').nth(2).click();
  await candidate.locator('.option label').nth(second.wrong).click();
  await eventually(async () => /^Saved at/.test(await candidate.locator('.save-indicator').textContent()),
    5000, 'the second choice saved');

  // A reload mid-test resumes the same question with the same deadline.
  await candidate.reload();
  await candidate.locator('.topbar').waitFor();
  assert.equal(await candidate.locator('.q-button').nth(2).getAttribute('aria-current'), 'step');
  assert.equal(await candidate.locator('.timer').getAttribute('data-deadline-at'), deadline);
  assert.equal(await candidate.locator('.option input').nth(second.wrong).isChecked(), true);

  // The deadline passes: the page locks with a summary.
  await candidate.locator('.summary').waitFor({ timeout: 90000 });
  assert.match(await candidate.locator('.summary-title').textContent(), /Time is up/);
  await screenshot(candidate, 'journey-deadline');
  await clean(candidate);

  // The recruiter's report: 30 for the code, 5 for the right MCQ, 0 for
  // the wrong one (no negative marking): 35 of 39, over the 60% mark.
  const attempts = await eventually(async () => {
    const { assessments } = await recruiter.api.call('GET', '/api/assessments');
    const id = assessments.find((a) => a.title === 'Journey screen').id;
    const { attempts: list } = await recruiter.api.call('GET', `/api/assessments/${id}/attempts`);
    return list.every((a) => a.graded) ? list : null;
  }, 60000, 'the attempt graded');
  await staff.goto(`${server.url}/#/attempts/${attempts[0].id}`);
  await staff.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
  assert.equal(await staff.locator('.score-big').textContent(), '35 / 39 passed');
  assert.match(await staff.locator('section.question-coding .question-score').textContent(), /30 \/ 30 points/);
  const mcqScores = await staff.locator('section.question-mcq .question-score').allTextContents();
  assert.match(mcqScores[0], /5 \/ 5 points/);
  assert.match(mcqScores[1], /0 \/ 4 points/);
  await screenshot(staff, 'journey-report');
  await clean(staff);
});
