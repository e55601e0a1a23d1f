// The staff's pages (recruiters, authors, admins): a hash router over
// small page modules. Everything candidates typed is shown as text: the
// DOM is built with h() from lib/dom.js, never from HTML strings.
import { h, replace, announce } from '../lib/dom.js';
import { route, match, currentPath, navigate, newRender } from './router.js';
import { currentAccount, restoreSession, logout, NAV, homePath } from './session.js';
import { heading, focusHeading, errorBanner } from './ui.js';
import { loginPage } from './login.js';
import { dashboardPage } from './dashboard.js';
import { builderPage } from './builder.js';
import { assessmentPage } from './assessment.js';
import { reportPage } from './report.js';
import { bankPage, bankProblemPage } from './bank.js';
import { uploadsPage } from './uploads.js';
import { accountsPage } from './accounts.js';

const STAFF = ['admin', 'recruiter'];
const AUTHORS = ['admin', 'author'];
route('/login', loginPage, { public: true, title: 'Sign in' });
route('/assessments', dashboardPage, { roles: STAFF, title: 'Assessments' });
route('/assessments/new', builderPage, { roles: STAFF, title: 'New assessment' });
route('/assessments/:id', assessmentPage, { roles: STAFF, title: 'Assessment' });
route('/attempts/:id', reportPage, { roles: STAFF, title: 'Candidate report' });
route('/bank', bankPage, { title: 'Question bank' });
route('/bank/problem/:slug', bankProblemPage, { title: 'Problem' });
route('/uploads', uploadsPage, { roles: AUTHORS, title: 'Uploads' });
route('/uploads/:id', uploadsPage, { roles: AUTHORS, title: 'Upload' });
route('/accounts', accountsPage, { roles: ['admin'], title: 'Accounts' });

const main = document.getElementById('main');
const app = document.getElementById('app');
const header = h('header', { class: 'topbar no-print' });
app.prepend(header);

function renderHeader(path) {
  const account = currentAccount();
  if (!account) {
    replace(header, h('span', { class: 'brand' }, 'proctor'));
    return;
  }
  const links = NAV.filter((item) => item.roles.includes(account.role)).map((item) => {
    const current = path === item.path ||
      (item.path === '/assessments' && /^\/(assessments\/\d+|attempts\/)/.test(path)) ||
      (item.path === '/bank' && path.startsWith('/bank/')) ||
      (item.path === '/uploads' && path.startsWith('/uploads/'));
    return h('li', {}, h('a', { href: '#' + item.path, 'aria-current': current ? 'page' : null }, item.label));
  });
  const signOut = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    try {
      await logout();
    } catch {
      // The session is forgotten here whatever the server said.
    }
    announce('Signed out');
    navigate('/login');
  });
  replace(header,
    h('a', { class: 'brand', href: '#' + homePath(account.role) }, 'proctor'),
    h('nav', { 'aria-label': 'Main' }, h('ul', {}, links)),
    h('div', { class: 'who' },
      h('span', { class: 'who-name' }, account.name || account.email),
      h('span', { class: 'who-role' }, account.role),
      signOut));
}

async function render() {
  const path = currentPath();
  const account = currentAccount();
  const found = match(path);
  if (!account && !found?.route.public) {
    sessionStorage.setItem('proctor-after-login', path === '/' ? '' : path);
    navigate('/login');
    return;
  }
  if (!found || path === '/') {
    navigate(account ? homePath(account.role) : '/login');
    return;
  }
  if (account && found.route.public) {
    navigate(homePath(account.role));
    return;
  }
  renderHeader(path);
  const ctx = newRender();
  document.title = `${found.route.title} · proctor`;
  if (found.route.roles && !found.route.roles.includes(account.role)) {
    replace(main, heading('Not available'), errorBanner(`Your role (${account.role}) may not open this page.`));
    focusHeading(main);
    return;
  }
  replace(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await found.route.handler(main, found.params, ctx);
  } catch (error) {
    if (!ctx.alive()) return;
    if (error.status === 401) {
      navigate('/login');
      return;
    }
    replace(main, heading(found.route.title), errorBanner(error));
  }
  if (!ctx.alive()) return;
  const title = main.querySelector('h1');
  if (title) document.title = `${title.textContent} · proctor`;
  focusHeading(main);
}

window.addEventListener('hashchange', () => { render(); });

// Printing shows collapsed details (sample data, the question list) too.
let openedForPrint = [];
window.addEventListener('beforeprint', () => {
  openedForPrint = [...main.querySelectorAll('details:not([open])')];
  for (const details of openedForPrint) details.open = true;
});
window.addEventListener('afterprint', () => {
  for (const details of openedForPrint) details.open = false;
  openedForPrint = [];
});

(async () => {
  try {
    await restoreSession();
  } catch (error) {
    replace(main, heading('proctor'), errorBanner(error, 'The service could not be reached'));
    return;
  }
  render();
})();
