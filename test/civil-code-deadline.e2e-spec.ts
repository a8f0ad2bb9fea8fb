import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { YEAR_2027, as, cstDayNumber, foundationApplication, send, workQueues, type Http } from './projects-support';

/**
 * 民法典 art. 203 through HTTP: the foundation permit's 3-month work-start period issued on 2027-07-01 ends on
 * 2027-10-01, 国庆节 in the (illustrative) 2027 arrangement an admin loads, so it ends on the next working day.
 * The project is filed fresh, driven by the clerks, the enterprise and the demo clock.
 */

describe('民法典 art. 203 on a fresh 桩基先行 project (point 7)', () => {
  let t: TestApp;
  const u: Record<string, Http> = {};
  let adminBearer = '';

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ent-cc', '戊公司') ON CONFLICT DO NOTHING`);
    const users: [string, Parameters<typeof userToken>[1]][] = [
      ['ent', { username: 'cc-ent', role: 'enterprise', enterpriseId: 'ent-cc' }],
      ['window', { username: 'cc-window', role: 'clerk', department: 'window' }],
      ['development', { username: 'cc-dev', role: 'clerk', department: 'development' }],
      ['planning', { username: 'cc-planning', role: 'clerk', department: 'planning' }],
      ['housing', { username: 'cc-housing', role: 'clerk', department: 'housing' }],
      ['admin', { username: 'cc-admin', role: 'admin' }],
    ];
    for (const [key, spec] of users) u[key] = as(t, await userToken(t, spec));
    adminBearer = await userToken(t, { username: 'cc-admin', role: 'admin' });
  });
  afterAll(() => t?.close());

  it('a 3-month work-start period ending on 2027-10-01 (国庆节) ends on the next working day, 10-08; its timer too', async () => {
    await t.http().put('/api/calendar/years/2027').set('Authorization', adminBearer).send(YEAR_2027).expect(200);
    // the demo clock to 2027-07-01 (CST)
    const { now } = (await u.admin.get('/api/admin/clock').expect(200)).body as { now: string };
    const days = cstDayNumber('2027-07-01T04:00:00.000Z') - cstDayNumber(now);
    for (let left = days; left > 0; left -= Math.min(left, 400))
      await u.admin.post('/api/admin/clock/advance', { days: Math.min(left, 400) }).expect(200);

    const project = {
      name: '戊公司桩基先行项目',
      category: 'socialInvestment',
      investorType: 'socialCapital',
      landSupplyMode: 'tenderAuctionListing',
      investmentAmount: 5000,
      practices: {
        foundationFirst: true,
        tolerance: false,
        notifyCommit: false,
        jointIssuance: false,
        stagedAcceptance: false,
      },
    };
    const projectId: string = (await u.ent.post('/api/projects', project).expect(201)).body.id;
    await workQueues([u.window, u.development, u.planning, u.housing], projectId, 'landPlanning');
    const children = (await u.ent.get(`/api/cases/${projectId}`).expect(200)).body.children as {
      childKey: string;
      id: string;
    }[];
    const foundation = children.find((c) => c.childKey === 'foundation')!.id;
    await send(
      u.ent,
      foundation,
      'APPLY_FOUNDATION_PERMIT',
      foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]),
    );
    const p = (await u.ent.get(`/api/projects/${projectId}`).expect(200)).body;
    const design = p.stages
      .flatMap((s: { items: { code: string; instanceId: string }[] }) => s.items)
      .find((i: { code: string }) => i.code === 'designPlanReview').instanceId;
    await send(u.window, design, 'WINDOW_ACCEPT');
    await send(u.planning, design, 'DEPARTMENT_ACCEPT');
    await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');

    const view = (await u.ent.get(`/api/cases/${foundation}`).expect(200)).body;
    expect(view.deadline).toMatchObject({
      kind: 'workStart',
      dueDate: '2027-10-08',
      dueAt: '2027-10-08T16:00:00.000Z',
    });
    const [timer] = await t.dataSource.query(
      `SELECT due_at FROM workflow_timer WHERE instance_id = $1 AND timer_key = 'workStart:due' AND status = 'pending'`,
      [foundation],
    );
    expect(new Date(timer.due_at).toISOString()).toBe('2027-10-08T16:00:00.000Z');
    const [row] = await t.dataSource.query('SELECT due_at FROM workflow_instance WHERE id = $1', [foundation]);
    expect(new Date(row.due_at).toISOString()).toBe('2027-10-08T16:00:00.000Z');
  });
});
