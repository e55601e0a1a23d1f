// The question bank: a filterable list of coding problems and MCQs with a
// preview (statement and samples, or the question with its key). Used by
// the builder (with an "Add" button per question) and the bank pages.
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { renderMarkdown } from '../lib/markdown.js';
import { heading, field, errorBanner, nextId, facts } from './ui.js';

let bankCache = null;

/** The bank, fetched once per page load (forgotten after an upload). */
export async function loadBank({ fresh = false } = {}) {
  if (!bankCache || fresh) bankCache = api('GET', '/api/bank').then(normalise);
  try {
    return await bankCache;
  } catch (error) {
    bankCache = null;
    throw error;
  }
}

export function forgetBank() {
  bankCache = null;
}

function firstLine(markdown) {
  const text = String(markdown ?? '').replace(/```[\s\S]*?```/g, ' ').replace(/[`*_#>]/g, '').trim();
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 110 ? line.slice(0, 107) + '…' : line;
}

// One flat list: {key, kind: 'coding' | 'mcq', ref, title, difficulty,
// tags, set, setTitle, points, data}.
function normalise(bank) {
  const items = [];
  for (const p of bank.problems ?? []) {
    items.push({
      key: `problem:${p.slug}`, kind: 'coding', ref: p.slug, title: p.name || p.slug,
      difficulty: p.difficulty || '', tags: p.tags ?? [], points: p.points, problemKind: p.kind, data: p,
    });
  }
  for (const set of bank.mcq_sets ?? []) {
    for (const q of set.questions ?? []) {
      items.push({
        key: `mcq:${set.id}/${q.id}`, kind: 'mcq', ref: `${set.id}/${q.id}`,
        title: firstLine(q.question) || q.id, difficulty: q.difficulty || '', tags: q.tags ?? [],
        set: set.id, setTitle: set.title, points: 1, data: q,
      });
    }
  }
  return { items, sets: bank.mcq_sets ?? [], problems: bank.problems ?? [] };
}

/** Markdown whose headings sit below the page's: # becomes h3 (by = 2). */
export function markdownBelow(source, by = 2) {
  const fragment = renderMarkdown(source);
  for (const old of fragment.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Math.min(6, Number(old.tagName[1]) + by);
    const replacement = document.createElement(`h${level}`);
    replacement.append(...old.childNodes);
    old.replaceWith(replacement);
  }
  return fragment;
}

const DIFFICULTIES = ['easy', 'medium', 'hard'];

/**
 * bankBrowser({bank, actions(item) -> [nodes]}) -> element with the filters,
 * the result list and a preview pane. `actions` adds buttons per item.
 */
export function bankBrowser(bank, { actions, headingLevel = 'h2' } = {}) {
  const tags = [...new Set(bank.items.flatMap((item) => item.tags))].sort();
  const type = h('select', { name: 'type' },
    h('option', { value: '' }, 'All types'), h('option', { value: 'coding' }, 'Coding'),
    h('option', { value: 'mcq' }, 'Multiple choice'));
  const topic = h('select', { name: 'topic' }, h('option', { value: '' }, 'All topics'),
    h('optgroup', { label: 'MCQ sets' }, bank.sets.map((s) => h('option', { value: `set:${s.id}` }, s.title || s.id))),
    h('optgroup', { label: 'Tags' }, tags.map((t) => h('option', { value: `tag:${t}` }, t))));
  const difficulty = h('select', { name: 'difficulty' }, h('option', { value: '' }, 'Any difficulty'),
    DIFFICULTIES.map((d) => h('option', { value: d }, d)));
  const search = h('input', { type: 'search', name: 'q', placeholder: 'title, slug, text…' });
  const count = h('p', { class: 'result-count', role: 'status' });
  const list = h('ul', { class: 'bank-list' });
  const preview = h('section', { class: 'bank-preview', 'aria-label': 'Preview', tabindex: '-1' },
    h('p', { class: 'muted' }, 'Choose “Preview” on a question to see it here.'));
  const listId = nextId('bank-list');
  list.id = listId;

  const matches = (item) => {
    if (type.value && item.kind !== type.value) return false;
    if (difficulty.value && item.difficulty !== difficulty.value) return false;
    if (topic.value.startsWith('set:') && item.set !== topic.value.slice(4)) return false;
    if (topic.value.startsWith('tag:') && !item.tags.includes(topic.value.slice(4))) return false;
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length) {
      const text = [item.title, item.ref, item.tags.join(' '), item.setTitle ?? '',
        item.kind === 'mcq' ? item.data.question : ''].join(' ').toLowerCase();
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  };

  const refresh = () => {
    const shown = bank.items.filter(matches);
    count.textContent = `${shown.length} of ${bank.items.length} questions`;
    replace(list, shown.map((item) => {
      const titleId = nextId('bank-item');
      const previewButton = h('button', { type: 'button', class: 'small', 'aria-describedby': titleId }, 'Preview');
      previewButton.addEventListener('click', () => showPreview(preview, item, headingLevel, actions));
      return h('li', { class: 'bank-item', dataset: { key: item.key } },
        h('div', { class: 'bank-item-main' },
          h('span', { class: 'bank-item-title', id: titleId }, item.title),
          h('span', { class: 'bank-item-meta' },
            h('span', { class: `kind kind-${item.kind}` }, item.kind === 'coding' ? 'coding' : 'MCQ'),
            item.difficulty ? h('span', { class: `difficulty difficulty-${item.difficulty}` }, item.difficulty) : null,
            h('span', { class: 'ref' }, item.ref),
            item.kind === 'coding' ? h('span', {}, `${item.points} pts`) : null,
            item.tags.length ? h('span', { class: 'tags' }, item.tags.join(', ')) : null)),
        h('div', { class: 'bank-item-actions' }, previewButton, actions ? actions(item) : null));
    }));
  };
  let timer = 0;
  for (const control of [type, topic, difficulty]) control.addEventListener('change', refresh);
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  refresh();
  const filters = h('form', { class: 'bank-filters', role: 'search', 'aria-label': 'Filter the bank' },
    field('Type', type), field('Topic', topic), field('Difficulty', difficulty), field('Search', search));
  filters.addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
  return h('div', { class: 'bank-browser' },
    h('div', { class: 'bank-results' }, filters, count, h('div', { class: 'bank-list-scroll' }, list)),
    preview);
}

async function showPreview(pane, item, headingLevel, actions) {
  replace(pane, h('p', { class: 'loading' }, 'Loading…'));
  try {
    const content = item.kind === 'coding'
      ? await problemPreview(item.ref, headingLevel)
      : mcqPreview(item, headingLevel);
    replace(pane, content, actions ? h('div', { class: 'preview-actions' }, actions(item)) : null);
  } catch (error) {
    replace(pane, errorBanner(error, `Could not load ${item.ref}`));
  }
  pane.focus();
  announce(`Preview of ${item.title}`);
}

/** A coding problem as the candidate sees it, plus the samples' answers. */
export async function problemPreview(slug, headingLevel = 'h2') {
  const problem = await api('GET', `/api/bank/problems/${encodeURIComponent(slug)}`);
  const bankEntry = (await loadBank()).problems.find((p) => p.slug === slug);
  return h('article', { class: 'question-preview' },
    h(headingLevel, {}, bankEntry?.name || slug),
    facts([
      ['Slug', slug], ['Kind', problem.kind], ['Entry', problem.entry || null],
      ['Points', String(problem.points)], ['Time limit', `${problem.time_limit_s} s`],
      ['Memory', `${problem.memory_mb} MB`],
      ['Difficulty', bankEntry?.difficulty || null],
      ['Tags', bankEntry?.tags?.length ? bankEntry.tags.join(', ') : null],
    ], 'facts compact'),
    h('div', { class: 'markdown statement' }, markdownBelow(problem.statement, headingLevel === 'h1' ? 1 : 2)),
    problem.starter ? [h('h3', {}, 'Starter code'), h('pre', { class: 'code' }, problem.starter)] : null,
    h('h3', {}, 'Samples'),
    (problem.samples ?? []).length
      ? (problem.samples ?? []).map((sample) => h('div', { class: 'sample' },
        h('h4', {}, sample.name),
        h('div', { class: 'sample-io' },
          h('figure', {}, h('figcaption', {}, 'Input'), h('pre', {}, sample.input)),
          h('figure', {}, h('figcaption', {}, 'Expected answer'), h('pre', {}, sample.answer)))))
      : h('p', { class: 'muted' }, 'No samples.'));
}

/** An MCQ with its key (staff only) and explanation. */
export function mcqPreview(item, headingLevel = 'h2') {
  const q = item.data;
  return h('article', { class: 'question-preview' },
    h(headingLevel, {}, item.ref),
    facts([['Set', item.setTitle || item.set], ['Difficulty', item.difficulty || null],
      ['Tags', item.tags.length ? item.tags.join(', ') : null],
      ['Answers', q.multiple ? 'choose every correct answer' : 'one answer']], 'facts compact'),
    h('div', { class: 'markdown' }, renderMarkdown(q.question)),
    q.snippet ? h('pre', { class: 'code snippet' }, q.snippet) : null,
    h('ol', { class: 'options', type: 'A' }, (q.options ?? []).map((o) => h('li', { class: o.correct ? 'option correct' : 'option' },
      h('span', { class: 'markdown option-text' }, renderMarkdown(o.text)),
      o.correct ? h('span', { class: 'verdict good key-mark' }, 'correct') : null))),
    q.explanation ? h('div', { class: 'explanation' }, h('h3', {}, 'Explanation'),
      h('div', { class: 'markdown' }, renderMarkdown(q.explanation))) : null);
}

export async function bankPage(main, params, ctx) {
  const bank = await loadBank({ fresh: true });
  if (!ctx.alive()) return;
  replace(main, heading('Question bank'),
    h('p', { class: 'muted' }, `${bank.problems.length} coding problems and ${bank.items.length - bank.problems.length} multiple-choice questions in ${bank.sets.length} sets.`),
    bankBrowser(bank, {
      actions: (item) => item.kind === 'coding'
        ? h('a', { href: `#/bank/problem/${encodeURIComponent(item.ref)}`, class: 'button small' }, 'Open', h('span', { class: 'visually-hidden' }, ` ${item.ref}`))
        : null,
    }));
}

export async function bankProblemPage(main, { slug }, ctx) {
  const article = await problemPreview(slug, 'h1');
  if (!ctx.alive()) return;
  const title = article.querySelector('h1');
  title.setAttribute('tabindex', '-1');
  replace(main, h('p', { class: 'crumbs' }, h('a', { href: '#/bank' }, '← Question bank')), article);
}
