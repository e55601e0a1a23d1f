// Pieces every staff page uses: headings that take the focus, error
// banners, copyable links, sortable tables, small formatters.
import { h, announce } from '../lib/dom.js';

/** The page's h1; focused after navigation so screen readers start there. */
export function heading(text, ...extra) {
  return h('h1', { tabindex: '-1', class: 'page-title' }, text, ...extra);
}

export function focusHeading(main) {
  const title = main.querySelector('h1');
  (title ?? main).focus({ preventScroll: false });
}

/** A red banner for an error (an ApiError or any Error, or a string). */
export function errorBanner(error, prefix = '') {
  const message = typeof error === 'string' ? error : error?.message ?? String(error);
  return h('div', { class: 'banner error', role: 'alert' }, prefix ? `${prefix}: ${message}` : message);
}

/** Shows `error` inside `slot` (replacing what was there) and announces it. */
export function showError(slot, error, prefix = '') {
  const banner = errorBanner(error, prefix);
  slot.replaceChildren(banner);
  announce(banner.textContent);
}

export function banner(kind, ...children) {
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

let uid = 0;
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: field('Title', input, 'hint'). */
export function field(label, control, hint, { inline = false } = {}) {
  if (!control.id) control.id = nextId('field');
  let hintNode = null;
  if (hint) {
    hintNode = h('span', { class: 'hint', id: nextId('hint') }, hint);
    control.setAttribute('aria-describedby', hintNode.id);
  }
  return h('div', { class: inline ? 'field inline' : 'field' },
    inline ? [control, h('label', { for: control.id }, label)] : [h('label', { for: control.id }, label), control],
    hintNode);
}

/** A read-only, selectable input holding `value` with a Copy button. */
export function copyField(value, label = 'Link') {
  const input = h('input', { type: 'text', readonly: true, value, class: 'copy-input', 'aria-label': label });
  input.addEventListener('focus', () => input.select());
  const button = h('button', { type: 'button', class: 'copy-button' }, 'Copy');
  button.addEventListener('click', async () => {
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(value);
        copied = true;
      }
    } catch {
      copied = false;
    }
    if (copied) {
      button.textContent = 'Copied';
      announce(`${label} copied to the clipboard`);
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    } else {
      input.focus();
      input.select();
      announce(`Copying is not available here: the ${label.toLowerCase()} is selected, press Control+C to copy it`);
    }
  });
  return h('div', { class: 'copy-field' }, input, button);
}

/**
 * A table whose columns sort when their header is clicked.
 * columns: [{key, label, value(row) -> sortable, cell(row) -> node|string, numeric}]
 */
export function sortableTable({ caption, columns, rows, sortKey, descending = false, rowClass, empty }) {
  let key = sortKey ?? columns[0].key;
  let desc = descending;
  const table = h('table', { class: 'data sortable' });
  const render = () => {
    const column = columns.find((c) => c.key === key);
    const sorted = [...rows].sort((a, b) => {
      const x = column.value ? column.value(a) : a[key];
      const y = column.value ? column.value(b) : b[key];
      const missingX = x === null || x === undefined || x === '';
      const missingY = y === null || y === undefined || y === '';
      if (missingX || missingY) return missingX === missingY ? 0 : missingX ? 1 : -1;
      const order = typeof x === 'number' && typeof y === 'number'
        ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true, sensitivity: 'base' });
      return desc ? -order : order;
    });
    const head = h('tr', {}, columns.map((c) => {
      const sortable = c.sortable !== false;
      const active = c.key === key;
      const th = h('th', { scope: 'col', class: c.numeric ? 'numeric' : null },
        sortable
          ? h('button', {
            type: 'button', class: 'sort-button',
            onclick: () => {
              if (key === c.key) desc = !desc;
              else { key = c.key; desc = false; }
              render();
              announce(`Sorted by ${c.label}, ${desc ? 'descending' : 'ascending'}`);
              table.querySelector(`th[data-key="${c.key}"] button`)?.focus();
            },
          }, c.label, h('span', { class: 'sort-indicator', 'aria-hidden': 'true' },
            active ? (desc ? ' ▼' : ' ▲') : ' ↕'))
          : c.label);
      th.dataset.key = c.key;
      if (sortable) th.setAttribute('aria-sort', active ? (desc ? 'descending' : 'ascending') : 'none');
      return th;
    }));
    const body = sorted.length
      ? sorted.map((row) => h('tr', { class: rowClass ? rowClass(row) : null },
        columns.map((c, index) => {
          const content = c.cell ? c.cell(row) : row[c.key];
          return index === 0 && c.rowHeader
            ? h('th', { scope: 'row', class: c.numeric ? 'numeric' : null }, content)
            : h('td', { class: c.numeric ? 'numeric' : null }, content);
        })))
      : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, empty ?? 'Nothing yet.'));
    table.replaceChildren(caption ? h('caption', {}, caption) : null, h('thead', {}, head), h('tbody', {}, body));
  };
  render();
  return h('div', { class: 'table-scroll' }, table);
}

/** A plain table: simpleTable('caption', ['A', 'B'], [[a, b], ...]). */
export function simpleTable(caption, headers, rows, { className = 'data', numeric = [] } = {}) {
  return h('div', { class: 'table-scroll' }, h('table', { class: className },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((label, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'numeric' : null }, label)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => h('td', { class: numeric.includes(i) ? 'numeric' : null }, cell)))))));
}

/** A definition list from [[term, value], ...]; null values are skipped. */
export function facts(pairs, className = 'facts') {
  return h('dl', { class: className }, pairs.filter(([, v]) => v !== null && v !== undefined)
    .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

export function pct(value) {
  if (value === null || value === undefined) return '—';
  return `${Math.round(value * 10) / 10}%`;
}

export function yesNo(value) {
  if (value === null || value === undefined) return '—';
  return value ? 'yes' : 'no';
}

/** A coloured badge for an attempt's or invitation's status. */
export function statusBadge(status) {
  const kind = { submitted: 'good', published: 'good', started: 'neutral', validating: 'neutral',
    waiting: 'neutral', invited: 'neutral', expired: 'bad', revoked: 'bad', rejected: 'bad',
    active: 'good', disabled: 'bad' }[status] ?? 'neutral';
  return h('span', { class: `status status-${kind}` }, status);
}

export function passedBadge(passed) {
  if (passed === null || passed === undefined) return h('span', { class: 'verdict neutral' }, '—');
  return h('span', { class: `verdict ${passed ? 'good' : 'bad'}` }, passed ? 'passed' : 'failed');
}

/** Minutes as people read them: 45 -> "45 min", 0.5 -> "30 s". */
export function durationMinutes(value) {
  if (value < 1) return `${Math.round(value * 60)} s`;
  const rounded = Math.round(value * 100) / 100;
  return rounded >= 60 && Number.isInteger(rounded / 60) ? `${rounded / 60} h` : `${rounded} min`;
}

/**
 * For what cannot be undone: the first press arms the button (its text and
 * label ask for confirmation) and returns true; a second press within six
 * seconds returns false, and the caller goes ahead.
 */
export function firstPressArms(button, { confirmText, confirmLabel, warning }) {
  const text = button.textContent;
  const label = button.getAttribute('aria-label');
  const disarm = () => {
    button.dataset.armed = '';
    button.textContent = button.dataset.unarmedText ?? text;
    if (button.dataset.unarmedLabel) button.setAttribute('aria-label', button.dataset.unarmedLabel);
  };
  // The second press disarms at once: a later single press must ask again,
  // whatever became of this one.
  if (button.dataset.armed === 'yes') {
    disarm();
    return false;
  }
  button.dataset.armed = 'yes';
  button.dataset.unarmedText = text;
  if (label) button.dataset.unarmedLabel = label;
  button.textContent = confirmText;
  button.setAttribute('aria-label', confirmLabel);
  announce(warning);
  setTimeout(() => {
    if (button.isConnected && !button.disabled && button.dataset.armed === 'yes') disarm();
  }, 6000);
  return true;
}

export function busy(button, text) {
  const original = button.textContent;
  button.disabled = true;
  if (text) button.textContent = text;
  return () => {
    button.disabled = false;
    button.textContent = original;
  };
}
