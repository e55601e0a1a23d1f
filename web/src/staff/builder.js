// The assessment builder: pick questions from the bank (ordered, with
// points), set the title, duration, pass mark and options, and create it.
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { navigate } from './router.js';
import { loadBank, bankBrowser } from './bank.js';
import { heading, field, showError, busy, nextId } from './ui.js';

export async function builderPage(main, params, ctx) {
  const bank = await loadBank();
  if (!ctx.alive()) return;
  const picked = []; // {item, points: input}
  const pickedList = h('ol', { class: 'picked-list', 'aria-label': 'Chosen questions' });
  const total = h('p', { class: 'total', role: 'status' });
  const addButtons = new Set();

  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: '200' });
  const duration = h('input', { type: 'number', name: 'duration', min: '0.05', max: '600', step: 'any', value: '45', required: true, class: 'short' });
  const passMark = h('input', { type: 'number', name: 'pass_mark', min: '0', max: '100', step: 'any', value: '50', class: 'short' });
  const negative = h('input', { type: 'checkbox', name: 'negative_marking' });
  const showSamples = h('input', { type: 'checkbox', name: 'show_sample_results', checked: true });
  const errors = h('div', { class: 'form-errors' });
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create assessment');

  const updateButtons = () => {
    for (const button of [...addButtons]) {
      if (!button.isConnected) { addButtons.delete(button); continue; }
      const chosen = picked.some((p) => p.item.key === button.dataset.key);
      button.disabled = chosen;
      button.textContent = chosen ? 'Added' : 'Add';
    }
  };

  const renderPicked = (focusKey, focusWhat) => {
    let sum = 0;
    replace(pickedList, picked.map((entry, index) => {
      sum += Number(entry.points.value) || 0;
      const label = `${index + 1}. ${entry.item.title}`;
      const up = h('button', { type: 'button', class: 'small icon', 'aria-label': `Move up: ${entry.item.title}`, disabled: index === 0, dataset: { act: 'up' } }, '↑');
      const down = h('button', { type: 'button', class: 'small icon', 'aria-label': `Move down: ${entry.item.title}`, disabled: index === picked.length - 1, dataset: { act: 'down' } }, '↓');
      const remove = h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove: ${entry.item.title}`, dataset: { act: 'remove' } }, 'Remove');
      up.addEventListener('click', () => move(index, -1, 'up'));
      down.addEventListener('click', () => move(index, 1, 'down'));
      remove.addEventListener('click', () => {
        picked.splice(index, 1);
        renderPicked(picked[Math.min(index, picked.length - 1)]?.item.key, 'remove');
        updateButtons();
        announce(`Removed ${entry.item.title}`);
      });
      const pointsId = nextId('points');
      entry.points.id = pointsId;
      return h('li', { class: 'picked', dataset: { key: entry.item.key } },
        h('div', { class: 'picked-title' },
          h('span', { class: `kind kind-${entry.item.kind}` }, entry.item.kind === 'coding' ? 'coding' : 'MCQ'),
          h('span', {}, entry.item.title), h('span', { class: 'ref' }, entry.item.ref)),
        h('div', { class: 'picked-controls' },
          h('label', { for: pointsId, class: 'points-label' }, 'Points', h('span', { class: 'visually-hidden' }, ` for ${label}`)),
          entry.points, up, down, remove));
    }));
    if (!picked.length) pickedList.append(h('li', { class: 'muted empty' }, 'No questions yet: add some from the bank.'));
    total.textContent = `${picked.length} question${picked.length === 1 ? '' : 's'}, ${Math.round(sum * 100) / 100} points in all`;
    if (focusKey) pickedList.querySelector(`li[data-key="${CSS.escape(focusKey)}"] [data-act="${focusWhat}"]:not(:disabled)`)?.focus();
    if (focusWhat === 'remove' && !picked.length) title.focus();
  };
  const move = (index, by, what) => {
    const [entry] = picked.splice(index, 1);
    picked.splice(index + by, 0, entry);
    renderPicked(entry.item.key, what);
    announce(`${entry.item.title} moved to position ${index + by + 1}`);
  };
  const add = (item) => {
    if (picked.some((p) => p.item.key === item.key)) return;
    const points = h('input', { type: 'number', min: '0', step: 'any', value: String(item.points ?? 1), class: 'points' });
    points.addEventListener('input', () => renderTotal());
    picked.push({ item, points });
    renderPicked();
    updateButtons();
    announce(`Added ${item.title}; ${picked.length} questions chosen`);
  };
  const renderTotal = () => {
    const sum = picked.reduce((s, e) => s + (Number(e.points.value) || 0), 0);
    total.textContent = `${picked.length} question${picked.length === 1 ? '' : 's'}, ${Math.round(sum * 100) / 100} points in all`;
  };

  const browser = bankBrowser(bank, {
    actions: (item) => {
      const button = h('button', { type: 'button', class: 'small primary-outline', 'aria-label': `Add ${item.title}`, dataset: { key: item.key } }, 'Add');
      button.addEventListener('click', () => add(item));
      addButtons.add(button);
      queueMicrotask(updateButtons);
      return button;
    },
  });

  const form = h('form', { class: 'builder-form', novalidate: true, 'aria-labelledby': 'builder-settings' },
    h('h2', { id: 'builder-settings' }, 'Settings'),
    field('Title', title),
    h('div', { class: 'field-row' },
      field('Duration (minutes)', duration, '0.05 to 600'),
      field('Pass mark (%)', passMark, 'of the total points')),
    field('Negative marking for MCQs', negative, 'a wrong answer costs points / (options − 1)', { inline: true }),
    field('Show candidates their sample-test results', showSamples, null, { inline: true }),
    h('h2', {}, 'Questions'),
    pickedList, total, errors, create);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = [];
    if (!title.value.trim()) problems.push('Give the assessment a title.');
    const minutes = Number(duration.value);
    if (!(minutes >= 0.05 && minutes <= 600)) problems.push('The duration must be between 0.05 and 600 minutes.');
    const mark = passMark.value === '' ? 50 : Number(passMark.value);
    if (!(mark >= 0 && mark <= 100)) problems.push('The pass mark must be a percentage from 0 to 100.');
    if (!picked.length) problems.push('Add at least one question.');
    if (picked.some((e) => e.points.value === '' || !(Number(e.points.value) >= 0))) problems.push('Every question needs points (0 or more).');
    if (problems.length) {
      replace(errors, h('div', { class: 'banner error', role: 'alert' },
        h('p', {}, 'The assessment cannot be created yet:'), h('ul', {}, problems.map((p) => h('li', {}, p)))));
      announce(problems.join(' '));
      return;
    }
    errors.replaceChildren();
    const done = busy(create, 'Creating…');
    try {
      const created = await api('POST', '/api/assessments', {
        title: title.value.trim(), duration_minutes: minutes, pass_mark: mark,
        negative_marking: negative.checked, show_sample_results: showSamples.checked,
        items: picked.map((e) => (e.item.kind === 'coding'
          ? { problem: e.item.ref, points: Number(e.points.value) }
          : { mcq: e.item.ref, points: Number(e.points.value) })),
      });
      announce(`Created ${created.title}`);
      navigate(`/assessments/${created.id}`);
    } catch (error) {
      done();
      showError(errors, error, 'The assessment was not created');
    }
  });

  renderPicked();
  replace(main, heading('New assessment'),
    h('div', { class: 'builder' },
      h('section', { class: 'builder-bank', 'aria-labelledby': 'builder-bank-title' },
        h('h2', { id: 'builder-bank-title' }, 'Question bank'), browser),
      h('section', { class: 'builder-side', 'aria-label': 'The assessment' }, form)));
}
