// A multiple-choice question: the text (Markdown), an optional snippet,
// and a radio group (one answer) or checkboxes (several), saved on change.
import { h } from '../lib/dom.js';
import { renderMarkdown } from '../lib/markdown.js';

export function mcqView(question, { number, total, choices, onChoose, saveIndicator, footer }) {
  const multiple = Boolean(question.multiple);
  const chosen = new Set(Array.isArray(choices) ? choices : []);
  const name = `q${question.question}-choice`;
  const legendId = `q${question.question}-legend`;
  const inputs = [];
  const changed = () => {
    const picked = inputs.filter((input) => input.checked).map((input) => Number(input.value));
    onChoose(picked);
  };
  const options = (question.options ?? []).map((option, index) => {
    const text = typeof option === 'string' ? option : (option?.text ?? '');
    const input = h('input', { type: multiple ? 'checkbox' : 'radio', name, value: String(index),
      id: `${name}-${index}`, checked: chosen.has(index), onchange: changed });
    inputs.push(input);
    return h('div', { class: 'option' },
      input,
      h('label', { for: `${name}-${index}` },
        h('span', { class: 'option-letter', 'aria-hidden': 'true' }, `${String.fromCharCode(65 + index)}.`),
        h('span', { class: 'option-text markdown' }, renderMarkdown(text))));
  });
  const clear = multiple ? null : h('button', { type: 'button', class: 'link-button', onclick: () => {
    for (const input of inputs) input.checked = false;
    changed();
  } }, 'Clear my answer');

  const view = h('article', { class: 'question mcq', 'aria-labelledby': `q${question.question}-title` },
    h('header', { class: 'question-head' },
      h('h2', { id: `q${question.question}-title`, tabindex: '-1' }, `Question ${number} of ${total}`),
      h('p', { class: 'question-meta' }, `Multiple choice · ${pointsText(question.points)} · `,
        multiple ? 'choose every correct answer' : 'choose one answer')),
    h('div', { class: 'markdown question-text' }, renderMarkdown(question.text)),
    question.snippet ? h('pre', { class: 'snippet', tabindex: '0', 'aria-label': 'Code snippet' }, h('code', {}, question.snippet)) : null,
    h('fieldset', { class: 'choices' },
      h('legend', { id: legendId }, multiple ? 'Your answer (choose every correct option)' : 'Your answer (choose one)'),
      options),
    h('div', { class: 'answer-tools' }, clear, saveIndicator),
    footer);
  view.lock = () => { for (const input of inputs) input.disabled = true; if (clear) clear.disabled = true; };
  view.focusTitle = () => view.querySelector('h2').focus();
  return view;
}

export function pointsText(points) {
  const value = Math.round(Number(points) * 100) / 100;
  return `${value} point${value === 1 ? '' : 's'}`;
}
