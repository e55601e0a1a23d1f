// Showing candidates' code: a read-only CodeMirror (highlighted; loaded
// on demand) with a playback slider over the saved snapshots, and plain
// numbered listings with highlighted line ranges for similarity matches.
import { h, announce } from '../lib/dom.js';
import { when } from '../lib/format.js';
import { nextId } from './ui.js';

let editorModule = null;
function loadEditor() {
  editorModule ??= import('../lib/editor.js');
  return editorModule;
}

/** A read-only editor for `code` (in a shadow root: see lib/editor.js). */
export async function readOnlyEditor(parent, code, label) {
  const { createEditor, setEditorText } = await loadEditor();
  const host = h('div', { class: 'code-host' });
  parent.append(host);
  const view = createEditor(host, { doc: code, readOnly: true, label });
  return { view, set: (text) => setEditorText(view, text) };
}

/**
 * The final code with a playback slider over `history` ([{at, code}]):
 * returns an element; the editor appears once CodeMirror has loaded.
 */
export function codePlayback({ code, history = [], lastSavedAt, label }) {
  const frames = history.map((snapshot, index) => ({ code: snapshot.code, at: snapshot.at, what: `Snapshot ${index + 1} of ${history.length}` }));
  if (!frames.length || frames[frames.length - 1].code !== code) {
    frames.push({ code, at: lastSavedAt, what: 'Final code' });
  } else {
    frames[frames.length - 1].what += ' (final code)';
  }
  const editorSlot = h('div', { class: 'editor-slot' });
  const printCode = h('pre', { class: 'code print-only', 'aria-hidden': 'true' }, code || '(no code saved)');
  const container = h('div', { class: 'playback' }, editorSlot, printCode);
  let editor = null;
  let current = frames.length - 1;
  const stamp = h('output', { class: 'playback-label', 'aria-live': 'polite' });
  const describe = () => {
    const frame = frames[current];
    stamp.textContent = `${frame.what} — saved ${frame.at ? when(frame.at) : '—'}${frame.at ? ` (${new Date(frame.at).toLocaleTimeString()})` : ''}`;
  };
  if (frames.length > 1) {
    const sliderId = nextId('playback');
    const slider = h('input', { type: 'range', id: sliderId, min: '0', max: String(frames.length - 1), step: '1', value: String(current), class: 'playback-slider' });
    stamp.setAttribute('for', sliderId);
    slider.addEventListener('input', () => {
      current = Number(slider.value);
      slider.setAttribute('aria-valuetext', `${frames[current].what}, ${when(frames[current].at)}`);
      describe();
      editor?.set(frames[current].code);
    });
    slider.setAttribute('aria-valuetext', `${frames[current].what}, ${when(frames[current].at)}`);
    container.prepend(h('div', { class: 'playback-controls no-print' },
      h('label', { for: sliderId }, 'Playback'), slider, stamp));
  } else {
    container.prepend(h('p', { class: 'playback-controls muted small' }, stamp));
  }
  describe();
  readOnlyEditor(editorSlot, frames[current].code, label).then((made) => {
    editor = made;
    editor.set(frames[current].code);
  }).catch((error) => {
    editorSlot.append(h('pre', { class: 'code' }, code));
    announce(`The code editor could not load: ${error.message}`);
  });
  return container;
}

/**
 * A numbered listing with regions highlighted:
 * regions = [{first, last, index}] (1-based line numbers).
 */
export function codeListing(code, regions, caption) {
  const lines = String(code ?? '').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const regionOf = (n) => regions.find((r) => n >= r.first && n <= r.last);
  return h('figure', { class: 'listing' },
    h('figcaption', {}, caption),
    h('div', { class: 'listing-body', role: 'group', 'aria-label': caption },
      lines.map((text, i) => {
        const n = i + 1;
        const region = regionOf(n);
        return h('div', {
          class: region ? `listing-line sim-region sim-region-${region.index % 4}` : 'listing-line',
          dataset: region ? { region: String(region.index + 1) } : null,
        },
        h('span', { class: 'gutter', 'aria-hidden': 'true' }, String(n)),
        h('span', { class: 'line-code' }, text || ' '));
      })));
}
