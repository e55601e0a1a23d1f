// Who is signed in: restored from GET /api/me on load, set by the sign-in,
// cleared by the sign-out or by any 401.
import { api, setCsrfToken } from '../lib/api.js';

let account = null;

export function currentAccount() {
  return account;
}

export function setSession(data) {
  account = data?.account ?? null;
  setCsrfToken(data?.csrf_token ?? '');
}

export async function restoreSession() {
  try {
    setSession(await api('GET', '/api/me'));
  } catch (error) {
    if (error.status !== 401) throw error;
    setSession(null);
  }
  return account;
}

/** Signs in; an ApiError on failure (`retryAfterSeconds` for a 429). */
export async function login(email, password) {
  const data = await api('POST', '/api/login', { email, password });
  setSession(data);
  return account;
}

export async function logout() {
  try {
    await api('POST', '/api/logout');
  } finally {
    setSession(null);
  }
}

/** What each role may see: the pages' home and the navigation. */
export const NAV = [
  { path: '/assessments', label: 'Assessments', roles: ['admin', 'recruiter'] },
  { path: '/assessments/new', label: 'New assessment', roles: ['admin', 'recruiter'] },
  { path: '/bank', label: 'Question bank', roles: ['admin', 'author'] },
  { path: '/uploads', label: 'Uploads', roles: ['admin', 'author'] },
  { path: '/accounts', label: 'Accounts', roles: ['admin'] },
];

export function homePath(role) {
  return role === 'author' ? '/bank' : '/assessments';
}
