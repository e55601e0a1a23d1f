// Admin: the accounts, and a form to create one (a generated password is
// shown once).
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { heading, field, showError, busy, sortableTable, copyField, banner } from './ui.js';

export async function accountsPage(main, params, ctx) {
  const { accounts } = await api('GET', '/api/accounts');
  if (!ctx.alive()) return;
  const listSlot = h('div');
  const renderList = (list) => replace(listSlot, sortableTable({
    caption: 'Accounts', sortKey: 'id',
    columns: [
      { key: 'id', label: 'Id', numeric: true, value: (a) => a.id, cell: (a) => String(a.id) },
      { key: 'name', label: 'Name', value: (a) => a.name, cell: (a) => a.name },
      { key: 'email', label: 'E-mail', value: (a) => a.email, cell: (a) => a.email },
      { key: 'role', label: 'Role', value: (a) => a.role, cell: (a) => a.role },
    ],
    rows: list,
  }));
  renderList(accounts);

  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off', required: true });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const role = h('select', { name: 'role' }, ['recruiter', 'author', 'admin'].map((r) => h('option', { value: r }, r)));
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '12' });
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite' });
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create account');
  const form = h('form', { class: 'panel account-form', novalidate: true, 'aria-labelledby': 'new-account-title' },
    h('h2', { id: 'new-account-title' }, 'New account'),
    h('div', { class: 'field-row' }, field('Name', name), field('E-mail', email), field('Role', role)),
    field('Password (optional)', password, '12 characters or more; leave empty to generate one'),
    errors, create, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    result.replaceChildren();
    if (!name.value.trim() || !email.value.trim()) { showError(errors, 'Enter a name and an e-mail address.'); return; }
    if (password.value && password.value.length < 12) { showError(errors, 'A password needs 12 characters or more.'); password.focus(); return; }
    const done = busy(create, 'Creating…');
    try {
      const body = { name: name.value.trim(), email: email.value.trim(), role: role.value };
      if (password.value) body.password = password.value;
      const created = await api('POST', '/api/accounts', body);
      replace(result, banner('success', `Created ${created.account.email} (${created.account.role}).`),
        created.password ? h('div', { class: 'generated-password' },
          h('p', {}, 'The generated password, shown only now:'), copyField(created.password, 'Password')) : null);
      announce(`Created the account ${created.account.email}`);
      name.value = ''; email.value = ''; password.value = '';
      renderList((await api('GET', '/api/accounts')).accounts);
    } catch (error) {
      showError(errors, error, 'Not created');
    } finally {
      done();
    }
  });
  replace(main, heading('Accounts'), form,
    h('section', { class: 'panel', 'aria-labelledby': 'accounts-title' }, h('h2', { id: 'accounts-title' }, 'Everyone'), listSlot));
}
