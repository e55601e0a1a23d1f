// Markdown (problem statements, MCQ text) to DOM, safely: raw HTML in the
// source is shown as text, links are checked by markdown-it (no
// javascript: URLs), and links open without handing over this page.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Returns a DocumentFragment rendering `source`. */
export function renderMarkdown(source) {
  const template = document.createElement('template');
  // Safe: with html: false markdown-it escapes every character of the
  // source; its output is markup it generated itself.
  template.innerHTML = markdown.render(String(source ?? ''));
  for (const link of template.content.querySelectorAll('a')) {
    link.setAttribute('rel', 'noopener noreferrer');
    link.setAttribute('target', '_blank');
  }
  return template.content;
}
