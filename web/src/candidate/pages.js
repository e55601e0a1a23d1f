// The whole-page views: the landing page before the start, a link that
// cannot be used, another window taking over, and the summary once the
// work is submitted.
import { h } from '../lib/dom.js';
import { durationText } from '../lib/format.js';

const SIGNAL_WORDS = {
  focus_lost: 'when you leave this tab or window (switching tabs or applications, minimising)',
  focus_gained: 'when you come back to this tab or window',
  paste: 'when you paste text: only the length of the pasted text, never its content',
  fullscreen_exit: 'when you leave full-screen mode (if you entered it)',
  question_opened: 'which question you have open, for the time spent on each',
};

function fact(term, ...value) {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

export function landingView(welcome, onStart) {
  const durationMs = Number(welcome.duration_minutes) * 60000;
  const extra = Number(welcome.extra_time_pct) || 0;
  const totalMs = durationMs * (1 + extra / 100);
  const count = Number(welcome.question_count) || 0;
  const signals = Array.isArray(welcome.recorded_signals) ? welcome.recorded_signals : [];
  const startButton = h('button', { type: 'button', class: 'primary start', id: 'start-button' }, 'Start the assessment');
  const status = h('p', { class: 'start-status', role: 'status' });
  startButton.addEventListener('click', () => {
    startButton.disabled = true;
    status.textContent = 'Starting…';
    onStart(() => {
      startButton.disabled = false;
      status.textContent = 'Could not start: the connection is down. Try again in a moment.';
    });
  });

  return h('div', { class: 'landing' },
    h('header', { class: 'landing-head' },
      h('p', { class: 'eyebrow' }, 'Coding assessment'),
      h('h1', { id: 'page-title' }, welcome.title || 'Assessment'),
      h('p', { class: 'lead' }, 'Hello ', h('strong', { class: 'candidate-name' }, welcome.candidate_name || 'candidate'),
        welcome.invited_by ? [', you were invited by ', h('strong', { class: 'invited-by' }, welcome.invited_by), '.'] : '.')),
    h('section', { class: 'card', 'aria-labelledby': 'facts-title' },
      h('h2', { id: 'facts-title' }, 'About this assessment'),
      h('dl', { class: 'facts' },
        fact('Questions', h('span', { class: 'question-count' }, String(count))),
        fact('Duration', h('span', { class: 'duration' }, durationText(durationMs))),
        extra > 0 ? fact('Extra time', h('span', { class: 'extra-time' },
          `${extra}% extra time granted: `, h('strong', {}, `${durationText(totalMs)} in total`))) : null)),
    h('section', { class: 'card', 'aria-labelledby': 'rules-title' },
      h('h2', { id: 'rules-title' }, 'Rules'),
      h('ul', { class: 'rules' },
        h('li', {}, `The timer starts when you press Start and cannot be paused. You have ${durationText(totalMs)}.`),
        h('li', {}, 'Your answers are saved automatically as you work. At the end of the time, everything saved is submitted for you.'),
        h('li', {}, 'You can move between questions freely, run your code against the sample tests, and submit each answer when you are happy with it.'),
        h('li', {}, 'If your connection drops, keep working: your changes stay in this browser and are sent when it is back. Reloading the page is safe.'),
        h('li', {}, 'Work on your own, in one browser window.'))),
    h('section', { class: 'card', 'aria-labelledby': 'signals-title' },
      h('h2', { id: 'signals-title' }, 'What is recorded'),
      h('p', {}, 'While the assessment runs, this page records the following, with the time each happened, for the recruiter’s report:'),
      h('ul', { class: 'signals' },
        signals.map((signal) => h('li', { dataset: { signal } }, SIGNAL_WORDS[signal] ?? signal)),
        h('li', { dataset: { signal: 'connection' } }, 'when this page connects to and disconnects from the server')),
      h('p', { class: 'muted' }, 'Nothing else is recorded: no camera, no microphone, no screen capture, no keystrokes.')),
    h('div', { class: 'start-row' },
      h('p', { class: 'hint' }, 'Keyboard: Tab moves between controls. In the code editor Tab indents; press Esc then Tab to leave it.'),
      startButton, status));
}

const FATAL = {
  invalid_token: ['This link is not valid',
    'The assessment link could not be recognised. Check that you opened the complete link from your invitation, or ask the recruiter who invited you for a new one.'],
  revoked: ['This invitation was withdrawn',
    'The recruiter withdrew this invitation, so the assessment can no longer be taken with this link. Contact them if you think this is a mistake.'],
  expired: ['This invitation has expired',
    'The time allowed for starting this assessment has passed. Ask the recruiter who invited you for a new link.'],
  replaced: ['The assessment is open in another window',
    'This assessment was opened in another window or tab, which now has control. Continue there: your saved work is the same. This page has stopped so that the two do not overwrite each other.'],
  no_token: ['No assessment link',
    'This page needs the full link from your invitation (it ends with a long code).'],
};

export function fatalView(code, message) {
  const [title, text] = FATAL[code] ?? ['Something went wrong', message || 'The assessment could not be loaded.'];
  const actions = code === 'replaced'
    ? h('p', {}, h('button', { type: 'button', class: 'primary', onclick: () => location.reload() }, 'Continue in this window instead'))
    : null;
  return h('div', { class: 'fatal card', role: 'alert', dataset: { code } },
    h('h1', { id: 'page-title' }, title),
    h('p', {}, text),
    actions);
}

/** questions: [{number, label, answered, submitted}] */
export function summaryView({ reason, title, candidate, rows, unsent }) {
  const answered = rows.filter((row) => row.answered).length;
  const submitted = rows.filter((row) => row.submitted).length;
  const heading = {
    deadline: 'Time is up: your work was submitted',
    finished: 'You finished: your work was submitted',
    submitted: 'This assessment is over: your work was submitted',
    ending: 'Time is up: submitting your work…',
  }[reason] ?? 'Your work was submitted';
  return h('div', { class: 'summary card' },
    h('h1', { id: 'page-title', class: 'summary-title' }, heading),
    h('p', {}, title ? [h('strong', {}, title), ' — '] : null, candidate ? [candidate, '. '] : null,
      'Everything saved was submitted and will be graded. You cannot change your answers any more.'),
    unsent > 0 ? h('p', { class: 'banner warning', role: 'alert' },
      `${unsent} change${unsent === 1 ? '' : 's'} made while offline could not reach the server before the end.`) : null,
    h('p', { class: 'summary-counts' },
      h('strong', {}, `${answered} of ${rows.length}`), ' questions answered, ',
      h('strong', {}, `${submitted} of ${rows.length}`), ' submitted by you before the end.'),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'summary-table' },
        h('caption', { class: 'visually-hidden' }, 'Your questions'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Answered'),
          h('th', { scope: 'col' }, 'Submitted by you'))),
        h('tbody', {}, rows.map((row) => h('tr', {},
          h('th', { scope: 'row' }, `${row.number}. ${row.label}`),
          h('td', {}, row.answered ? 'Yes' : 'No'),
          h('td', {}, row.submitted ? 'Yes' : 'No')))))),
    h('p', { class: 'muted' }, 'You can close this page now. Thank you!'));
}
