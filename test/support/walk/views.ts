import type { CaseBody, ProblemRow, ProjectPage, ZoneRow } from './api-shapes';
import type { WalkContext } from './context';
import { reportUnreadableLabels, unreadableLabels } from './labels';
import { CLERKS } from './people';

/** What everyone reads of the project page: its state, stage and whole-process deadline. */
function gist(page: ProjectPage) {
  const wp = page.wholeProcess;
  return {
    status: page.case?.status,
    statusLabel: page.case?.statusLabel,
    stage: page.currentStage?.key ?? null,
    dueAt: wp?.deadline?.dueAt ?? null,
    timerState: wp?.timerState ?? null,
    daysUsed: wp?.daysUsed ?? null,
  };
}

function labelsOf(w: WalkContext, who: string, action: string, body: unknown) {
  reportUnreadableLabels(w, who, action, unreadableLabels(body, action));
}

/**
 * Rule 7: whoever may see the project (its enterprise, the auditor, the admin, its team, the clerks it reached)
 * reads the same state and the same deadline on its page; the leader and the steward off its team cannot open it.
 */
export async function checkSeers(w: WalkContext, page: ProjectPage) {
  const url = `/api/projects/${w.projectId}`;
  const mine = gist(page);
  for (const who of [...w.people.seers().filter((s) => s !== 'enterprise'), ...CLERKS]) {
    const res = await w.call(who, 'GET project', w.as(who).get(url));
    // A clerk sees the projects that reached their department only.
    if (res.status === 404 && (CLERKS as readonly string[]).includes(who)) continue;
    if (res.status !== 200) {
      w.violate({
        kind: 'project-hidden',
        invariant: 7,
        actor: who,
        action: `GET ${url}`,
        detail: `one who may see the project gets ${res.status}`,
        response: res.body,
      });
      continue;
    }
    labelsOf(w, who, `project(${who})`, res.body);
    const theirs = gist(res.body);
    const differ = (Object.keys(mine) as (keyof typeof mine)[]).filter((k) => mine[k] !== theirs[k]);
    if (differ.length)
      w.violate({
        kind: 'project-differs-by-viewer',
        invariant: 7,
        actor: who,
        action: `GET ${url}`,
        detail: `the enterprise and ${who} read ${differ.map((k) => `${k} ${mine[k]} vs ${theirs[k]}`).join(' | ')}`,
      });
  }
  for (const who of w.people.strangers()) {
    const res = await w.call(who, 'GET project', w.as(who).get(url));
    if (res.status !== 404)
      w.violate({
        kind: 'project-seen-off-team',
        invariant: 7,
        actor: who,
        action: `GET ${url}`,
        detail: `off the project's team, yet answered ${res.status}`,
      });
  }
}

/** The project's problems as the auditor's 问题清单 lists them, each beside its case view. */
export interface ProblemSeen {
  row: ProblemRow;
  view: CaseBody;
}

/**
 * Rule 8 for 问题清单: each row says what its case view says (state, deadline, 逾期); 仅看逾期 lists exactly the
 * rows that say 逾期; the enterprise's and the team's lists hold the same rows as the auditor's.
 */
export async function checkProblems(w: WalkContext): Promise<ProblemSeen[]> {
  const url = `/api/problems?projectId=${w.projectId}`;
  const all = await w.call('auditor', 'GET problems', w.as('auditor').get(url));
  const rows: ProblemRow[] = all.body.items ?? [];
  labelsOf(w, 'auditor', 'problems', all.body);
  const seen: ProblemSeen[] = [];
  for (const row of rows) {
    const res = await w.call('auditor', 'GET problem case', w.as('auditor').get(`/api/cases/${row.id}`));
    if (res.status !== 200) continue;
    const view: CaseBody = res.body;
    seen.push({ row, view });
    const differ: string[] = [];
    if (row.statusLabel !== view.statusLabel) differ.push(`statusLabel ${row.statusLabel} vs ${view.statusLabel}`);
    if ((row.dueAt ?? null) !== (view.deadline?.dueAt ?? null))
      differ.push(`dueAt ${row.dueAt} vs ${view.deadline?.dueAt}`);
    if ((row.timerState ?? null) !== (view.timerState ?? null))
      differ.push(`timerState ${row.timerState} vs ${view.timerState}`);
    if (row.done !== (view.status !== 'active')) differ.push(`done ${row.done} vs status ${view.status}`);
    if (row.overdue !== (view.timerState === 'overdue'))
      differ.push(`逾期 ${row.overdue} vs the case's timerState ${view.timerState}`);
    if (differ.length)
      w.violate({
        kind: 'problem-row-disagrees',
        invariant: 8,
        actor: 'auditor',
        action: `GET ${url} vs GET /api/cases/${row.id}`,
        detail: differ.join(' | '),
      });
  }
  const late = await w.call('auditor', 'GET problems overdue', w.as('auditor').get(`${url}&overdue=true`));
  const listed = (late.body.items ?? []).map((p: ProblemRow) => p.id).sort();
  const sayOverdue = rows
    .filter((p) => p.overdue)
    .map((p) => p.id)
    .sort();
  if (JSON.stringify(listed) !== JSON.stringify(sayOverdue))
    w.violate({
      kind: 'problem-overdue-filter-disagrees',
      invariant: 8,
      actor: 'auditor',
      action: `GET ${url}&overdue=true`,
      detail: `仅看逾期 lists [${listed.join(',')}], the rows say 逾期 for [${sayOverdue.join(',')}]`,
    });
  const gistOf = (items: ProblemRow[]) =>
    JSON.stringify(
      items
        .map((p) => [p.id, p.statusLabel, p.dueAt, p.overdue])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  for (const who of w.people.raisers()) {
    const res = await w.call(who, 'GET problems', w.as(who).get(url));
    if (gistOf(res.body.items ?? []) !== gistOf(rows))
      w.violate({
        kind: 'problems-differ-by-viewer',
        invariant: 7,
        actor: who,
        action: `GET ${url}`,
        detail: `${who} and the auditor list different problems`,
        response: { theirs: res.body.items, auditor: rows },
      });
  }
  return seen;
}

/**
 * Rule 8 for the zone view: the project's row says what its pages say (status, open and overdue problems, overdue
 * work, what waits on the enterprise); the team finds the row, the leader and steward off it do not.
 */
export async function checkZone(w: WalkContext, page: ProjectPage, nodes: CaseBody[], problems: ProblemSeen[]) {
  const res = await w.call('auditor', 'GET zone', w.as('auditor').get('/api/zone/projects'));
  const row: ZoneRow | undefined = (res.body.items ?? []).find((r: ZoneRow) => r.id === w.projectId);
  labelsOf(w, 'auditor', 'zone', row);
  if (!row) {
    w.violate({
      kind: 'missing-from-zone',
      invariant: 8,
      actor: 'auditor',
      action: 'GET /api/zone/projects',
      detail: 'the auditor’s zone view omits the project',
    });
    return;
  }
  const open = problems.filter((p) => p.view.status === 'active');
  const expected = {
    caseStatus: page.case.statusLabel,
    openProblems: open.length,
    overdueProblems: open.filter((p) => p.view.timerState === 'overdue').length,
    overdueWork: nodes.filter((n) => n.status === 'active' && n.timerState === 'overdue').length,
    waitingOnEnterprise: [...nodes, ...open.map((p) => p.view)].filter(
      (n) => n.status === 'active' && n.waitingOn === 'enterprise',
    ).length,
    keyProject: w.people.keyProject,
  };
  const differ = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => row[k] !== expected[k]);
  if (differ.length)
    w.violate({
      kind: 'zone-row-disagrees',
      invariant: 8,
      actor: 'auditor',
      action: 'GET /api/zone/projects',
      detail: differ.map((k) => `${k} ${row[k]} vs pages ${expected[k]}`).join(' | '),
      response: row,
    });
  for (const who of ['leader', 'steward'] as const) {
    const theirs = await w.call(who, 'GET zone', w.as(who).get('/api/zone/projects'));
    const listed = (theirs.body.items ?? []).some((r: ZoneRow) => r.id === w.projectId);
    if (listed !== w.people.onTeam.has(who))
      w.violate({
        kind: 'zone-lists-wrong-team',
        invariant: 7,
        actor: who,
        action: 'GET /api/zone/projects',
        detail: `${w.people.onTeam.has(who) ? 'on' : 'off'} the team, the project is ${listed ? '' : 'not '}listed`,
      });
  }
}
