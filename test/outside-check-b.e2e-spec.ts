import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { as, send, tasksOf, workQueues, type Http } from './projects-support';

/**
 * Issue #18 points 8–13 checked from outside: fresh projects filed through HTTP only, driven by the demo roles and
 * the demo clock as the UI drives them, each rule asserted as DOMAIN.md ("Decisions, second round") states it.
 */

// The (illustrative) 2027 arrangement an admin loads: 国庆节 10-01..10-07, 调休 on 09-26 and 10-09.
const YEAR_2027 = {
  year: 2027,
  source: '示例安排（测试用）',
  holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节' })),
  workdays: [
    { date: '2027-09-26', name: '国庆节' },
    { date: '2027-10-09', name: '国庆节' },
  ],
};
const CST_DAY_MS = 86_400_000;
const cstDayNumber = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / CST_DAY_MS);
/** What users read must not carry codes, state paths or English words. */
const NO_CODES = /[A-Za-z_]{3,}/;

const project = (name: string, practices: Record<string, boolean>, flags: Record<string, unknown> = {}) => ({
  name,
  category: 'socialInvestment',
  investorType: 'socialCapital',
  landSupplyMode: 'tenderAuctionListing',
  investmentAmount: 5000,
  practices: {
    foundationFirst: false,
    tolerance: false,
    notifyCommit: false,
    jointIssuance: false,
    stagedAcceptance: false,
    ...practices,
  },
  ...flags,
});

describe('issue #18 points 8–13 from outside (probe b)', () => {
  let t: TestApp;
  const u: Record<string, Http> = {};

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    await t.dataSource.query(
      `INSERT INTO enterprise (id, name) VALUES ('ent-ob', '壬公司'), ('ent-ob2', '癸公司') ON CONFLICT DO NOTHING`,
    );
    const users: [string, Parameters<typeof userToken>[1]][] = [
      ['ent', { username: 'ob-ent', role: 'enterprise', enterpriseId: 'ent-ob' }],
      ['ent2', { username: 'ob-ent2', role: 'enterprise', enterpriseId: 'ent-ob2' }],
      ['window', { username: 'ob-window', role: 'clerk', department: 'window' }],
      ['development', { username: 'ob-dev', role: 'clerk', department: 'development' }],
      ['planning', { username: 'ob-planning', role: 'clerk', department: 'planning' }],
      ['housing', { username: 'ob-housing', role: 'clerk', department: 'housing' }],
      ['fire', { username: 'ob-fire', role: 'clerk', department: 'fire' }],
      ['civilDefense', { username: 'ob-cd', role: 'clerk', department: 'civilDefense' }],
      ['admin', { username: 'ob-admin', role: 'admin' }],
    ];
    for (const [key, spec] of users) u[key] = as(t, await userToken(t, spec));
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
  const view = async (projectId: string, who: Http = u.admin) =>
    (await who.get(`/api/projects/${projectId}`).expect(200)).body;
  const caseOf = async (id: string, who: Http = u.admin) => (await who.get(`/api/cases/${id}`).expect(200)).body;
  const types = (c: { allowedEvents: { type: string }[] }) => c.allowedEvents.map((e) => e.type);
  const itemId = async (projectId: string, code: string): Promise<string> => {
    const p = await view(projectId);
    for (const stage of p.stages) for (const i of stage.items) if (i.code === code && i.instanceId) return i.instanceId;
    throw new Error(`no instance of ${code}`);
  };
  const childId = async (parentId: string, childKey: string): Promise<string> => {
    const c = (await caseOf(parentId)).children.find((x: { childKey: string }) => x.childKey === childKey);
    if (!c) throw new Error(`no child ${childKey}`);
    return c.id;
  };
  /** 建设工程规划许可证 decided on 告知承诺 (after the design plan it depends on). */
  async function planningOnCommitment(ent: Http, projectId: string) {
    const design = await itemId(projectId, 'designPlanReview');
    if ((await caseOf(design)).state !== 'approved') {
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    }
    const planning = await itemId(projectId, 'engineeringPlanningPermit');
    await send(u.window, planning, 'WINDOW_ACCEPT');
    await send(u.planning, planning, 'DEPARTMENT_ACCEPT');
    await send(ent, planning, 'REQUEST_NOTIFY_COMMITMENT', {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const nc = await childId(planning, 'notifyCommitment:1');
    await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
    return { planning, nc };
  }

  describe('point 8: an open 告知承诺 in rectification blocks the above-ground permit, and users see it', () => {
    it('ordered to rectify before the above-ground application (industrial, 特殊建设工程): shown with its deadline and as blocking; refused in Chinese; rectified: offered and accepted', async () => {
      const filed = await u.ent
        .post(
          '/api/projects',
          project(
            '壬公司桩基整改在先项目',
            { foundationFirst: true, notifyCommit: true },
            {
              industrial: true,
              specialConstruction: true,
            },
          ),
        )
        .expect(201);
      const projectId: string = filed.body.id;
      await workQueues(clerks(), projectId, 'landPlanning');
      const foundation = await childId(projectId, 'foundation');
      await send(u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', {
        landContractSignedAndPaid: true,
        foundationDrawingsReviewed: false,
        drawingStabilityCommitment: true,
        contractorEngaged: true,
        supervisorEngaged: true,
        fundsCommitmentSigned: true,
        qualitySafetyMeasures: true,
        unitWorks: [{ name: '1#厂房', area: 18000, includesSuperstructure: true }],
      });
      const { nc } = await planningOnCommitment(u.ent, projectId);
      await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
      await send(u.ent, foundation, 'WORK_STARTED');
      // the other order: the order to rectify comes before the above-ground application
      await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
      await workQueues(clerks(), projectId, 'constructionPermit');
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');

      // the enterprise's project view shows it in rectification, with its deadline, and that it blocks the permit
      const p = await view(projectId, u.ent);
      const shown = p.commitments.notifyCommitments.find((n: { instanceId: string }) => n.instanceId === nc);
      expect(shown).toMatchObject({
        itemName: '建设工程规划许可证核发',
        rectification: {
          order: expect.any(String),
          deadline: { dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
        },
        blocksAboveGroundPermit: true,
      });
      expect(shown.statusLabel).not.toMatch(NO_CODES);
      expect(shown.blockLabel).toContain('±0.000以上');
      expect(shown.blockLabel).not.toMatch(NO_CODES);
      // the case page agrees: the deadline of the rectification is the one the project view shows
      const ncCase = await caseOf(nc, u.ent);
      expect(ncCase.deadline).toMatchObject({ kind: 'rectification', dueDate: shown.rectification.deadline.dueDate });

      const blocked = await caseOf(foundation, u.housing);
      expect(types(blocked)).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
      const res = await u.housing.post(`/api/cases/${foundation}/events`, {
        type: 'ISSUE_ABOVE_GROUND_PERMIT',
        payload: {},
      });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
      expect(res.body.message).not.toMatch(NO_CODES);

      await send(u.ent, nc, 'REPORT_RECTIFIED', { note: '已按要求退让' });
      // reported, not yet confirmed: still in rectification for the permit
      expect(types(await caseOf(foundation, u.housing))).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.planning, nc, 'CONFIRM_RECTIFIED', { note: '符合' });
      const after = await view(projectId, u.ent);
      expect(
        after.commitments.notifyCommitments.find((n: { instanceId: string }) => n.instanceId === nc),
      ).toMatchObject({ blocksAboveGroundPermit: false, blockLabel: null });
      // offered means accepted
      expect(types(await caseOf(foundation, u.housing))).toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
      expect((await caseOf(foundation)).state).toBe('aboveGroundPermitted');
    });
  });

  describe('point 13 and credit: a revoked 告知承诺 in 2027, around 国庆节', () => {
    let projectId = '';
    let nc = '';
    let planning = '';

    it('revoked after the project reached 竣工验收: the stage reopens, currentStage follows it, 已撤销 with the next step, the bundle affected', async () => {
      const adminBearer = await userToken(t, { username: 'ob-admin', role: 'admin' });
      await t.http().put('/api/calendar/years/2027').set('Authorization', adminBearer).send(YEAR_2027).expect(200);
      // the demo clock to 2027-04-01 (CST): six months on is 10-01, 国庆节
      const { now } = (await u.admin.get('/api/admin/clock').expect(200)).body as { now: string };
      const days = cstDayNumber('2027-04-01T04:00:00.000Z') - cstDayNumber(now);
      for (let left = days; left > 0; left -= Math.min(left, 400))
        await u.admin.post('/api/admin/clock/advance', { days: Math.min(left, 400) }).expect(200);

      const filed = await u.ent2
        .post(
          '/api/projects',
          project('癸公司告知承诺撤销项目', { notifyCommit: true, jointIssuance: true }, { industrial: true }),
        )
        .expect(201);
      projectId = filed.body.id;
      await workQueues(clerks(), projectId, 'landPlanning');
      ({ planning, nc } = await planningOnCommitment(u.ent2, projectId));
      await workQueues(clerks(), projectId);
      expect((await view(projectId)).currentStage.key).toBe('completionAcceptance');

      await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
      await send(u.ent2, nc, 'REPORT_RECTIFIED', { note: '已整改' });
      await send(u.planning, nc, 'REJECT_RECTIFICATION', { reason: '仍未退让' });
      expect((await caseOf(planning)).state).toBe('revoked');

      const p = await view(projectId, u.ent2);
      const stage = p.stages.find((s: { key: string }) => s.key === 'engineeringPermit');
      expect(stage.status).toBe('inProgress');
      expect(stage.statusLabel).toContain('已撤销');
      expect(p.currentStage).toEqual({ key: 'engineeringPermit', name: stage.name });
      const item = stage.items.find((i: { code: string }) => i.code === 'engineeringPlanningPermit');
      expect(item).toMatchObject({ itemStatus: 'revoked' });
      expect(JSON.stringify(p.certificates.bundle)).toMatch(/受影响|已撤销/);
      const next = p.nextActions.filter((a: { subject: string }) => a.subject.includes('建设工程规划许可证'));
      expect(next.length).toBeGreaterThan(0);
      expect(JSON.stringify(next)).toContain('重新申报');
      // the project list agrees with the page
      const list = (await u.ent2.get('/api/projects?limit=100').expect(200)).body.items as { id: string }[];
      expect(list.find((x) => x.id === projectId)).toBeDefined();
    });

    it('the 告知承诺 bar ends six months on, rolled past 国庆节 to 10-08 (民法典 art. 203); credit view, case view and refusal show 2027年10月9日前', async () => {
      const credit = (await u.admin.get('/api/enterprises/ent-ob2/credit').expect(200)).body;
      expect(credit.records).toHaveLength(1);
      // the last day 10-01 is 国庆节: the period ends with 10-08, the bar is lifted at 00:00 CST of 10-09
      expect(credit.records[0].barsNotifyCommitmentUntil).toBe('2027-10-08T16:00:00.000Z');
      expect(credit.notifyCommitment.label).toBe('2027年10月9日前不得适用告知承诺');
      expect(credit.records[0].barLabel).toContain('2027年10月9日前');

      // a fresh project of the same enterprise: 告知承诺 refused, naming the same date, in Chinese
      const second = (
        await u.ent2.post('/api/projects', project('癸公司第二个项目', { notifyCommit: true })).expect(201)
      ).body.id as string;
      await workQueues(clerks(), second, 'landPlanning');
      const design = await itemId(second, 'designPlanReview');
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      await send(u.planning, design, 'APPROVE', { opinion: '同意' });
      const item = await itemId(second, 'engineeringPlanningPermit');
      await send(u.window, item, 'WINDOW_ACCEPT');
      await send(u.planning, item, 'DEPARTMENT_ACCEPT');
      const offered = await caseOf(item, u.ent2);
      expect(types(offered)).not.toContain('REQUEST_NOTIFY_COMMITMENT');
      const res = await u.ent2.post(`/api/cases/${item}/events`, {
        type: 'REQUEST_NOTIFY_COMMITMENT',
        payload: { commitmentSigned: true, conditions: ['退让'] },
      });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('2027年10月9日前不得适用告知承诺');
      expect(res.body.message).not.toMatch(NO_CODES);

      // 10-02 (CST): the nominal six months have passed, the holiday has not: still barred
      const { now } = (await u.admin.get('/api/admin/clock').expect(200)).body as { now: string };
      await u.admin
        .post('/api/admin/clock/advance', { days: cstDayNumber('2027-10-02T04:00:00.000Z') - cstDayNumber(now) })
        .expect(200);
      expect((await u.admin.get('/api/enterprises/ent-ob2/credit').expect(200)).body.notifyCommitment.label).toBe(
        '2027年10月9日前不得适用告知承诺',
      );
      expect(types(await caseOf(item, u.ent2))).not.toContain('REQUEST_NOTIFY_COMMITMENT');
      // 10-09: lifted, offered and accepted
      await u.admin.post('/api/admin/clock/advance', { days: 7 }).expect(200);
      expect((await u.admin.get('/api/enterprises/ent-ob2/credit').expect(200)).body.notifyCommitment.label).toBe(
        '可适用告知承诺',
      );
      const later = await caseOf(item, u.ent2);
      expect(types(later)).toContain('REQUEST_NOTIFY_COMMITMENT');
      await send(u.ent2, item, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
      expect(await tasksOf(u.planning, `&projectId=${second}`)).not.toHaveLength(0);
    });
  });
});
