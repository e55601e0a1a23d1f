// Admin: the accounts, a form to create one (a generated password is
// shown once), and per account: disable or enable it, reset its password.
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { heading, field, showError, busy, sortableTable, copyField, banner, statusBadge, firstPressArms } from './ui.js';
import { currentAccount } from './session.js';

export async function accountsPage(main, params, ctx) {
  const { accounts } = await api('GET', '/api/accounts');
  if (!ctx.alive()) return;
  const listSlot = h('div');
  const actionResult = h('div', { 'aria-live': 'polite' });
  const me = currentAccount()?.id;

  // Disabling ends the person's sessions at once, and a reset makes their
  // password useless: both ask for a second press.
  const act = async (button, account, what) => {
    actionResult.replaceChildren();
    const warnings = {
      disable: `Press again to disable ${account.email}; they are signed out everywhere`,
      'reset-password': `Press again to reset the password of ${account.email}; the old one stops working`,
    };
    if (warnings[what] && firstPressArms(button, {
      confirmText: what === 'disable' ? 'Confirm disable' : 'Confirm reset',
      confirmLabel: `Confirm: ${what === 'disable' ? 'disable' : 'reset the password of'} ${account.email}`,
      warning: warnings[what],
    })) return;
    const done = busy(button, 'Working…');
    try {
      const changed = await api('POST', `/api/accounts/${account.id}/${what}`);
      // The list first, so that what the banner says is already shown.
      renderList((await api('GET', '/api/accounts')).accounts);
      const text = { disable: `Disabled ${account.email}.`, enable: `Enabled ${account.email}.`,
        'reset-password': `New password for ${account.email}.` }[what];
      replace(actionResult, banner('success', text), changed.password
        ? h('div', { class: 'generated-password' },
          h('p', {}, 'The new password, shown only now:'), copyField(changed.password, 'Password'))
        : null);
      announce(text);
    } catch (error) {
      done();
      showError(actionResult, error, 'Not changed');
    }
  };

  const actions = (a) => {
    const toggle = a.disabled
      ? h('button', { type: 'button', class: 'small', 'aria-label': `Enable ${a.email}` }, 'Enable')
      : h('button', { type: 'button', class: 'small danger', 'aria-label': `Disable ${a.email}` }, 'Disable');
    toggle.addEventListener('click', () => act(toggle, a, a.disabled ? 'enable' : 'disable'));
    const reset = h('button', { type: 'button', class: 'small', 'aria-label': `Reset the password of ${a.email}` }, 'Reset password');
    reset.addEventListener('click', () => act(reset, a, 'reset-password'));
    // Your own account: no disabling yourself out of the service.
    return h('div', { class: 'row-actions' }, a.id === me ? null : toggle, reset);
  };
  const renderList = (list) => replace(listSlot, sortableTable({
    caption: 'Accounts', sortKey: 'id',
    columns: [
      { key: 'id', label: 'Id', numeric: true, value: (a) => a.id, cell: (a) => String(a.id) },
      { key: 'name', label: 'Name', value: (a) => a.name, cell: (a) => a.name },
      { key: 'email', label: 'E-mail', value: (a) => a.email, cell: (a) => a.email },
      { key: 'role', label: 'Role', value: (a) => a.role, cell: (a) => a.role },
      { key: 'status', label: 'Status', value: (a) => (a.disabled ? 'disabled' : 'active'),
        cell: (a) => statusBadge(a.disabled ? 'disabled' : 'active') },
      { key: 'actions', label: 'Actions', sortable: false, cell: actions },
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
    h('section', { class: 'panel', 'aria-labelledby': 'accounts-title' }, h('h2', { id: 'accounts-title' }, 'Everyone'), actionResult, listSlot));
}
