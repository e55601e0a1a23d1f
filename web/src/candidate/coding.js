// A coding question: the statement (Markdown, rendered safely), the sample
// tests, the editor, runs on the samples or on custom input, and their
// results.
import { h, replace } from '../lib/dom.js';
import { renderMarkdown } from '../lib/markdown.js';
import { EditorState, StateEffect } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { createEditor, editorText, setEditorText } from '../lib/editor.js';
import { confirmDialog } from './dialog.js';
import { pointsText } from './mcq.js';

const VERDICT_WORDS = {
  ACCEPTED: 'Accepted',
  WRONG_ANSWER: 'Wrong answer',
  RUNTIME_ERROR: 'Runtime error',
  TIME_LIMIT: 'Time limit exceeded',
  MEMORY_LIMIT: 'Memory limit exceeded',
  OUTPUT_LIMIT: 'Output limit exceeded',
  SECURITY_VIOLATION: 'Security violation',
  INTERNAL_ERROR: 'Internal error (the service failed, not your code)',
  OK: 'Ran to the end',
};

function verdictClass(verdict) {
  if (verdict === 'ACCEPTED' || verdict === 'OK') return 'good';
  if (verdict === 'INTERNAL_ERROR') return 'neutral';
  return 'bad';
}

export function codingView(question, { number, total, code, runState, onCode, onRun, saveIndicator, footer }) {
  const id = `q${question.question}`;
  const isFunction = Boolean(question.function);
  const entry = question.entry || 'solution';

  // The editor (in a shadow root, with our look: see lib/editor.js).
  const editorHost = h('div', { class: 'editor-host' });
  const editor = createEditor(editorHost, {
    sheets: [editorSheet()],
    doc: code,
    label: `Your Python code for question ${number}`,
    onChange: (text) => onCode(text),
  });
  editor.contentDOM.setAttribute('aria-describedby', `${id}-editor-hint`);

  const resetButton = h('button', { type: 'button', class: 'reset' }, 'Reset to starter code');
  resetButton.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: 'Reset to the starter code?',
      body: 'Your code for this question will be replaced by the starter code. This cannot be undone.',
      confirm: 'Reset my code', danger: true,
    });
    if (ok) {
      setEditorText(editor, question.starter ?? '');
      editor.focus();
    }
  });

  // Runs.
  const runSamplesButton = h('button', { type: 'button', class: 'primary run-samples' }, 'Run samples');
  runSamplesButton.addEventListener('click', () => onRun(editorText(editor), null));
  const customInput = h('textarea', { id: `${id}-custom`, class: 'custom-input', rows: '3', spellcheck: 'false',
    'aria-describedby': `${id}-custom-hint`,
    placeholder: question.samples?.[0]?.input?.trim() ?? '' });
  const runCustomButton = h('button', { type: 'button', class: 'run-custom' }, 'Run with this input');
  runCustomButton.addEventListener('click', () => onRun(editorText(editor), customInput.value));
  const results = h('div', { class: 'results-body' });
  const runStatus = h('p', { class: 'run-status', role: 'status' });

  const samples = Array.isArray(question.samples) ? question.samples : [];
  const view = h('article', { class: 'question coding', 'aria-labelledby': `${id}-title` },
    h('header', { class: 'question-head' },
      h('h2', { id: `${id}-title`, tabindex: '-1' }, `Question ${number} of ${total}: `, question.title ?? 'Coding'),
      h('p', { class: 'question-meta' }, `Coding · ${pointsText(question.points)} · `,
        isFunction ? ['write the function ', h('code', {}, entry)] : 'reads standard input, writes standard output',
        question.time_limit_s ? ` · time limit ${question.time_limit_s} s per test` : '')),
    h('section', { class: 'statement markdown', 'aria-label': 'Problem statement' }, renderMarkdown(question.statement)),
    samples.length ? h('section', { class: 'samples', 'aria-labelledby': `${id}-samples-title` },
      h('h3', { id: `${id}-samples-title` }, 'Sample tests'),
      h('div', { class: 'sample-list' }, samples.map((sample) => h('div', { class: 'sample' },
        h('h4', {}, sample.name),
        h('div', { class: 'io' },
          h('div', {}, h('span', { class: 'io-label' }, isFunction ? 'Arguments' : 'Input'),
            h('pre', {}, sample.input)),
          h('div', {}, h('span', { class: 'io-label' }, isFunction ? 'Returns' : 'Expected output'),
            h('pre', {}, sample.output))))))) : null,
    h('section', { class: 'code-area', 'aria-labelledby': `${id}-code-title` },
      h('div', { class: 'code-head' },
        h('h3', { id: `${id}-code-title` }, 'Your code'),
        saveIndicator),
      h('p', { class: 'hint', id: `${id}-editor-hint` },
        'Python 3. Tab indents inside the editor; press Esc then Tab to leave it. Your code is saved automatically.'),
      editorHost,
      h('div', { class: 'toolbar' }, runSamplesButton, resetButton)),
    h('section', { class: 'custom', 'aria-labelledby': `${id}-custom-title` },
      h('h3', { id: `${id}-custom-title` }, 'Try your own input'),
      h('div', { class: 'field' },
        h('label', { for: `${id}-custom` }, isFunction
          ? `Arguments for ${entry}(…), as a JSON list`
          : 'Standard input for your program'),
        h('span', { class: 'hint', id: `${id}-custom-hint` }, isFunction
          ? `For example ${samples[0]?.input?.trim() || '[1, 2]'} calls ${entry} with those arguments; the result is shown as JSON.`
          : 'Given to your program exactly as typed; end lines with Enter as the samples do.'),
        customInput),
      h('div', { class: 'toolbar' }, runCustomButton)),
    h('section', { class: 'results', 'aria-labelledby': `${id}-results-title` },
      h('h3', { id: `${id}-results-title` }, 'Results'),
      runStatus,
      results),
    footer);

  let locked = false;
  view.showRun = (state) => {
    const busy = state && (state.state === 'sending' || state.state === 'queued');
    runSamplesButton.disabled = locked || busy;
    runCustomButton.disabled = locked || busy;
    results.setAttribute('aria-busy', busy ? 'true' : 'false');
    runStatus.className = 'run-status';
    if (!state || state.state === 'idle') {
      runStatus.textContent = 'Run your code to see results here.';
      replace(results);
      return;
    }
    runStatus.textContent = state.message ?? '';
    if (state.state === 'error') runStatus.classList.add('banner', 'error');
    if (state.state === 'queued' || state.state === 'sending') runStatus.classList.add('pending');
    replace(results, state.result ? resultList(state.result, isFunction) : null);
  };
  view.showRun(runState);
  view.lock = () => {
    locked = true;
    editor.dispatch({ effects: StateEffect.appendConfig.of([EditorState.readOnly.of(true), EditorView.editable.of(false)]) });
    for (const control of [resetButton, runSamplesButton, runCustomButton, customInput]) control.disabled = true;
  };
  view.editor = editor;
  view.destroy = () => editor.destroy();
  view.focusTitle = () => view.querySelector('h2').focus();
  return view;
}

let sheet = null;
function editorSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`
      .cm-editor { min-height: var(--editor-height, 16rem); max-height: 70vh; font-size: 0.95rem; }
      .cm-editor.cm-focused { outline: none; }
      .cm-scroller { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
        min-height: var(--editor-height, 16rem); line-height: 1.5; }
      .cm-gutters { background: #f6f8fa; color: #57606a; border-right: 1px solid #d0d7de; }
      .cm-activeLineGutter { background: #e7f0fc; }
      .cm-content[aria-readonly="true"], .cm-editor:not(.cm-focused) .cm-activeLine { background: transparent; }
    `);
  }
  return sheet;
}

function block(label, text, className = '') {
  if (text === undefined || text === null) return null;
  return h('div', { class: `io ${className}` },
    h('span', { class: 'io-label' }, label),
    text === '' ? h('p', { class: 'muted empty' }, '(empty)') : h('pre', {}, text));
}

function resultList(result, isFunction) {
  if (result.cancelled) return h('p', { class: 'muted' }, 'This run was cancelled because the attempt ended.');
  const tests = Array.isArray(result.tests) ? result.tests : [];
  return h('ol', { class: 'test-results' }, tests.map((test) => {
    const verdict = String(test.verdict ?? '');
    const figures = [
      typeof test.cpu_ms === 'number' ? `${test.cpu_ms} ms CPU` : null,
      typeof test.memory_kb === 'number' ? `${Math.round(test.memory_kb / 1024 * 10) / 10} MB` : null,
    ].filter(Boolean).join(' · ');
    const custom = result.mode === 'custom';
    return h('li', { class: `test-result ${verdictClass(verdict)}`, dataset: { verdict } },
      h('div', { class: 'test-head' },
        h('span', { class: 'test-name' }, custom ? 'Custom input' : test.name),
        h('span', { class: `verdict ${verdictClass(verdict)}`, title: VERDICT_WORDS[verdict] ?? verdict }, verdict),
        h('span', { class: 'verdict-words' }, VERDICT_WORDS[verdict] ?? ''),
        figures ? h('span', { class: 'figures muted' }, figures) : null),
      test.detail ? h('p', { class: 'detail' }, test.detail) : null,
      h('div', { class: 'test-io' },
        custom ? null : block(isFunction ? 'Arguments' : 'Input', test.input),
        custom ? null : block(isFunction ? 'Expected return value' : 'Expected output', test.expected, 'expected'),
        block(custom ? (isFunction ? 'Returned' : 'Output') : (isFunction ? 'Your return value' : 'Your output'), test.output, 'actual')),
      test.stderr ? block('Standard error', test.stderr, 'stderr') : null);
  }));
}

/** "2 of 3 samples accepted" and the like, for the status line and screen readers. */
export function runSummary(result) {
  if (result.cancelled) return 'The run was cancelled because the attempt ended.';
  const tests = Array.isArray(result.tests) ? result.tests : [];
  if (result.mode === 'custom') {
    const test = tests[0];
    if (!test) return 'The custom run finished.';
    return test.verdict === 'OK' ? 'Custom run finished.' : `Custom run: ${VERDICT_WORDS[test.verdict] ?? test.verdict}.`;
  }
  const accepted = tests.filter((test) => test.verdict === 'ACCEPTED').length;
  return `${accepted} of ${tests.length} sample test${tests.length === 1 ? '' : 's'} accepted.`;
}
