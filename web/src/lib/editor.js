// The Python code editor (CodeMirror 6), shared by the candidate's page
// and the recruiters' report (read-only there).
import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { indentUnit } from '@codemirror/language';
import { indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';

/**
 * createEditor(host, {doc, label, readOnly, onChange, sheets})
 * Mounts the editor in a shadow root of `host`: there CodeMirror installs
 * its styles as constructed style sheets, which the pages' strict
 * Content-Security-Policy (style-src 'self') allows; in the document it
 * would insert a <style> element, which the policy refuses. `sheets` are
 * further CSSStyleSheets for the shadow root (the page's own look).
 * Tab indents; Escape then Tab moves focus out of the editor, so the page
 * stays usable with the keyboard alone. Returns the EditorView.
 */
export function createEditor(host, { doc = '', label = 'Code', readOnly = false, onChange, sheets = [] } = {}) {
  const shadow = host.attachShadow({ mode: 'open' });
  if (sheets.length) shadow.adoptedStyleSheets = sheets;
  const parent = document.createElement('div');
  shadow.append(parent);
  const extensions = [
    basicSetup,
    python(),
    indentUnit.of('    '),
    EditorState.tabSize.of(4),
    keymap.of([indentWithTab]),
    EditorView.contentAttributes.of({ 'aria-label': label }),
  ];
  if (readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
  if (onChange) {
    extensions.push(EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }));
  }
  return new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
}

/** The editor's text. */
export function editorText(view) {
  return view.state.doc.toString();
}

/** Replaces the editor's whole text. */
export function setEditorText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
