// The recruiter's home: every assessment with its invitations by status.
import { h, replace } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { when } from '../lib/format.js';
import { heading, sortableTable, durationMinutes } from './ui.js';

const STATUSES = ['invited', 'started', 'submitted', 'expired', 'revoked'];

export async function dashboardPage(main, params, ctx) {
  const { assessments } = await api('GET', '/api/assessments');
  if (!ctx.alive()) return;
  const counts = (a, status) => a.invitations?.[status] ?? 0;
  replace(main,
    h('div', { class: 'page-head' }, heading('Assessments'),
      h('a', { href: '#/assessments/new', class: 'button primary' }, 'New assessment')),
    assessments.length
      ? h('div', { class: 'panel' }, sortableTable({
        caption: `${assessments.length} assessment${assessments.length === 1 ? '' : 's'}; choose a column header to sort`,
        sortKey: 'created', descending: true,
        columns: [
          { key: 'title', label: 'Title', rowHeader: true, value: (a) => a.title,
            cell: (a) => h('a', { href: `#/assessments/${a.id}` }, a.title) },
          { key: 'duration', label: 'Duration', numeric: true, value: (a) => a.duration_minutes, cell: (a) => durationMinutes(a.duration_minutes) },
          { key: 'questions', label: 'Questions', numeric: true, value: (a) => a.items?.length ?? 0, cell: (a) => String(a.items?.length ?? 0) },
          { key: 'points', label: 'Points', numeric: true, value: (a) => a.total_points, cell: (a) => String(a.total_points) },
          ...STATUSES.map((status) => ({ key: status, label: status[0].toUpperCase() + status.slice(1), numeric: true,
            value: (a) => counts(a, status), cell: (a) => String(counts(a, status)) })),
          { key: 'created', label: 'Created', value: (a) => a.created_at, cell: (a) => when(a.created_at) },
        ],
        rows: assessments,
      }))
      : h('div', { class: 'empty-state' }, h('p', {}, 'No assessments yet.'),
        h('p', {}, h('a', { href: '#/assessments/new' }, 'Build the first one from the question bank.'))));
}
