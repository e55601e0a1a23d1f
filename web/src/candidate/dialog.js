// A confirmation in a modal <dialog> (never window.confirm): focus moves
// into it, Escape cancels, and focus returns to where it was.
import { h } from '../lib/dom.js';

let counter = 0;

/** Resolves true when the candidate confirms. */
export function confirmDialog({ title, body, confirm, cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    counter += 1;
    const titleId = `dialog-title-${counter}`;
    const bodyId = `dialog-body-${counter}`;
    const returnTo = document.activeElement;
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (returnTo && typeof returnTo.focus === 'function' && returnTo.isConnected) returnTo.focus();
      resolve(value);
    };
    const cancelButton = h('button', { type: 'button', onclick: () => finish(false) }, cancel);
    const confirmButton = h('button', { type: 'button', class: danger ? 'danger' : 'primary',
      onclick: () => finish(true) }, confirm);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      h('div', { id: bodyId }, [body].flat().map((line) => (line instanceof Node ? line : h('p', {}, line)))),
      h('div', { class: 'dialog-actions' }, cancelButton, confirmButton));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancelButton.focus();
  });
}
