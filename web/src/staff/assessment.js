// One assessment: its settings and questions, the invitation forms, the
// invitations and the candidates' results (sortable, CSV export, regrade).
import { h, replace, announce } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { clock, when, score } from '../lib/format.js';
import { heading, facts, simpleTable, sortableTable, statusBadge, passedBadge, pct, yesNo,
  durationMinutes, busy, showError, banner } from './ui.js';
import { inviteSection, invitationsTable } from './invitations.js';

/** The flags worth a recruiter's look, as short labels. */
export function flagList(attempt) {
  const f = attempt.flags ?? {};
  const list = [];
  const add = (n, one, many) => { if (n > 0) list.push(n === 1 ? one : `${n} ${many}`); };
  add(f.focus_lost, 'left the tab once', 'times left the tab');
  add(f.pastes, '1 paste', 'pastes');
  add(f.fullscreen_exits, 'left full screen once', 'full-screen exits');
  add(f.connection_gaps, '1 connection gap', 'connection gaps');
  add(f.connections_replaced, 'opened elsewhere once', 'connection take-overs');
  add(f.similar, 'similar to 1 other', 'similar to others');
  if (attempt.needs_regrade) list.push('needs regrade');
  return list;
}

function flagCell(attempt) {
  const list = flagList(attempt);
  if (!list.length) return h('span', { class: 'muted' }, 'none');
  return h('ul', { class: 'flags' }, list.map((text) => h('li', {
    class: /similar|regrade/.test(text) ? 'flag flag-strong' : 'flag' }, text)));
}

function flagWeight(attempt) {
  const f = attempt.flags ?? {};
  return (f.focus_lost ?? 0) + (f.pastes ?? 0) + (f.fullscreen_exits ?? 0) + (f.connection_gaps ?? 0)
    + 5 * (f.similar ?? 0) + 10 * (attempt.needs_regrade ? 1 : 0);
}

export function candidatesTable(attempts) {
  return sortableTable({
    caption: 'Candidates and results; choose a column header to sort',
    sortKey: 'score', descending: true,
    empty: 'No candidates yet.',
    rowClass: (a) => (a.needs_regrade ? 'needs-regrade' : null),
    columns: [
      { key: 'name', label: 'Candidate', rowHeader: true, value: (a) => a.candidate_name,
        cell: (a) => h('div', {}, h('div', { class: 'cand-name' }, a.candidate_name), h('div', { class: 'muted small' }, a.candidate_email)) },
      { key: 'status', label: 'Status', value: (a) => a.status,
        cell: (a) => [statusBadge(a.status), a.status === 'submitted' && !a.graded ? h('span', { class: 'muted small' }, ' grading…') : null] },
      { key: 'score', label: 'Score', numeric: true, value: (a) => a.score,
        cell: (a) => (a.score === null ? '—' : `${score(a.score)} / ${score(a.max_score)}`) },
      { key: 'passed', label: 'Passed', value: (a) => (a.passed === null ? null : a.passed ? 1 : 0), cell: (a) => passedBadge(a.passed) },
      { key: 'percentile', label: 'Percentile', numeric: true, value: (a) => a.percentile, cell: (a) => pct(a.percentile) },
      { key: 'time', label: 'Time used', numeric: true, value: (a) => a.time_used_ms || null,
        cell: (a) => (a.time_used_ms ? clock(a.time_used_ms) : '—') },
      { key: 'flags', label: 'Flags', value: flagWeight, cell: flagCell },
      { key: 'report', label: 'Report', sortable: false,
        cell: (a) => (a.status === 'submitted' || a.status === 'started'
          ? h('a', { href: `#/attempts/${a.id}` }, 'Report', h('span', { class: 'visually-hidden' }, ` of ${a.candidate_name}`))
          : h('span', { class: 'muted' }, '—')) },
    ],
    rows: attempts,
  });
}

export async function assessmentPage(main, { id }, ctx) {
  const [assessment, { invitations }, { attempts }] = await Promise.all([
    api('GET', `/api/assessments/${encodeURIComponent(id)}`),
    api('GET', `/api/assessments/${encodeURIComponent(id)}/invitations`),
    api('GET', `/api/assessments/${encodeURIComponent(id)}/attempts`),
  ]);
  if (!ctx.alive()) return;

  const invitationsSlot = h('div', { class: 'invitations' });
  const candidatesSlot = h('div', { class: 'candidates' });
  const status = h('div', { class: 'form-errors' });

  let refreshing = null;
  const refresh = async () => {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const [inv, att] = await Promise.all([
          api('GET', `/api/assessments/${assessment.id}/invitations`),
          api('GET', `/api/assessments/${assessment.id}/attempts`),
        ]);
        if (!invitationsSlot.isConnected) return;
        renderLists(inv.invitations, att.attempts);
      } catch (error) {
        showError(status, error, 'Could not refresh the lists');
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  const invite = inviteSection(assessment.id, { onChange: refresh });
  const renderLists = (invs, atts) => {
    replace(invitationsSlot, invitationsTable(invs, {
      onResent: (invitation) => invite.showLinks([invitation], 'New link (resent)'),
      onChange: refresh,
    }));
    replace(candidatesSlot, candidatesTable(atts));
    const grading = atts.some((a) => a.status === 'submitted' && !a.graded);
    if (grading) schedule();
  };
  let timer = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (candidatesSlot.isConnected) refresh(); }, 3000);
  };

  const regrade = h('button', { type: 'button' }, 'Regrade all');
  regrade.addEventListener('click', async () => {
    const done = busy(regrade, 'Regrading…');
    try {
      const result = await api('POST', `/api/assessments/${assessment.id}/regrade`);
      replace(status, banner('info', `Regrading ${result.regrading} submitted attempt${result.regrading === 1 ? '' : 's'}; the scores update when it is done.`));
      announce(`Regrading ${result.regrading} attempts`);
      refresh();
    } catch (error) {
      showError(status, error, 'Regrade failed');
    } finally {
      done();
    }
  });
  const reload = h('button', { type: 'button' }, 'Refresh');
  reload.addEventListener('click', async () => { await refresh(); announce('Lists refreshed'); });

  renderLists(invitations, attempts);
  replace(main,
    h('p', { class: 'crumbs no-print' }, h('a', { href: '#/assessments' }, '← Assessments')),
    heading(assessment.title),
    h('section', { class: 'panel', 'aria-labelledby': 'settings-title' },
      h('h2', { id: 'settings-title' }, 'Settings'),
      facts([
        ['Duration', durationMinutes(assessment.duration_minutes)],
        ['Questions', String(assessment.items.length)],
        ['Total points', String(assessment.total_points)],
        ['Pass mark', `${assessment.pass_mark}%`],
        ['Negative marking', yesNo(assessment.negative_marking)],
        ['Sample results shown', yesNo(assessment.show_sample_results)],
        ['Created', when(assessment.created_at)],
      ]),
      h('details', { class: 'questions-details' }, h('summary', {}, 'Questions'),
        simpleTable('The questions, in order', ['#', 'Type', 'Question', 'Points', 'Version'],
          assessment.items.map((item, index) => [String(index + 1), item.kind === 'problem' ? 'coding' : 'MCQ',
            item.kind === 'problem' ? h('a', { href: `#/bank/problem/${encodeURIComponent(item.ref)}` }, item.ref) : item.ref,
            String(item.points), h('code', { title: item.version }, item.version.slice(0, 12))]), { numeric: [0, 3] }))),
    h('section', { class: 'panel', 'aria-labelledby': 'invite-title' },
      h('h2', { id: 'invite-title' }, 'Invite candidates'), invite.element, invite.links),
    h('section', { class: 'panel', 'aria-labelledby': 'invitations-title' },
      h('h2', { id: 'invitations-title' }, 'Invitations'), invitationsSlot),
    h('section', { class: 'panel', 'aria-labelledby': 'results-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'results-title' }, 'Candidates'),
        h('div', { class: 'toolbar' },
          h('a', { class: 'button', href: `/api/assessments/${assessment.id}/attempts.csv`, download: `assessment-${assessment.id}-results.csv` }, 'Export CSV'),
          reload, regrade)),
      status, candidatesSlot));
}
