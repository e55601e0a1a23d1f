// Building the DOM without HTML strings. Every string given as a child
// becomes a text node, so text from candidates, names, code and outputs is
// always shown literally; nothing here ever assigns innerHTML.

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'Run'}, 'Run')
 * Props: `class`, `text` (textContent), `on<event>` functions, `dataset`
 * objects, booleans (true sets the attribute, false/null/undefined skip it),
 * anything else through setAttribute. Children: nodes, strings, numbers,
 * arrays of them, and null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'text') {
      element.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') {
      element[key] = value;
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Announces `message` to screen readers through the page's live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A separate task, so that the same message twice is read twice.
  setTimeout(() => { region.textContent = message; }, 30);
}
