// Inviting candidates: one at a time or many pasted as CSV, the links
// (shown once: the server keeps only their hashes), and the invitations'
// list with revoke and resend.
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { when } from '../lib/format.js';
import { field, showError, busy, copyField, statusBadge, sortableTable, banner, firstPressArms } from './ui.js';

/** The full link a candidate opens. */
export function fullLink(link) {
  return new URL(link, location.origin).href;
}

/** Splits one CSV line (RFC 4180 quotes allowed). */
export function splitCsvLine(line) {
  const fields = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { current += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (c === ',') {
      fields.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current.trim());
  return { fields, unterminated: quoted };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Parses pasted "name,email[,extra%]" lines: {rows: [{line, name, email,
 * extra}], errors: [{line, message}]}. Blank lines and a header line are skipped.
 */
export function parseCandidates(text) {
  const rows = [];
  const errors = [];
  String(text).split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    const { fields, unterminated } = splitCsvLine(raw);
    if (index === 0 && /^name$/i.test(fields[0]) && /^e-?mail$/i.test(fields[1] ?? '')) return;
    if (unterminated) { errors.push({ line, message: 'a quoted field is not closed' }); return; }
    if (fields.length < 2 || fields.length > 3) {
      errors.push({ line, message: `expected name,email[,extra%] but found ${fields.length} field${fields.length === 1 ? '' : 's'}` });
      return;
    }
    const [name, email, extraText = ''] = fields;
    if (!name) { errors.push({ line, message: 'the name is empty' }); return; }
    if (!EMAIL.test(email)) { errors.push({ line, message: `'${email}' is not an e-mail address` }); return; }
    const extra = extraText === '' ? 0 : Number(extraText.replace(/%$/, ''));
    if (!Number.isFinite(extra) || extra < 0 || extra > 200) {
      errors.push({ line, message: `extra time '${extraText}' must be a percentage from 0 to 200` });
      return;
    }
    rows.push({ line, name, email, extra });
  });
  return { rows, errors };
}

function newLinkItem(invitation) {
  return h('li', { class: 'new-link' },
    h('div', { class: 'new-link-who' }, h('strong', {}, invitation.candidate_name), ' ',
      h('span', { class: 'muted' }, `<${invitation.candidate_email}>`)),
    copyField(fullLink(invitation.link), `Link for ${invitation.candidate_name}`));
}

/**
 * The invitation forms and the fresh links. `onChange()` reloads the
 * lists after something was created.
 */
export function inviteSection(assessmentId, { onChange }) {
  const links = h('div', { class: 'new-links', 'aria-live': 'polite' });
  const showLinks = (invitations, heading) => {
    if (!invitations.length) return;
    replace(links, h('section', { class: 'links-panel', 'aria-labelledby': 'new-links-title' },
      h('h3', { id: 'new-links-title' }, heading),
      h('p', { class: 'hint' }, 'Send each candidate their link now: it is shown only once (the server keeps only a hash). Resend makes a new one.'),
      h('ul', { class: 'link-list' }, invitations.map(newLinkItem))));
  };

  // One candidate.
  const name = h('input', { type: 'text', name: 'candidate_name', autocomplete: 'off', required: true });
  const email = h('input', { type: 'email', name: 'candidate_email', autocomplete: 'off', required: true });
  const expires = h('input', { type: 'number', name: 'expires_in_hours', min: '1', max: '1440', value: '72', class: 'short' });
  const extra = h('input', { type: 'number', name: 'extra_time_pct', min: '0', max: '200', value: '0', class: 'short' });
  const oneErrors = h('div', { class: 'form-errors' });
  const inviteButton = h('button', { type: 'submit', class: 'primary' }, 'Invite');
  const one = h('form', { class: 'invite-one', novalidate: true, 'aria-labelledby': 'invite-one-title' },
    h('h3', { id: 'invite-one-title' }, 'Invite a candidate'),
    h('div', { class: 'field-row' }, field('Name', name), field('E-mail', email)),
    h('div', { class: 'field-row' }, field('Link expires after (hours)', expires, '1 to 1440'),
      field('Extra time (%)', extra, '0 to 200, for accommodations')),
    oneErrors, inviteButton);
  one.addEventListener('submit', async (event) => {
    event.preventDefault();
    oneErrors.replaceChildren();
    if (!name.value.trim()) { showError(oneErrors, 'Enter the candidate’s name.'); name.focus(); return; }
    if (!EMAIL.test(email.value.trim())) { showError(oneErrors, 'Enter a valid e-mail address.'); email.focus(); return; }
    const done = busy(inviteButton, 'Inviting…');
    try {
      const invitation = await api('POST', `/api/assessments/${assessmentId}/invitations`, {
        candidate_name: name.value.trim(), candidate_email: email.value.trim(),
        expires_in_hours: Number(expires.value) || 72, extra_time_pct: Number(extra.value) || 0,
      });
      showLinks([invitation], 'New link');
      announce(`Invited ${invitation.candidate_name}; the link is shown below the forms`);
      name.value = '';
      email.value = '';
      extra.value = '0';
      onChange();
    } catch (error) {
      showError(oneErrors, error, 'Not invited');
    } finally {
      done();
    }
  });

  // Many, pasted as CSV.
  const csv = h('textarea', { name: 'csv', rows: '5', spellcheck: 'false', placeholder: 'Ada Lovelace,ada@example.com\nAlan Turing,alan@example.com,25' });
  const csvExpires = h('input', { type: 'number', name: 'csv_expires_in_hours', min: '1', max: '1440', value: '72', class: 'short' });
  const csvResults = h('div', { class: 'csv-results' });
  const csvButton = h('button', { type: 'submit', class: 'primary' }, 'Invite all');
  const many = h('form', { class: 'invite-many', novalidate: true, 'aria-labelledby': 'invite-many-title' },
    h('h3', { id: 'invite-many-title' }, 'Invite many (CSV)'),
    field('Candidates, one per line', csv, 'name,email[,extra time %] — quote a name that contains a comma'),
    field('Links expire after (hours)', csvExpires),
    csvResults, csvButton);
  many.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { rows, errors } = parseCandidates(csv.value);
    if (!rows.length && !errors.length) { showError(csvResults, 'Paste at least one line: name,email[,extra%].'); csv.focus(); return; }
    const done = busy(csvButton, 'Inviting…');
    const created = [];
    const failures = [...errors];
    for (const row of rows) {
      try {
        created.push(await api('POST', `/api/assessments/${assessmentId}/invitations`, {
          candidate_name: row.name, candidate_email: row.email,
          expires_in_hours: Number(csvExpires.value) || 72, extra_time_pct: row.extra,
        }));
      } catch (error) {
        failures.push({ line: row.line, message: error.message });
      }
    }
    done();
    failures.sort((a, b) => a.line - b.line);
    replace(csvResults,
      created.length ? banner('success', `${created.length} candidate${created.length === 1 ? '' : 's'} invited.`) : null,
      failures.length ? h('div', { class: 'banner error', role: 'alert' },
        h('p', {}, `${failures.length} line${failures.length === 1 ? '' : 's'} not invited:`),
        h('ul', { class: 'line-errors' }, failures.map((f) => h('li', {}, `Line ${f.line}: ${f.message}`)))) : null);
    announce(`${created.length} invited, ${failures.length} lines with errors`);
    if (created.length) {
      showLinks(created, created.length === 1 ? 'New link' : 'New links');
      // Keep only the lines that failed, to fix and send again.
      const failed = new Set(failures.map((f) => f.line));
      csv.value = csv.value.split(/\r?\n/).filter((_, i) => failed.has(i + 1)).join('\n');
      onChange();
    }
  });

  return { element: h('div', { class: 'invite-forms' }, one, many), links, showLinks };
}

/** The invitations with their expiry and revoke/resend buttons. */
export function invitationsTable(invitations, { onResent, onChange }) {
  const errors = h('div', { class: 'form-errors' });
  const act = async (button, invitation, what) => {
    const verb = what === 'revoke' ? 'Revoke' : 'Resend';
    errors.replaceChildren();
    // Revoking cannot be undone: the first press asks, the second does it.
    if (what === 'revoke' && firstPressArms(button, {
      confirmText: 'Confirm revoke',
      confirmLabel: `Confirm: revoke the invitation of ${invitation.candidate_name}`,
      warning: `Press again to revoke the invitation of ${invitation.candidate_name}; their link will stop working`,
    })) return;
    const done = busy(button, `${verb}…`);
    try {
      const result = await api('POST', `/api/invitations/${invitation.id}/${what}`);
      announce(what === 'revoke' ? `Revoked the invitation of ${invitation.candidate_name}`
        : `New link made for ${invitation.candidate_name}`);
      if (what === 'resend') onResent(result?.invitation ?? result);
      onChange();
    } catch (error) {
      done();
      showError(errors, error, `${verb} for ${invitation.candidate_name} failed`);
    }
  };
  const table = sortableTable({
    caption: 'Invitations; choose a column header to sort',
    sortKey: 'created', descending: true,
    empty: 'No one is invited yet.',
    columns: [
      { key: 'name', label: 'Name', rowHeader: true, value: (i) => i.candidate_name, cell: (i) => i.candidate_name },
      { key: 'email', label: 'E-mail', value: (i) => i.candidate_email, cell: (i) => i.candidate_email },
      { key: 'status', label: 'Status', value: (i) => i.status, cell: (i) => statusBadge(i.status) },
      { key: 'expires', label: 'Expires', value: (i) => i.expires_at, cell: (i) => when(i.expires_at) },
      { key: 'extra', label: 'Extra time', numeric: true, value: (i) => i.extra_time_pct, cell: (i) => `${i.extra_time_pct}%` },
      { key: 'created', label: 'Invited', value: (i) => i.created_at, cell: (i) => when(i.created_at) },
      { key: 'actions', label: 'Actions', sortable: false, cell: (i) => {
        if (i.status !== 'invited' && i.status !== 'expired') return h('span', { class: 'muted' }, '—');
        const resend = h('button', { type: 'button', class: 'small', 'aria-label': `Resend to ${i.candidate_name}` }, 'Resend');
        resend.addEventListener('click', () => act(resend, i, 'resend'));
        const revoke = i.status === 'invited' || i.status === 'expired'
          ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Revoke ${i.candidate_name}` }, 'Revoke') : null;
        revoke?.addEventListener('click', () => act(revoke, i, 'revoke'));
        return h('div', { class: 'row-actions' }, resend, revoke);
      } },
    ],
    rows: invitations,
  });
  return h('div', {}, errors, table);
}
