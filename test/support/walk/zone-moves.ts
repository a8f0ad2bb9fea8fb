import { PROBLEM_CATEGORIES } from '../../../workflows/problem/problem.types';
import type { CreditView, TeamView } from './api-shapes';
import type { WalkContext } from './context';
import { reportUnreadableLabels, unreadableLabels } from './labels';
import { CLERKS, ZONE } from './people';

const TITLES = ['施工临时用电尚未接入', '厂区道路未通', '供水管网未接入', '施工许可材料往返', '围墙施工许可'];

/** The moves of the zone command (包保制, 问题清单, 信用): people other than the clerks and the clock. */
export async function zoneMove(w: WalkContext): Promise<void> {
  const pick = w.rng.weighted(['team', 'problem', 'credit'] as const, (m) => (m === 'problem' ? 3 : 2));
  if (pick === 'team') return assignTeam(w);
  if (pick === 'problem') return raiseProblem(w);
  return creditMove(w);
}

/** The admin sets the project's team (项目长 and 项目管家, each on or off) and its key-project flag. */
export async function assignTeam(w: WalkContext): Promise<void> {
  const team = { leader: w.rng.chance(0.7), steward: w.rng.chance(0.7), keyProject: w.rng.chance(0.5) };
  const body = {
    keyProject: team.keyProject,
    leaderUserId: team.leader ? w.people.ids.leader : null,
    stewardUserId: team.steward ? w.people.ids.steward : null,
    enterpriseContact: { name: '王经理', phone: '13800000000' },
  };
  const url = `/api/projects/${w.projectId}/team`;
  const res = await w.call('admin', 'PUT team', w.put('admin', url, body));
  w.note(`admin PUT team ${JSON.stringify(team)} → ${res.status}`);
  if (res.status !== 200) {
    w.violate({
      kind: 'team-refused',
      invariant: 1,
      actor: 'admin',
      action: `PUT ${url} ${JSON.stringify(body)}`,
      detail: `a valid team refused ${res.status}`,
      response: res.body,
    });
    return;
  }
  w.people.keyProject = team.keyProject;
  for (const z of ZONE)
    if (team[z]) w.people.onTeam.add(z);
    else w.people.onTeam.delete(z);
  // What the enterprise reads of its team is what the admin set.
  const seen: TeamView = (await w.call('enterprise', 'GET team', w.as('enterprise').get(url))).body;
  const differ = ZONE.filter((z) => (seen[z]?.id ?? null) !== body[`${z}UserId`]);
  if (seen.keyProject !== team.keyProject || differ.length)
    w.violate({
      kind: 'team-differs',
      invariant: 7,
      actor: 'enterprise',
      action: `GET ${url}`,
      detail: `set ${JSON.stringify(body)}, the enterprise reads another team`,
      response: seen,
    });
}

/** The enterprise, or one of the team, raises a problem (问题清单) for a department, with a limit. */
async function raiseProblem(w: WalkContext): Promise<void> {
  const who = w.rng.pick(w.people.raisers());
  const body = {
    projectId: w.projectId,
    title: w.rng.pick(TITLES),
    category: w.rng.pick(Object.keys(PROBLEM_CATEGORIES)),
    department: w.rng.pick(CLERKS),
    limitWorkingDays: w.rng.int(1, 10),
  };
  const res = await w.call(who, 'POST /api/problems', w.as(who).post('/api/problems', body));
  w.note(`${who} raises problem ${JSON.stringify(body)} → ${res.status}`);
  if (res.status !== 201)
    w.violate({
      kind: 'problem-refused',
      invariant: 1,
      actor: who,
      action: `POST /api/problems ${JSON.stringify(body)}`,
      detail: `one who may raise a problem on the project is refused ${res.status}`,
      response: res.body,
    });
}

/**
 * 信用: the enterprise, a clerk and the admin read the enterprise's credit view (the same records, the same bar, in
 * Chinese); now and then the admin repairs a barring record, which then bars no more and cannot be repaired twice.
 */
async function creditMove(w: WalkContext): Promise<void> {
  const url = `/api/enterprises/${w.people.enterpriseId}/credit`;
  const views: Record<string, CreditView> = {};
  for (const who of ['enterprise', 'window', 'admin']) {
    const res = await w.call(who, 'GET credit', w.as(who).get(url));
    if (res.status !== 200) {
      w.violate({
        kind: 'credit-hidden',
        invariant: 7,
        actor: who,
        action: `GET ${url}`,
        detail: `HTTP ${res.status}`,
        response: res.body,
      });
      return;
    }
    views[who] = res.body;
    reportUnreadableLabels(w, who, `GET ${url}`, unreadableLabels(res.body, `credit(${who})`));
  }
  const gist = (v: CreditView) => JSON.stringify([v.tolerance, v.notifyCommitment, v.records]);
  if (gist(views.enterprise) !== gist(views.admin) || gist(views.window) !== gist(views.admin))
    w.violate({
      kind: 'credit-differs',
      invariant: 7,
      actor: 'enterprise',
      action: `GET ${url}`,
      detail: 'the enterprise, a clerk and the admin read different credit views',
      response: views,
    });
  const barring = views.admin.records.filter((r) => r.status === 'barring');
  w.note(`credit: ${views.admin.records.length} records, ${barring.length} barring, ${views.admin.tolerance.label}`);
  if (!barring.length || !w.rng.chance(0.5)) return;
  const record = w.rng.pick(barring);
  const repairUrl = `/api/credit-records/${record.id}/repair`;
  const body = { reason: '已按要求整改并通过复查', evidence: '整改复查意见书' };
  const res = await w.call('admin', 'repair credit', w.as('admin').post(repairUrl, body));
  w.note(`admin repairs credit record ${record.id} → ${res.status}`);
  const after: CreditView | undefined = res.body?.records ? res.body : undefined;
  const repaired = after?.records.find((r) => r.id === record.id);
  if (res.status !== 200 || repaired?.status !== 'repaired' || repaired.barsToleranceNow)
    w.violate({
      kind: 'credit-repair-failed',
      invariant: 1,
      actor: 'admin',
      action: `POST ${repairUrl}`,
      detail: `a barring record, repaired: ${res.status}, then ${JSON.stringify(repaired)}`,
      response: res.body,
    });
  const again = await w.call('admin', 'repair credit again', w.as('admin').post(repairUrl, body));
  if (again.status !== 409)
    w.violate({
      kind: 'credit-repaired-twice',
      invariant: 1,
      actor: 'admin',
      action: `POST ${repairUrl} (again)`,
      detail: `a second repair answers ${again.status}, not 409`,
      response: again.body,
    });
}
