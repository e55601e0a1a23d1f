// Authors: upload a problem package or an MCQ set, follow its validation
// and read the report (the failures picked out line by line).
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { when } from '../lib/format.js';
import { heading, field, showError, busy, statusBadge, sortableTable, banner } from './ui.js';
import { forgetBank } from './bank.js';

const FINAL = new Set(['published', 'rejected']);

/**
 * Picks the failures out of a validation report: lines after a "FAIL"
 * header that start with "-" ("- file:line: reason"). Returns [{where, reason}].
 */
export function parseFailures(report) {
  const failures = [];
  let current = '';
  for (const raw of String(report ?? '').split('\n')) {
    const line = raw.trimEnd();
    const header = line.match(/^FAIL\s+(.*)$/);
    if (header) { current = header[1]; continue; }
    const item = line.match(/^\s+-\s+(.*)$/);
    if (item && current) {
      const text = item[1];
      // "path:line: reason" or "name: reason"
      const located = text.match(/^(\S+?:\d+):\s+(.*)$/) ?? text.match(/^([^\s:]+):\s+(.*)$/);
      failures.push(located ? { where: shortPath(located[1]), reason: located[2] } : { where: shortPath(current), reason: text });
    } else if (line && !/^\s/.test(line)) {
      current = '';
    }
  }
  return failures;
}

// The report names the server's staging folder; the last parts are what
// the author knows ("set.yaml:4", "data/secret/03.in").
function shortPath(path) {
  return path.replace(/^.*\/uploads\/\d+\//, '');
}

function uploadView(upload) {
  const failures = parseFailures(upload.report);
  return h('div', { class: 'upload-view', dataset: { state: upload.state } },
    h('p', { class: 'upload-state' }, `Upload ${upload.id} (${upload.kind === 'mcq_set' ? 'MCQ set' : 'problem'}${upload.name ? ` ${upload.name}` : ''}): `,
      statusBadge(upload.state)),
    upload.state === 'published' ? banner('success', `Published${upload.name ? ` as ${upload.name}` : ''}: it is in the bank now.`) : null,
    upload.state === 'rejected' ? banner('error', 'Rejected: the package is not sound; nothing was published.') : null,
    !FINAL.has(upload.state) ? h('p', { class: 'loading' }, upload.state === 'waiting' ? 'Waiting for a validation worker…' : 'Validating in the sandbox…') : null,
    failures.length ? h('div', { class: 'failures' },
      h('h3', {}, `${failures.length} failure${failures.length === 1 ? '' : 's'}`),
      h('ul', { class: 'failure-list' }, failures.map((f) => h('li', {}, h('code', {}, f.where), ': ', f.reason)))) : null,
    upload.report ? [h('h3', {}, 'Validation report'),
      h('pre', { class: 'report-text' }, upload.report.replace(/(^|\s)\/\S*\/uploads\/\d+\//gm, '$1'))] : null);
}

/** Polls one upload until it is published or rejected. */
async function follow(id, slot, onDone) {
  for (let tries = 0; tries < 600; tries += 1) {
    if (!slot.isConnected) return;
    let upload;
    try {
      ({ upload } = await api('GET', `/api/uploads/${id}`));
    } catch (error) {
      showError(slot, error, 'Could not read the upload’s status');
      return;
    }
    replace(slot, uploadView(upload));
    if (FINAL.has(upload.state)) {
      announce(`Upload ${upload.state}`);
      if (upload.state === 'published') forgetBank();
      onDone?.();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, tries < 10 ? 500 : 1500));
  }
}

export async function uploadsPage(main, params, ctx) {
  const { uploads } = await api('GET', '/api/uploads');
  if (!ctx.alive()) return;
  const current = h('div', { class: 'upload-current', 'aria-live': 'polite' });
  const listSlot = h('div');
  const renderList = (list) => replace(listSlot, sortableTable({
    caption: 'Recent uploads (kept in memory: the last 200)', sortKey: 'id', descending: true,
    empty: 'No uploads yet.',
    columns: [
      { key: 'id', label: 'Upload', numeric: true, rowHeader: true, value: (u) => u.id,
        cell: (u) => h('a', { href: `#/uploads/${u.id}` }, `#${u.id}`) },
      { key: 'kind', label: 'Kind', value: (u) => u.kind, cell: (u) => (u.kind === 'mcq_set' ? 'MCQ set' : 'problem') },
      { key: 'name', label: 'Name', value: (u) => u.name, cell: (u) => u.name || '—' },
      { key: 'state', label: 'State', value: (u) => u.state, cell: (u) => statusBadge(u.state) },
      { key: 'created', label: 'Uploaded', value: (u) => u.created_at, cell: (u) => when(u.created_at) },
      { key: 'finished', label: 'Finished', value: (u) => u.finished_at, cell: (u) => when(u.finished_at) },
    ],
    rows: list,
  }));
  const reloadList = async () => {
    try {
      renderList((await api('GET', '/api/uploads')).uploads);
    } catch {
      // the list stays as it was
    }
  };
  const started = (upload) => {
    announce(`Upload ${upload.id} received; validating`);
    history.replaceState(null, '', `#/uploads/${upload.id}`);
    follow(upload.id, current, reloadList);
    reloadList();
    current.scrollIntoView({ block: 'nearest' });
  };

  // A problem package: the archive as the raw body.
  const archive = h('input', { type: 'file', name: 'package', accept: '.zip,.tar,.tgz,.tar.gz,application/zip,application/x-tar,application/gzip' });
  const slug = h('input', { type: 'text', name: 'slug', pattern: '[a-z0-9-]{1,64}', autocomplete: 'off', class: 'medium' });
  const problemErrors = h('div', { class: 'form-errors' });
  const problemButton = h('button', { type: 'submit', class: 'primary' }, 'Upload package');
  const problemForm = h('form', { class: 'panel upload-form', novalidate: true, 'aria-labelledby': 'upload-problem-title' },
    h('h2', { id: 'upload-problem-title' }, 'Problem package'),
    h('p', { class: 'hint' }, 'A zip, tar or tar.gz in the Kattis layout with our extensions (problems/README.md). It is validated in the sandbox before it is published.'),
    field('Archive', archive), field('Slug (optional)', slug, 'needed unless every file sits in one top folder; a-z, 0-9 and -'),
    problemErrors, problemButton);
  problemForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    problemErrors.replaceChildren();
    const file = archive.files?.[0];
    if (!file) { showError(problemErrors, 'Choose an archive to upload.'); archive.focus(); return; }
    if (slug.value && !/^[a-z0-9-]{1,64}$/.test(slug.value)) { showError(problemErrors, 'A slug is 1 to 64 of a-z, 0-9 and -.'); slug.focus(); return; }
    const done = busy(problemButton, 'Uploading…');
    try {
      const query = slug.value ? `?slug=${encodeURIComponent(slug.value)}` : '';
      const { upload } = await api('POST', `/api/bank/problems${query}`, await file.arrayBuffer(), { contentType: 'application/octet-stream' });
      started(upload);
    } catch (error) {
      showError(problemErrors, error, 'Upload refused');
    } finally {
      done();
    }
  });

  // An MCQ set: its YAML, from a file or pasted.
  const yamlFile = h('input', { type: 'file', name: 'mcq_file', accept: '.yaml,.yml,text/yaml,application/yaml' });
  const yamlText = h('textarea', { name: 'mcq_yaml', rows: '10', spellcheck: 'false', placeholder: 'set: my-set\ntitle: My set\nquestions:\n  - id: …' });
  const mcqErrors = h('div', { class: 'form-errors' });
  const mcqButton = h('button', { type: 'submit', class: 'primary' }, 'Upload MCQ set');
  const mcqForm = h('form', { class: 'panel upload-form', novalidate: true, 'aria-labelledby': 'upload-mcq-title' },
    h('h2', { id: 'upload-mcq-title' }, 'MCQ set'),
    h('p', { class: 'hint' }, 'One set’s YAML; its “set” id names it and replaces a set with the same id. Every “what does this print?” snippet is run against its key.'),
    field('YAML file', yamlFile), field('…or paste the YAML', yamlText),
    mcqErrors, mcqButton);
  mcqForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    mcqErrors.replaceChildren();
    const file = yamlFile.files?.[0];
    const text = file ? await file.text() : yamlText.value;
    if (!text.trim()) { showError(mcqErrors, 'Choose a YAML file or paste the set.'); yamlText.focus(); return; }
    const done = busy(mcqButton, 'Uploading…');
    try {
      const { upload } = await api('POST', '/api/bank/mcq-sets', text, { contentType: 'application/yaml' });
      started(upload);
    } catch (error) {
      showError(mcqErrors, error, 'Upload refused');
    } finally {
      done();
    }
  });

  renderList(uploads);
  replace(main, heading(params.id ? `Upload ${params.id}` : 'Uploads'),
    h('div', { class: 'upload-forms' }, problemForm, mcqForm),
    h('section', { class: 'panel', 'aria-labelledby': 'upload-current-title' },
      h('h2', { id: 'upload-current-title' }, 'Status'), current),
    h('section', { class: 'panel', 'aria-labelledby': 'upload-list-title' },
      h('h2', { id: 'upload-list-title' }, 'Recent uploads'), listSlot));
  if (params.id) follow(params.id, current, reloadList);
  else replace(current, h('p', { class: 'muted' }, 'Upload something, or open one of the recent uploads.'));
}
