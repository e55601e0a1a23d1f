// One candidate's report: the standing, every question (tests, code with
// playback, MCQ choices against the key), the proctoring timeline,
// connection gaps and similarity matches shown side by side. Printable.
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { renderMarkdown } from '../lib/markdown.js';
import { clock, when, score } from '../lib/format.js';
import { heading, facts, statusBadge, passedBadge, pct, banner, busy, showError, simpleTable } from './ui.js';
import { codePlayback, codeListing } from './code-view.js';
import { flagList } from './assessment.js';

const GOOD = new Set(['ACCEPTED', 'OK']);
function verdictBadge(verdict) {
  const kind = GOOD.has(verdict) ? 'good' : verdict === 'INTERNAL_ERROR' || !verdict ? 'neutral' : 'bad';
  return h('span', { class: `verdict ${kind}` }, verdict || '—');
}

function number(value, unit) {
  return value === null || value === undefined ? '—' : `${value}${unit}`;
}

function testsTable(tests) {
  const rows = tests.map((t) => [t.name, t.group ?? '', verdictBadge(t.verdict), score(t.points),
    number(t.cpu_ms, ' ms'), number(t.wall_ms, ' ms'),
    t.memory_kb === null || t.memory_kb === undefined ? '—' : `${Math.round(t.memory_kb / 102.4) / 10} MB`,
    t.detail ? h('span', { class: 'detail' }, t.detail) : '']);
  return simpleTable('Tests', ['Test', 'Group', 'Verdict', 'Points', 'CPU', 'Wall', 'Memory', 'Detail'], rows,
    { className: 'data tests', numeric: [3, 4, 5, 6] });
}

function sampleData(tests) {
  const samples = tests.filter((t) => 'input' in t || 'output' in t || 'expected' in t);
  if (!samples.length) return null;
  return h('div', { class: 'samples' }, h('h4', {}, 'Sample tests: data'),
    samples.map((t) => h('details', { class: 'sample-run' },
      h('summary', {}, `${t.name}: `, verdictBadge(t.verdict)),
      h('div', { class: 'sample-io four' },
        ['input', 'expected', 'output', 'stderr'].map((key) => h('figure', {},
          h('figcaption', {}, { input: 'Input', expected: 'Expected', output: 'Output', stderr: 'Standard error' }[key]),
          h('pre', {}, t[key] ?? ''))))))); 
}

function runsText(runs) {
  if (Array.isArray(runs)) return String(runs.length);
  if (runs === null || runs === undefined) return '0';
  return String(runs);
}

function codingQuestion(q, index) {
  const tests = q.tests ?? [];
  return [
    facts([
      ['Submitted', q.submitted ? 'yes' : 'no'],
      ['Last saved', when(q.last_saved_at)],
      ['Runs made', runsText(q.runs)],
      ['Snapshots', String((q.history ?? []).length)],
      q.internal_errors ? ['Internal errors', String(q.internal_errors)] : [null, null],
    ].filter(([k]) => k), 'facts compact'),
    q.grading_error ? banner('warning', `Not graded: ${q.grading_error}`) : null,
    q.internal_errors ? banner('warning', `${q.internal_errors} test(s) could not be run by the service; they scored nothing. Regrade this attempt.`) : null,
    tests.length ? testsTable(tests) : h('p', { class: 'muted' }, 'No test results.'),
    tests.length ? sampleData(tests) : null,
    h('h4', {}, 'Code'),
    codePlayback({ code: q.code ?? '', history: q.history ?? [], lastSavedAt: q.last_saved_at, label: `Code for question ${index + 1}` }),
  ];
}

function optionText(option) {
  return typeof option === 'string' ? option : option?.text ?? '';
}

function mcqQuestion(q) {
  const chosen = new Set(Array.isArray(q.choices) ? q.choices : []);
  const correct = new Set(Array.isArray(q.correct) ? q.correct
    : (q.options ?? []).map((o, i) => (o?.correct ? i : -1)).filter((i) => i >= 0));
  const outcome = q.outcome ?? (chosen.size ? null : 'unanswered');
  return [
    h('div', { class: 'markdown' }, renderMarkdown(q.text)),
    q.snippet ? h('pre', { class: 'code snippet' }, q.snippet) : null,
    h('p', {}, 'Outcome: ', h('span', {
      class: `verdict ${outcome === 'correct' ? 'good' : outcome === 'wrong' ? 'bad' : 'neutral'}`, 'data-outcome': outcome ?? '' }, outcome ?? 'not graded')),
    h('ol', { class: 'options report-options', type: 'A' }, (q.options ?? []).map((option, i) => {
      const isChosen = chosen.has(i);
      const isCorrect = correct.has(i);
      const marks = [];
      if (isChosen) marks.push(h('span', { class: `mark ${isCorrect ? 'good' : 'bad'}` }, isCorrect ? 'chosen · correct' : 'chosen · wrong'));
      else if (isCorrect) marks.push(h('span', { class: 'mark key' }, 'correct answer (not chosen)'));
      return h('li', { class: ['option', isChosen ? 'chosen' : '', isCorrect ? 'correct' : '', isChosen && !isCorrect ? 'wrong' : ''].join(' ').trim() },
        h('span', { class: 'markdown option-text' }, renderMarkdown(optionText(option))), marks);
    })),
    chosen.size ? null : h('p', { class: 'muted' }, 'The candidate did not answer.'),
    q.explanation ? h('div', { class: 'explanation' }, h('h4', {}, 'Explanation'),
      h('div', { class: 'markdown' }, renderMarkdown(q.explanation))) : null,
  ];
}

function detailText(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

function timeline(report) {
  const start = report.started_at || (report.events?.[0]?.at ?? 0);
  // Which question was open shows as time per question, not here.
  const events = (report.events ?? []).filter((e) => e.kind !== 'question_opened');
  if (!events.length) return h('p', { class: 'muted' }, 'No events recorded.');
  const notable = new Set(['focus_lost', 'paste', 'fullscreen_exit', 'disconnected', 'connection_replaced', 'time_credited', 'deadline']);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data timeline' },
    h('caption', {}, 'Proctoring events, in order'),
    h('thead', {}, h('tr', {}, ['Time', 'Into the attempt', 'Event', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, events.map((e) => h('tr', { class: notable.has(e.kind) ? 'notable' : null },
      h('td', {}, new Date(e.at).toLocaleTimeString()),
      h('td', { class: 'numeric' }, start && e.at >= start ? clock(e.at - start) : '—'),
      h('td', {}, h('span', { class: `event event-${notable.has(e.kind) ? 'notable' : 'plain'}` }, e.kind)),
      h('td', {}, detailText(e.detail)))))));
}

function gapsTable(gaps) {
  if (!gaps?.length) return h('p', { class: 'muted' }, 'No connection gaps of a second or more.');
  return simpleTable('Connection gaps', ['From', 'To', 'Length'],
    gaps.map((g) => [when(g.from) + ` (${new Date(g.from).toLocaleTimeString()})`, new Date(g.to).toLocaleTimeString(), clock(g.ms)]));
}

async function similaritySection(report, slot) {
  const matches = report.similarity ?? [];
  if (!matches.length) {
    replace(slot, h('p', { class: 'muted' }, 'No similar code among the other submitted attempts.'));
    return;
  }
  const others = new Map();
  const otherReport = (id) => {
    if (!others.has(id)) others.set(id, api('GET', `/api/attempts/${id}`));
    return others.get(id);
  };
  replace(slot, matches.map((m) => {
    const box = h('section', { class: 'similar-match' });
    const question = report.questions?.[m.question];
    const title = `Question ${m.question + 1}${question?.title ? ` (${question.title})` : ''}: ${Math.round(m.score * 100)}% similar to ${m.other_candidate}`;
    const regions = (m.regions ?? []).map((r, index) => ({ index, first: r.lines[0], last: r.lines[1], ofirst: r.other_lines[0], olast: r.other_lines[1] }));
    replace(box, h('h3', {}, title),
      h('p', {}, h('a', { href: `#/attempts/${m.other_attempt}` }, `Open the report of ${m.other_candidate}`)),
      h('ul', { class: 'regions' }, regions.map((r) => h('li', { class: `sim-key sim-region-${r.index % 4}` },
        `Region ${r.index + 1}: lines ${r.first}–${r.last} here match lines ${r.ofirst}–${r.olast} there`))),
      h('p', { class: 'loading' }, 'Loading the other code…'));
    otherReport(m.other_attempt).then((other) => {
      const theirs = other.questions?.[m.question];
      box.querySelector('.loading')?.remove();
      box.append(h('div', { class: 'side-by-side' },
        codeListing(question?.code ?? '', regions, `${report.candidate_name} (this attempt)`),
        codeListing(theirs?.code ?? '', regions.map((r) => ({ index: r.index, first: r.ofirst, last: r.olast })),
          `${other.candidate_name} (attempt ${other.id})`)));
    }).catch((error) => {
      box.querySelector('.loading')?.remove();
      showError(box.appendChild(h('div')), error, 'Could not load the other attempt');
    });
    return box;
  }));
}

export async function reportPage(main, { id }, ctx) {
  const report = await api('GET', `/api/attempts/${encodeURIComponent(id)}`);
  if (!ctx.alive()) return;
  const status = h('div', { class: 'form-errors' });
  const regrade = h('button', { type: 'button', disabled: report.status !== 'submitted' }, 'Regrade');
  regrade.addEventListener('click', async () => {
    const done = busy(regrade, 'Regrading…');
    try {
      await api('POST', `/api/attempts/${report.id}/regrade`);
      replace(status, banner('info', 'Regrading: the report reloads when the new grade is stored.'));
      announce('Regrading');
      const until = Date.now() + 120000;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        if (!status.isConnected) return;
        const fresh = await api('GET', `/api/attempts/${report.id}`);
        if (fresh.graded || Date.now() > until) break;
      }
      if (status.isConnected) reportPage(main, { id }, ctx).then(() => {
        announce('The new grade is shown');
        main.querySelector('h1')?.focus();
      });
    } catch (error) {
      done();
      showError(status, error, 'Regrade failed');
    }
  });
  const print = h('button', { type: 'button' }, 'Print');
  print.addEventListener('click', () => window.print());
  const flags = flagList(report);
  const similarity = h('div', { class: 'similarity' });

  replace(main,
    h('p', { class: 'crumbs no-print' }, h('a', { href: `#/assessments/${report.assessment?.id}` }, `← ${report.assessment?.title ?? 'Assessment'}`)),
    h('div', { class: 'page-head' }, heading(report.candidate_name),
      h('div', { class: 'toolbar no-print' }, print, regrade)),
    h('p', { class: 'subtitle' }, `${report.candidate_email} · ${report.assessment?.title ?? ''}`),
    status,
    report.needs_regrade ? banner('warning', 'Needs regrade: the service failed to run some of this attempt’s tests. They scored nothing, which is not the candidate’s failure; regrade it.') : null,
    report.status === 'submitted' && !report.graded ? banner('info', 'Being graded: the score appears in a few seconds (reload).') : null,
    h('section', { class: 'panel summary', 'aria-label': 'Summary' },
      h('div', { class: 'score-big' },
        h('span', { class: 'score-value' }, report.score === null ? '—' : score(report.score)),
        h('span', { class: 'score-max' }, ` / ${score(report.max_score)}`),
        ' ', passedBadge(report.passed)),
      facts([
        ['Status', statusBadge(report.status)],
        ['Percentile', pct(report.percentile)],
        ['Pass mark', `${report.assessment?.pass_mark ?? '—'}%`],
        ['Time used', report.time_used_ms ? clock(report.time_used_ms) : '—'],
        ['Extra time', `${report.extra_time_pct ?? 0}%`],
        ['Started', when(report.started_at)],
        ['Submitted', when(report.submitted_at)],
        ['Negative marking', report.assessment?.negative_marking ? 'yes' : 'no'],
        ['Flags', flags.length ? flags.join(', ') : 'none'],
      ])),
    h('h2', {}, 'Questions'),
    (report.questions ?? []).map((q, index) => h('section', { class: `panel question question-${q.kind}`, 'aria-labelledby': `q-${index}` },
      h('div', { class: 'question-head' },
        h('h3', { id: `q-${index}` }, `Question ${index + 1}: `, q.kind === 'coding' ? (q.title || q.ref) : q.ref,
          h('span', { class: 'kind-label' }, q.kind === 'coding' ? ' (coding)' : ' (multiple choice)')),
        h('span', { class: 'question-score' }, `${score(q.score)} / ${score(q.points)} points`),
        h('span', { class: 'question-time', title: 'Time this question was on screen' },
          `${clock(q.time_ms ?? 0)} on it`)),
      q.kind === 'coding' ? codingQuestion(q, index) : mcqQuestion(q))),
    h('section', { class: 'panel', 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Proctoring timeline'), timeline(report)),
    h('section', { class: 'panel', 'aria-labelledby': 'gaps-title' },
      h('h2', { id: 'gaps-title' }, 'Connection gaps'), gapsTable(report.connection_gaps)),
    h('section', { class: 'panel', 'aria-labelledby': 'similarity-title' },
      h('h2', { id: 'similarity-title' }, 'Similar code'), similarity));
  similaritySection(report, similarity);
}
