// Sign-in: e-mail and password, with clear errors (wrong password, too
// many attempts with the wait the server asks for, the service down).
import { h, replace, announce } from '../lib/dom.js';
import { login, homePath } from './session.js';
import { navigate } from './router.js';
import { heading, field, showError, busy } from './ui.js';

function retryAfterText(seconds) {
  if (!seconds) return 'a few minutes';
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export async function loginPage(main) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const errors = h('div', { class: 'form-errors', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'login-form', novalidate: true },
    field('E-mail', email), field('Password', password), errors, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    if (!email.value.trim() || !password.value) {
      showError(errors, 'Enter your e-mail address and your password.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    const done = busy(submit, 'Signing in…');
    try {
      const account = await login(email.value.trim(), password.value);
      announce(`Signed in as ${account.name || account.email}`);
      const next = sessionStorage.getItem('proctor-after-login');
      sessionStorage.removeItem('proctor-after-login');
      navigate(next || homePath(account.role));
    } catch (error) {
      done();
      if (error.code === 'bad_credentials' || error.status === 401) {
        showError(errors, 'Wrong e-mail address or password.');
        password.value = '';
        password.focus();
      } else if (error.status === 429) {
        const wait = error.retryAfterSeconds ?? 0;
        showError(errors, `Too many failed sign-ins. Wait ${retryAfterText(wait)} before trying again.`);
      } else {
        showError(errors, error, 'Signing in failed');
      }
    }
  });
  replace(main, h('section', { class: 'login' },
    heading('Sign in'),
    h('p', { class: 'muted' }, 'Staff sign-in for recruiters, question authors and administrators.'),
    form));
}

