// The candidate's test page, /take/<token>. The token (the link's last path
// segment) is sent nowhere but in the WebSocket `hello` (docs/protocol.md).
import { announce, h, replace } from '../lib/dom.js';
import { Connection } from './connection.js';
import { LocalState } from './storage.js';
import { Countdown } from './timer.js';
import { clock } from '../lib/format.js';
import { Saver } from './saver.js';
import { confirmDialog } from './dialog.js';
import { fatalView, landingView, summaryView } from './pages.js';
import { mcqView } from './mcq.js';
import { codingView, runSummary } from './coding.js';
import { fullscreenSupported, watchSignals } from './signals.js';

const RUN_ERRORS = {
  busy: 'The graders are busy right now, so nothing was run. Try again in a few seconds.',
  rate_limited: 'Too many runs: at most 10 a minute. Wait a little, then run again.',
  run_in_progress: 'Two runs are already waiting for their results. Wait for them, then run again.',
  not_saved: 'The code could not be saved, so it was not run. Run it again.',
  too_large: 'The code or the input is over 64 KiB, so it was not run.',
  connection_lost: 'The connection dropped before the run was queued. Run it again once reconnected.',
  internal: 'The service failed to run this code (not your fault). Try again.',
  bad_message: 'The run was refused.',
};

function savedTime(at) {
  return new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

class App {
  constructor(token) {
    this.token = token;
    this.local = new LocalState(token);
    this.main = document.getElementById('main');
    this.app = document.getElementById('app');
    this.welcome = null;
    this.questions = [];
    this.answers = new Map(); // q -> {choices, code, submitted}
    this.code = new Map(); // q -> the editor's latest text
    this.runs = new Map(); // q -> {state, message, result, run}
    this.current = 0;
    this.view = null;
    this.indicator = null;
    this.phase = 'loading'; // loading | landing | test | ending | over | fatal
    this.eventQueue = [];
    this.countdown = new Countdown({
      onTick: (ms) => this.tick(ms),
      onWarning: (minutes) => this.warning(minutes),
      onZero: () => this.timeUp(),
    });
    this.connection = new Connection(token, {
      onWelcome: (message) => this.applyState(message),
      onMessage: (message) => this.receive(message),
      onStatus: (status) => this.connectionStatus(status),
      onFatal: (code, message) => this.fatal(code, message),
    });
    this.saver = new Saver({
      connection: this.connection,
      local: this.local,
      remaining: () => this.countdown.remaining(),
      onChange: (q, entry) => this.saveStateChanged(q, entry),
    });
    watchSignals((kind, extra) => this.signal(kind, extra));
    window.addEventListener('pagehide', () => { if (this.phase === 'test') this.saver.flushAll(); });
  }

  start() {
    this.connection.open();
  }

  // ---- messages ----------------------------------------------------------

  applyState(message) {
    this.countdown.sync(message.server_time);
    this.welcome = { ...this.welcome, ...message };
    if (this.phase === 'over' || this.phase === 'fatal') return;
    if (message.status === 'invited') {
      if (this.phase !== 'landing') this.showLanding();
      return;
    }
    this.questions = Array.isArray(message.questions) ? message.questions : [];
    for (const answer of Array.isArray(message.answers) ? message.answers : []) {
      this.answers.set(answer.question, { ...answer });
    }
    if (message.status === 'submitted') {
      this.finalize('submitted');
      return;
    }
    if (message.status !== 'started') return;
    const reconnect = this.phase === 'test' || this.phase === 'ending';
    if (!reconnect) {
      // The code in each editor: unsent local work first, then the saved code, then the starter.
      for (const question of this.questions) {
        const q = question.question;
        const pending = this.local.pending(q);
        if (pending && (pending.kind === 'code' || pending.kind === 'choices')) {
          this.saver.restore(q, pending);
          if (pending.kind === 'code') this.code.set(q, String(pending.value ?? ''));
          else this.answers.set(q, { ...this.answers.get(q), question: q, choices: pending.value });
        }
        if (question.kind === 'coding' && !this.code.has(q)) {
          const saved = this.answers.get(q)?.code;
          this.code.set(q, typeof saved === 'string' && saved !== '' ? saved : (question.starter ?? ''));
        }
      }
      const stored = this.local.currentQuestion;
      this.current = stored >= 0 && stored < this.questions.length ? stored : 0;
      this.phase = 'test';
      this.showTest(message.type === 'started');
    }
    // After the test is on screen: a warning due at once (a short test)
    // has somewhere to show.
    if (typeof message.deadline_at === 'number') {
      this.countdown.setDeadline(message.deadline_at);
    }
    this.applyRuns(message.runs);
    if (reconnect) {
      this.updateNav();
      this.reportQuestion();
    }
    this.saver.flushAll();
    this.sendQueuedEvents();
  }

  receive(message) {
    switch (message.type) {
      case 'welcome':
      case 'started':
        this.applyState(message);
        break;
      case 'pong':
        this.countdown.sync(message.server_time);
        break;
      case 'time':
        this.countdown.syncRemaining(message.remaining_ms, message.server_time);
        break;
      case 'warning':
        this.countdown.warn(message.minutes_left);
        break;
      case 'deadline':
        this.finalize('deadline');
        break;
      case 'finished':
        this.finalize('finished');
        break;
      case 'question_submitted': {
        const answer = this.answers.get(message.question) ?? { question: message.question };
        this.answers.set(message.question, { ...answer, submitted: true });
        this.updateNav();
        if (message.question === this.current) this.renderFooterState();
        break;
      }
      case 'saved': {
        const answer = this.answers.get(message.question) ?? { question: message.question };
        this.answers.set(message.question, { ...answer, saved_at: message.at });
        break;
      }
      case 'run_result':
        this.runResult(message);
        break;
      case 'error':
        if (message.code === 'attempt_over' || message.code === 'deadline_passed') {
          this.finalize('deadline');
        } else if (message.code === 'already_started') {
          this.connection.send({ type: 'hello', token: this.token });
        } else if (message.in_reply_to === undefined && message.code === 'rate_limited') {
          // A signal or ping was dropped: harmless.
        }
        break;
      default:
        break;
    }
  }

  connectionStatus(status) {
    this.online = status === 'online';
    const chip = document.getElementById('connection-chip');
    if (chip) {
      chip.dataset.status = status;
      chip.textContent = { online: 'Connected', offline: 'Offline', reconnecting: 'Reconnecting…', connecting: 'Connecting…' }[status] ?? status;
    }
    const slot = document.getElementById('offline-slot');
    if (!slot) return;
    if (status === 'offline' || status === 'reconnecting') {
      if (!slot.querySelector('.offline-banner')) {
        replace(slot, h('div', { class: 'banner error offline-banner', role: 'alert' },
          h('strong', {}, 'Connection lost. '),
          'Keep working: your changes are kept in this browser and will be sent as soon as the connection is back. Reconnecting…'));
      }
      this.wasOffline = true;
    } else if (status === 'online' && this.wasOffline) {
      this.wasOffline = false;
      replace(slot, h('div', { class: 'banner success reconnected-banner' }, 'Connection restored. Your changes are being saved.'));
      announce('Connection restored. Your changes are being saved.');
      clearTimeout(this.reconnectedTimer);
      this.reconnectedTimer = setTimeout(() => {
        const banner = slot.querySelector('.reconnected-banner');
        if (banner) banner.remove();
      }, 5000);
    }
  }

  // ---- landing, errors ---------------------------------------------------

  showLanding() {
    this.phase = 'landing';
    document.title = `${this.welcome.title || 'Assessment'} — start`;
    replace(this.main, landingView(this.welcome, (failed) => {
      if (!this.connection.send({ type: 'start' })) failed();
    }));
  }

  fatal(code, message) {
    if (this.phase === 'over') return;
    this.phase = 'fatal';
    this.countdown.stop();
    this.saver.close();
    document.title = 'Assessment unavailable';
    replace(this.app, h('main', { id: 'main', tabindex: '-1', class: 'narrow' }, fatalView(code, message)));
  }

  // ---- the test ----------------------------------------------------------

  showTest(justStarted) {
    document.title = `${this.welcome.title || 'Assessment'} — in progress`;
    const fullscreenButton = fullscreenSupported()
      ? h('button', { type: 'button', class: 'fullscreen-button', onclick: () => this.toggleFullscreen() }, 'Enter full screen')
      : null;
    this.fullscreenButton = fullscreenButton;
    document.addEventListener('fullscreenchange', () => {
      if (this.fullscreenButton) this.fullscreenButton.textContent = document.fullscreenElement ? 'Leave full screen' : 'Enter full screen';
    });
    this.timerValue = h('span', { class: 'timer-value' }, '—');
    this.timer = h('div', { class: 'timer', role: 'timer', 'aria-label': 'Time left' },
      h('span', { class: 'timer-label' }, 'Time left'), this.timerValue);
    this.finishButton = h('button', { type: 'button', class: 'primary finish-button', onclick: () => this.finish() }, 'Finish…');
    const header = h('header', { class: 'topbar' },
      h('div', { class: 'brand' },
        h('h1', { class: 'assessment-title' }, this.welcome.title || 'Assessment'),
        h('p', { class: 'who' }, h('span', { class: 'candidate-name' }, this.welcome.candidate_name || ''))),
      h('div', { class: 'topbar-tools' },
        h('span', { id: 'connection-chip', class: 'connection-chip', role: 'status', dataset: { status: 'online' } }, 'Connected'),
        this.timer, fullscreenButton, this.finishButton));
    this.navList = h('ol', { class: 'question-list' });
    this.navButtons = this.questions.map((question, index) => {
      const status = h('span', { class: 'q-status' });
      const button = h('button', { type: 'button', class: 'q-button', onclick: () => this.open(index, true) },
        h('span', { class: 'q-number' }, String(index + 1)),
        h('span', { class: 'q-label' }, this.label(question)),
        status);
      button.statusNode = status;
      this.navList.append(h('li', {}, button));
      return button;
    });
    const nav = h('nav', { class: 'question-nav', 'aria-label': 'Questions' },
      h('h2', { class: 'nav-title' }, 'Questions'), this.navList,
      h('p', { class: 'nav-legend hint' }, 'Statuses: not seen, seen, answered, submitted.'));
    this.main = h('main', { id: 'main', tabindex: '-1', class: 'question-area' });
    replace(this.app,
      header,
      h('div', { class: 'banners' },
        h('div', { id: 'offline-slot' }),
        h('div', { id: 'warning-slot' })),
      h('div', { class: 'workspace' }, nav, this.main));
    this.updateNav();
    this.tick(this.countdown.remaining());
    this.open(this.current, justStarted);
    if (justStarted) announce(`The assessment has started. ${this.questions.length} questions.`);
  }

  label(question) {
    if (question.kind === 'coding') return question.title || 'Coding question';
    const text = String(question.text ?? '').replace(/[`*_#>]/g, '').trim().split('\n')[0];
    return text.length > 48 ? `${text.slice(0, 46)}…` : (text || 'Multiple choice');
  }

  questionState(q) {
    const question = this.questions[q];
    const answer = this.answers.get(q);
    if (answer?.submitted) return 'submitted';
    if (this.isAnswered(q)) return 'answered';
    if (this.local.seen.has(q)) return 'seen';
    return question ? 'unseen' : 'unseen';
  }

  isAnswered(q) {
    const question = this.questions[q];
    if (!question) return false;
    if (question.kind === 'coding') {
      const code = this.code.get(q) ?? '';
      return code.trim() !== '' && code !== (question.starter ?? '');
    }
    const choices = this.answers.get(q)?.choices;
    return Array.isArray(choices) && choices.length > 0;
  }

  updateNav() {
    if (!this.navButtons) return;
    const words = { unseen: 'not seen', seen: 'seen', answered: 'answered', submitted: 'submitted' };
    this.navButtons.forEach((button, q) => {
      const state = this.questionState(q);
      button.dataset.state = state;
      button.statusNode.textContent = words[state];
      if (q === this.current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
    });
  }

  open(q, focus) {
    if (q < 0 || q >= this.questions.length) return;
    if (this.view?.destroy) this.view.destroy();
    this.current = q;
    this.local.currentQuestion = q;
    this.local.markSeen(q);
    this.reportQuestion();
    const question = this.questions[q];
    this.indicator = h('p', { class: 'save-indicator', role: 'status', dataset: { state: 'idle' } });
    this.footerState = h('p', { class: 'submit-state' });
    this.submitButton = h('button', { type: 'button', class: 'submit-question', onclick: () => this.submitQuestion(q) }, 'Submit this answer');
    const footer = h('footer', { class: 'question-foot' },
      h('div', { class: 'submit-box' }, this.submitButton, this.footerState),
      h('div', { class: 'pager' },
        h('button', { type: 'button', class: 'prev', disabled: q === 0, onclick: () => this.open(q - 1, true) }, '← Previous'),
        h('button', { type: 'button', class: 'next', disabled: q === this.questions.length - 1, onclick: () => this.open(q + 1, true) }, 'Next →')));
    const common = { number: q + 1, total: this.questions.length, saveIndicator: this.indicator, footer };
    if (question.kind === 'coding') {
      this.view = codingView(question, {
        ...common,
        code: this.code.get(q) ?? question.starter ?? '',
        runState: this.runs.get(q),
        onCode: (text) => {
          this.code.set(q, text);
          this.saver.change(q, 'code', text);
          this.updateNav();
        },
        onRun: (code, input) => this.run(q, code, input),
      });
    } else {
      this.view = mcqView(question, {
        ...common,
        choices: this.answers.get(q)?.choices,
        onChoose: (choices) => {
          this.answers.set(q, { ...this.answers.get(q), question: q, choices });
          this.saver.change(q, 'choices', choices, { immediate: true });
          this.updateNav();
        },
      });
    }
    replace(this.main, this.view);
    this.view.editor?.requestMeasure();
    const entry = this.saver.entries.get(q);
    this.saveStateChanged(q, entry ?? null);
    this.renderFooterState();
    this.updateNav();
    if (focus) this.view.focusTitle();
  }

  renderFooterState() {
    if (!this.footerState) return;
    const submitted = this.answers.get(this.current)?.submitted;
    this.footerState.textContent = submitted
      ? 'Submitted. You can still change it until the end; the latest saved version counts.'
      : 'Not submitted yet. Everything saved is submitted automatically at the end.';
    this.submitButton.textContent = submitted ? 'Submit again' : 'Submit this answer';
  }

  saveStateChanged(q, entry) {
    if (q !== this.current || !this.indicator) return;
    const indicator = this.indicator;
    const saved = this.answers.get(q)?.saved_at;
    let text;
    let state = entry?.state ?? 'idle';
    if (state === 'pending' || state === 'saving') text = 'Saving…';
    else if (state === 'saved') text = `Saved at ${savedTime(entry.savedAt)}`;
    else if (state === 'failed') {
      text = {
        offline: 'Not saved — offline; will retry when reconnected',
        too_large: 'Not saved — the code is over 64 KiB',
        over: 'Not saved — the time was up',
      }[entry.error] ?? 'Not saved — will retry';
    } else {
      text = saved ? `Saved at ${savedTime(saved)}` : 'No changes yet';
      state = 'idle';
    }
    indicator.dataset.state = state;
    if (indicator.textContent !== text) indicator.textContent = text;
  }

  // ---- runs --------------------------------------------------------------

  setRun(q, state) {
    this.runs.set(q, state);
    if (q === this.current && this.view?.showRun) this.view.showRun(state);
  }

  run(q, code, input) {
    const previous = this.runs.get(q);
    const custom = input !== null && input !== undefined;
    this.setRun(q, { state: 'sending', message: custom ? 'Sending your code and input…' : 'Sending your code…', result: previous?.result });
    const message = { type: 'run', question: q, code };
    if (custom) message.input = input;
    const sent = this.connection.send(message, (reply) => {
      if (reply.type === 'run_queued') {
        this.setRun(q, { state: 'queued', run: reply.run, message: custom ? 'Running on your input…' : 'Running the samples…', result: previous?.result });
        announce(custom ? 'Running on your input.' : 'Running the samples.');
      } else if (reply.type === 'error') {
        if (reply.code === 'attempt_over' || reply.code === 'deadline_passed') return;
        const text = RUN_ERRORS[reply.code] ?? (reply.message || 'The run failed.');
        this.setRun(q, { state: 'error', message: text, result: previous?.result });
        announce(text);
      }
    });
    if (!sent) {
      const text = 'You are offline, so the code cannot run now. Your code is kept; run it again once reconnected.';
      this.setRun(q, { state: 'error', message: text, result: previous?.result });
      announce(text);
    }
  }

  // What the server says of this attempt's runs (welcome.runs): runs still
  // in flight stay queued here, and their results will come to this
  // connection; each question's latest result shows again after a reload.
  // A run this page was waiting for that the server no longer knows of
  // (it restarted) is over: the code was saved, so run it again.
  applyRuns(runs) {
    const pending = new Map(); // q -> the newest run still in flight
    for (const run of Array.isArray(runs?.pending) ? runs.pending : []) {
      if (!pending.has(run.question) || pending.get(run.question).run < run.run) pending.set(run.question, run);
    }
    const latest = new Map();
    for (const result of Array.isArray(runs?.latest) ? runs.latest : []) latest.set(result.question, result);
    for (const question of this.questions) {
      const q = question.question;
      const local = this.runs.get(q);
      const waiting = local && (local.state === 'queued' || local.state === 'sending');
      if (pending.has(q)) {
        const run = pending.get(q);
        this.setRun(q, { state: 'queued', run: run.run, message: run.mode === 'custom' ? 'Running on your input…' : 'Running the samples…', result: latest.get(q) ?? local?.result });
      } else if (latest.has(q) && (!local || waiting)) {
        this.runResult(latest.get(q), { quiet: !waiting });
      } else if (waiting) {
        this.setRun(q, { state: 'error', message: 'This run’s result was lost while the connection was down. Your code is saved: run it again.', result: local.result });
      }
    }
  }

  runResult(message, { quiet = false } = {}) {
    const q = message.question;
    const current = this.runs.get(q);
    if (typeof current?.run === 'number' && current.run > message.run &&
        (current.state === 'queued' || current.state === 'done')) {
      // An earlier run of this question: a newer one is shown or awaited.
      if (current.state === 'queued') this.setRun(q, { ...current, result: message });
      return;
    }
    const summary = runSummary(message);
    const allGood = !message.cancelled && Array.isArray(message.tests) && message.tests.length > 0 &&
      message.tests.every((test) => test.verdict === 'ACCEPTED' || test.verdict === 'OK');
    this.setRun(q, { state: 'done', run: message.run, message: summary, result: message, good: allGood });
    if (!quiet) announce(`Question ${q + 1}: ${summary}`);
  }

  // ---- submit, finish ----------------------------------------------------

  submitQuestion(q) {
    this.saver.flush(q);
    const sent = this.connection.send({ type: 'submit', question: q }, (reply) => {
      if (reply.type === 'question_submitted') {
        announce(`Question ${q + 1} submitted.`);
      } else if (reply.type === 'error' && q === this.current && this.footerState) {
        this.footerState.textContent = reply.code === 'connection_lost'
          ? 'Not submitted: the connection dropped. Try again once reconnected.'
          : `Not submitted: ${reply.message || reply.code}`;
      }
    });
    if (!sent && this.footerState) {
      this.footerState.textContent = 'Not submitted: you are offline. Try again once reconnected (your work is kept).';
    }
  }

  async finish() {
    const total = this.questions.length;
    const answered = this.questions.filter((question) => this.isAnswered(question.question)).length;
    const ok = await confirmDialog({
      title: 'Finish the assessment?',
      body: [`You have answered ${answered} of ${total} question${total === 1 ? '' : 's'}, with ${clock(this.countdown.remaining())} left.`,
        'Everything you have saved will be submitted, and you will not be able to change your answers afterwards.'],
      confirm: 'Finish and submit',
      cancel: 'Keep working',
    });
    if (!ok || this.phase !== 'test') return;
    this.finishButton.disabled = true;
    this.finishButton.textContent = 'Submitting…';
    await this.saver.settle(5000);
    const sent = this.connection.send({ type: 'finish' }, (reply) => {
      if (reply.type === 'error' && !['attempt_over', 'deadline_passed'].includes(reply.code)) {
        this.finishButton.disabled = false;
        this.finishButton.textContent = 'Finish…';
        this.flashWarning(`Could not finish: ${reply.code === 'connection_lost' ? 'the connection dropped' : reply.message || reply.code}. Try again.`, 'error');
      }
    });
    if (!sent) {
      this.finishButton.disabled = false;
      this.finishButton.textContent = 'Finish…';
      this.flashWarning('Could not finish: you are offline. Try again once reconnected.', 'error');
    }
  }

  // ---- time --------------------------------------------------------------

  tick(ms) {
    if (!this.timerValue) return;
    const text = clock(ms);
    if (this.timerValue.textContent !== text) this.timerValue.textContent = text;
    this.timer.dataset.deadlineAt = String(this.countdown.deadline);
    this.timer.classList.toggle('low', ms <= 5 * 60000);
    this.timer.classList.toggle('critical', ms <= 60000);
  }

  warning(minutes) {
    if (this.phase !== 'test') return;
    const text = minutes === 1
      ? '1 minute left. Your saved work is submitted automatically when the time is up.'
      : `${minutes} minutes left.`;
    this.flashWarning(text, 'warning');
  }

  flashWarning(text, kind) {
    const slot = document.getElementById('warning-slot');
    if (!slot) return;
    replace(slot, h('div', { class: `banner ${kind} time-warning`, role: 'alert' },
      h('span', {}, text),
      h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this message', onclick: () => replace(slot) }, '×')));
  }

  timeUp() {
    if (this.phase !== 'test') return;
    this.phase = 'ending';
    this.lockInputs();
    this.saver.flushAll();
    announce('Time is up. Your work is being submitted.');
    // The server says `deadline` at once; if it cannot (offline), show the summary anyway.
    this.endTimer = setTimeout(() => this.finalize('deadline'), 8000);
  }

  lockInputs() {
    this.view?.lock?.();
    for (const control of this.app.querySelectorAll('main button, main input, main textarea, .finish-button')) {
      control.disabled = true;
    }
  }

  finalize(reason) {
    if (this.phase === 'over') return;
    const wasRunning = this.phase === 'test' || this.phase === 'ending';
    this.phase = 'over';
    clearTimeout(this.endTimer);
    this.countdown.stop();
    const unsent = wasRunning ? this.saver.pendingCount() : 0;
    this.saver.close();
    this.connection.stop();
    if (this.view?.destroy) this.view.destroy();
    this.view = null;
    if (unsent === 0) this.local.clearAll(this.questions.length);
    const rows = this.questions.map((question, q) => ({
      number: q + 1,
      label: this.label(question),
      answered: this.isAnsweredFinal(q),
      submitted: Boolean(this.answers.get(q)?.submitted),
    }));
    document.title = `${this.welcome?.title || 'Assessment'} — submitted`;
    const main = h('main', { id: 'main', tabindex: '-1', class: 'narrow' },
      summaryView({ reason, title: this.welcome?.title, candidate: this.welcome?.candidate_name, rows, unsent }));
    replace(this.app, main);
    main.focus();
    announce(reason === 'finished' ? 'You finished. Your work was submitted.' : 'The time is up. Your work was submitted.');
  }

  isAnsweredFinal(q) {
    const question = this.questions[q];
    if (question?.kind === 'coding' && !this.code.has(q)) {
      const code = this.answers.get(q)?.code ?? '';
      return code.trim() !== '' && code !== (question.starter ?? '');
    }
    return this.isAnswered(q);
  }

  // ---- proctoring signals -------------------------------------------------

  signal(kind, extra = {}) {
    if (this.phase !== 'test') return;
    const message = { type: 'event', kind, ...extra };
    if (!this.connection.send(message)) {
      if (this.eventQueue.length < 100) this.eventQueue.push(message);
    }
  }

  // Which question is on screen, for the report's time per question. Not
  // queued while offline (the server dates an event when it arrives);
  // a reconnect reports the question again.
  reportQuestion() {
    if (this.phase !== 'test') return;
    this.connection.send({ type: 'event', kind: 'question_opened', question: this.current });
  }

  sendQueuedEvents() {
    const queue = this.eventQueue;
    this.eventQueue = [];
    for (const message of queue) {
      if (!this.connection.send(message)) this.eventQueue.push(message);
    }
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen?.();
    else document.documentElement.requestFullscreen?.().catch(() => {
      this.flashWarning('Full screen is not available in this browser window.', 'info');
    });
  }
}

function tokenFromPath() {
  const parts = location.pathname.split('/').filter(Boolean);
  if (parts.length !== 2 || parts[0] !== 'take') return '';
  try {
    return decodeURIComponent(parts[1]);
  } catch {
    return '';
  }
}

const token = tokenFromPath();
if (!token) {
  replace(document.getElementById('main'), fatalView('no_token'));
} else {
  new App(token).start();
}
