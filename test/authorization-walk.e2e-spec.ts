import { as, type Http } from './projects-support';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';

/**
 * The authorisation walk: every project-scoped route × every role × own / other project, against one table of
 * expected statuses. A caller who may not see a project gets the 404 of a missing one (never its name); one
 * who may see but not act gets 403; one who may act reaches the engine (409: the event is not allowed now).
 */
const SECRET_NAME = '甲公司机密扩建项目';

type Who =
  | 'entOwn'
  | 'entOther'
  | 'stewardAssigned'
  | 'stewardOther'
  | 'leaderLeads'
  | 'leaderOther'
  | 'clerkWindow'
  | 'clerkFire'
  | 'auditor'
  | 'admin';
type Route = 'project' | 'case' | 'item' | 'history' | 'state' | 'verify' | 'export' | 'act';

const EXPECTED: Record<Who, Record<Route, number>> = {
  entOwn: { project: 200, case: 200, item: 200, history: 200, state: 200, verify: 200, export: 200, act: 409 },
  entOther: { project: 404, case: 404, item: 404, history: 404, state: 404, verify: 404, export: 404, act: 404 },
  stewardAssigned: { project: 200, case: 200, item: 200, history: 200, state: 200, verify: 200, export: 200, act: 409 },
  stewardOther: { project: 404, case: 404, item: 404, history: 404, state: 404, verify: 404, export: 404, act: 404 },
  // A leader (项目长) sees the projects they lead; the engine refuses what the role may not send.
  leaderLeads: { project: 200, case: 200, item: 200, history: 200, state: 200, verify: 200, export: 200, act: 409 },
  leaderOther: { project: 404, case: 404, item: 404, history: 404, state: 404, verify: 404, export: 404, act: 404 },
  // The project's items wait in the window's queue: it reached the window, not the fire department.
  clerkWindow: { project: 200, case: 200, item: 200, history: 200, state: 200, verify: 200, export: 200, act: 409 },
  clerkFire: { project: 404, case: 404, item: 404, history: 404, state: 404, verify: 404, export: 404, act: 404 },
  auditor: { project: 200, case: 200, item: 200, history: 200, state: 200, verify: 200, export: 200, act: 403 },
  admin: { project: 200, case: 200, item: 200, history: 403, state: 403, verify: 403, export: 403, act: 403 },
};

/** Which roles see the project in lists (GET /api/projects) and its items in their queue (GET /api/tasks). */
const LISTED: Record<Who, { projects: boolean; tasks: boolean | 'forbidden' }> = {
  entOwn: { projects: true, tasks: false },
  entOther: { projects: false, tasks: false },
  // The items wait on the window: a department's turn is no to-do of the steward's (the project list shows it).
  stewardAssigned: { projects: true, tasks: false },
  stewardOther: { projects: false, tasks: false },
  // A leader's queue holds the problems of their projects, not the approval items.
  leaderLeads: { projects: true, tasks: false },
  leaderOther: { projects: false, tasks: false },
  clerkWindow: { projects: true, tasks: true },
  clerkFire: { projects: false, tasks: false },
  auditor: { projects: true, tasks: true },
  admin: { projects: true, tasks: 'forbidden' },
};

describe('authorisation walk: route × role × own/other project', () => {
  let t: TestApp;
  const u = {} as Record<Who, Http>;
  let projectId: string;
  let itemId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ent-a', '甲公司'), ('ent-b', '乙公司')`);
    const owner = as(t, await userToken(t, { username: 'walk-ent-a', role: 'enterprise', enterpriseId: 'ent-a' }));
    const filed = await owner.post('/api/projects', {
      name: SECRET_NAME,
      category: 'socialInvestment',
      investorType: 'socialCapital',
      landSupplyMode: 'tenderAuctionListing',
      investmentAmount: 10000,
      practices: { ...NO_PRACTICES, jointIssuance: true },
    });
    expect(filed.status).toBe(201);
    projectId = filed.body.id;
    const caseView = await owner.get(`/api/cases/${projectId}`).expect(200);
    itemId = caseView.body.children.find((c: { childKey: string }) => c.childKey === 'item:landUsePlanningPermit').id;
    u.entOwn = owner;
    u.entOther = as(t, await userToken(t, { username: 'walk-ent-b', role: 'enterprise', enterpriseId: 'ent-b' }));
    u.stewardAssigned = as(
      t,
      await userToken(t, { username: 'walk-steward-a', role: 'steward', assignedProjectIds: [projectId] }),
    );
    u.stewardOther = as(t, await userToken(t, { username: 'walk-steward-b', role: 'steward' }));
    u.leaderLeads = as(
      t,
      await userToken(t, { username: 'walk-leader-a', role: 'leader', assignedProjectIds: [projectId] }),
    );
    u.leaderOther = as(t, await userToken(t, { username: 'walk-leader-b', role: 'leader' }));
    u.clerkWindow = as(t, await userToken(t, { username: 'walk-window', role: 'clerk', department: 'window' }));
    u.clerkFire = as(t, await userToken(t, { username: 'walk-fire', role: 'clerk', department: 'fire' }));
    u.auditor = as(t, await userToken(t, { username: 'walk-auditor', role: 'auditor' }));
    u.admin = as(t, await userToken(t, { username: 'walk-admin', role: 'admin' }));
  });
  afterAll(() => t?.close());

  const call = (who: Http, route: Route) => {
    switch (route) {
      case 'project':
        return who.get(`/api/projects/${projectId}`);
      case 'case':
        return who.get(`/api/cases/${projectId}`);
      case 'item':
        return who.get(`/api/cases/${itemId}`);
      case 'history':
        return who.get(`/api/cases/${itemId}/history`);
      case 'state':
        return who.get(`/api/cases/${itemId}/state?seq=1`);
      case 'verify':
        return who.get(`/api/cases/${projectId}/verify?tree=true`);
      case 'export':
        return who.get(`/api/cases/${projectId}/export`);
      case 'act':
        // Nobody may decide an item still waiting at the window: access allowed → 409 from the engine.
        return who.post(`/api/cases/${itemId}/events`, { type: 'APPROVE', payload: {} });
    }
  };

  const cells = (Object.keys(EXPECTED) as Who[]).flatMap((who) =>
    (Object.keys(EXPECTED[who]) as Route[]).map((route) => [who, route, EXPECTED[who][route]] as const),
  );

  it.each(cells)('%s → %s answers %i', async (who, route, expected) => {
    const before = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM workflow_event)::int AS e, (SELECT count(*) FROM idempotency_record)::int AS i',
    );
    const res = await call(u[who], route);
    const errorCode = expected === 404 ? 'NOT_FOUND' : expected === 403 ? 'FORBIDDEN' : 'EVENT_NOT_ALLOWED';
    expect({ status: res.status, code: expected === 200 ? null : res.body?.code }).toEqual({
      status: expected,
      code: expected === 200 ? null : errorCode,
    });
    if (expected >= 400) {
      expect(res.body).toMatchObject({ statusCode: expected, requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(SECRET_NAME);
    }
    const after = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM workflow_event)::int AS e, (SELECT count(*) FROM idempotency_record)::int AS i',
    );
    expect(after).toEqual(before);
  });

  it.each(Object.keys(LISTED) as Who[])(
    '%s: lists and searches show the project only to those who may see it',
    async (who) => {
      const expected = LISTED[who];
      const list = await u[who].get(`/api/projects?q=${encodeURIComponent('机密')}`);
      expect(list.status).toBe(200);
      expect(list.body.items.some((p: { id: string }) => p.id === projectId)).toBe(expected.projects);
      if (!expected.projects) expect(JSON.stringify(list.body)).not.toContain(SECRET_NAME);
      const tasks = await u[who].get('/api/tasks?limit=100');
      if (expected.tasks === 'forbidden') {
        expect(tasks.status).toBe(403);
        return;
      }
      expect(tasks.status).toBe(200);
      expect(tasks.body.items.some((x: { project: { id: string } }) => x.project.id === projectId)).toBe(
        expected.tasks,
      );
      if (!expected.tasks) expect(JSON.stringify(tasks.body)).not.toContain(SECRET_NAME);
    },
  );
});
