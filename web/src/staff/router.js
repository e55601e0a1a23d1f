// A small hash router: #/assessments/3 -> the page registered for
// '/assessments/:id' with {id: '3'}. Pages are async functions that fill
// the main element; a page that finishes after the user moved on is
// ignored (ctx.alive() is false).

const routes = [];
let renderCount = 0;

/** route('/assessments/:id', handler, {roles: ['admin', 'recruiter']}) */
export function route(pattern, handler, options = {}) {
  const names = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ pattern, regex: new RegExp(`^${source}$`), names, handler, ...options });
}

/** The current path, without the '#': '/assessments/3'. */
export function currentPath() {
  const hash = location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

/** Finds the route for `path`: {route, params} or null. */
export function match(path) {
  for (const candidate of routes) {
    const found = candidate.regex.exec(path);
    if (!found) continue;
    const params = {};
    candidate.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1]);
    });
    return { route: candidate, params };
  }
  return null;
}

export function navigate(path) {
  if (currentPath() === path) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#' + path;
}

/** A token for one render: alive() turns false once another render starts. */
export function newRender() {
  const mine = ++renderCount;
  return { alive: () => mine === renderCount };
}
