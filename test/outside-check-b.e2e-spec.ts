import { userToken } from './support/http-users';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  YEAR_2027,
  caseView,
  childIdOf,
  cstDayNumber,
  filingBody,
  foundationApplication,
  itemIdOf,
  projectView,
  send,
  tasksOf,
  workQueues,
  type Http,
} from './projects-support';

/**
 * Issue #18 points 8–13 checked from outside: fresh projects filed through HTTP only, driven by the demo roles and
 * the demo clock as the UI drives them, each rule asserted as DOMAIN.md ("Decisions, second round") states it.
 */

/** What users read must not carry codes, state paths or English words. */
const NO_CODES = /[A-Za-z_]{3,}/;

describe('issue #18 points 8–13 from outside (probe b)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('ob', {
      env: { DEMO_MODE: 'true' },
      enterprise: '壬公司',
      enterprises: { 'ent-ob2': '癸公司' },
      users: {
        ent2: { username: 'ob-ent2', role: 'enterprise', enterpriseId: 'ent-ob2' },
        auditor: { username: 'ob-auditor', role: 'auditor' },
      },
    }));
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
  const view = (projectId: string, who: Http = u.admin) => projectView(who, projectId);
  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const types = (c: { allowedEvents: { type: string }[] }) => c.allowedEvents.map((e) => e.type);
  /** The events offered enabled (a greyed one carries disabledReason: listed with why, not an action). */
  const enabled = (c: { allowedEvents: { type: string; disabledReason?: string }[] }) =>
    c.allowedEvents.filter((e) => !e.disabledReason).map((e) => e.type);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);
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
          filingBody(
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
      await send(
        u.ent,
        foundation,
        'APPLY_FOUNDATION_PERMIT',
        foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]),
      );
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
      expect(enabled(blocked)).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
      expect(
        blocked.allowedEvents.find((e: { type: string }) => e.type === 'ISSUE_ABOVE_GROUND_PERMIT').disabledReason,
      ).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
      const res = await u.housing.post(`/api/cases/${foundation}/events`, {
        type: 'ISSUE_ABOVE_GROUND_PERMIT',
        payload: {},
      });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
      expect(res.body.message).not.toMatch(NO_CODES);

      await send(u.ent, nc, 'REPORT_RECTIFIED', { note: '已按要求退让' });
      // reported, not yet confirmed: still in rectification for the permit
      expect(enabled(await caseOf(foundation, u.housing))).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.planning, nc, 'CONFIRM_RECTIFIED', { note: '符合' });
      const after = await view(projectId, u.ent);
      expect(
        after.commitments.notifyCommitments.find((n: { instanceId: string }) => n.instanceId === nc),
      ).toMatchObject({ blocksAboveGroundPermit: false, blockLabel: null });
      // offered means accepted
      expect(enabled(await caseOf(foundation, u.housing))).toContain('ISSUE_ABOVE_GROUND_PERMIT');
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
          filingBody('癸公司告知承诺撤销项目', { notifyCommit: true, jointIssuance: true }, { industrial: true }),
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
        await u.ent2.post('/api/projects', filingBody('癸公司第二个项目', { notifyCommit: true })).expect(201)
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

  /** Window and department accept an item of the project. */
  async function accepted(projectId: string, code: string, dept: Http) {
    const id = await itemId(projectId, code);
    await send(u.window, id, 'WINDOW_ACCEPT');
    await send(dept, id, 'DEPARTMENT_ACCEPT');
    return id;
  }
  const advanceTo = async (cstNoon: string) => {
    const { now } = (await u.admin.get('/api/admin/clock').expect(200)).body as { now: string };
    const days = cstDayNumber(cstNoon) - cstDayNumber(now);
    if (days > 0) await u.admin.post('/api/admin/clock/advance', { days }).expect(200);
  };

  describe('point 11: the window decides within 5 working days, or the application is deemed accepted (after 国庆节)', () => {
    it('received on 10-09 (a 调休 Saturday, a working day): still at the window on 10-15, deemed accepted from 10-16 and recorded', async () => {
      await advanceTo('2027-10-09T04:00:00.000Z');
      const projectId = (await u.ent.post('/api/projects', filingBody('壬公司窗口视为受理项目', {})).expect(201)).body
        .id as string;
      const filing = await itemId(projectId, 'projectFiling');
      // 10-09 counts as day 0; 10-11..10-15 are the five working days
      await advanceTo('2027-10-15T04:00:00.000Z');
      const still = await caseOf(filing, u.window);
      expect(types(still)).toContain('WINDOW_ACCEPT');
      await advanceTo('2027-10-16T04:00:00.000Z');
      const deemed = await caseOf(filing, u.development);
      expect(types(deemed)).toContain('DEPARTMENT_ACCEPT');
      expect(types(deemed)).not.toContain('WINDOW_ACCEPT');
      // the window can no longer act on it: not offered, refused if sent
      const late = await u.window.post(`/api/cases/${filing}/events`, { type: 'WINDOW_ACCEPT', payload: {} });
      expect(late.status).toBeGreaterThanOrEqual(400);
      expect(late.status).toBeLessThan(500);
      const history = (await u.auditor.get(`/api/cases/${filing}/history`)).body;
      expect(JSON.stringify(history)).toContain('视为受理');
      // the department queue, the project list and the page agree on the item
      const queued = (await tasksOf(u.development, `&projectId=${projectId}`)).find((x) => x.instanceId === filing);
      expect(queued).toBeDefined();
      // the department's clock runs from the day received (10-09): the queue shows the case's own due instant
      expect(deemed.deadline).toMatchObject({ dueAt: queued!.dueAt });
      expect(queued!.overdue).toBe(deemed.timerState === 'overdue');
      const page = await view(projectId, u.ent);
      const onPage = page.stages[0].items.find((i: { code: string }) => i.code === 'projectFiling');
      expect(onPage.state).toBe(deemed.state);
      expect(onPage.statusLabel).not.toMatch(NO_CODES);
    });
  });

  describe('point 12: 补正 all at once', () => {
    it('one request per submission; a second only after resubmission and only for what changed; refusals name materials in Chinese', async () => {
      const projectId = (await u.ent.post('/api/projects', filingBody('壬公司补正项目', {})).expect(201)).body
        .id as string;
      const id = await accepted(projectId, 'landTitleRegistration', u.planning);
      await send(u.planning, id, 'REQUEST_CORRECTION', { missingMaterials: ['deedTaxReceipt'] });
      // no second request on the same submission
      const waiting = await caseOf(id, u.planning);
      expect(types(waiting)).not.toContain('REQUEST_CORRECTION');
      const twice = await u.planning.post(`/api/cases/${id}/events`, {
        type: 'REQUEST_CORRECTION',
        payload: { missingMaterials: ['landGrantContract'] },
      });
      expect(twice.status).toBeGreaterThanOrEqual(400);
      expect(twice.status).toBeLessThan(500);
      expect(twice.body.message).not.toMatch(NO_CODES);
      await u.ent.upload(id, 'deedTaxReceipt');
      await send(u.ent, id, 'COMPLETE_CORRECTION', { suppliedMaterials: ['deedTaxReceipt'] });
      const other = await u.planning.post(`/api/cases/${id}/events`, {
        type: 'REQUEST_CORRECTION',
        payload: { missingMaterials: ['landGrantContract'] },
      });
      expect(other.status).toBe(422);
      expect(other.body.message).toContain('契税完税凭证');
      expect(other.body.message).not.toMatch(NO_CODES);
    });
  });

  describe('point 9: credit repair by an admin, audited, lifts the 容缺 bar', () => {
    it('a 容缺 breach bars 容缺 on a fresh project (not offered, refused in Chinese); repaired by an admin with reason and evidence: offered and accepted', async () => {
      const breachProject = (
        await u.ent
          .post('/api/projects', {
            ...filingBody('壬公司容缺失信项目', { tolerance: true }),
            missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] },
          })
          .expect(201)
      ).body.id as string;
      const filing = await accepted(breachProject, 'projectFiling', u.development);
      await send(u.development, filing, 'APPROVE', { opinion: '同意' });
      const item = await accepted(breachProject, 'landUsePlanningPermit', u.planning);
      await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
      const tolerance = await childId(item, 'tolerance:1');
      await send(u.planning, tolerance, 'ACCEPT_TOLERANCE');
      await send(u.planning, item, 'APPROVE_WITH_TOLERANCE', { opinion: '容缺通过' });
      await u.admin.post('/api/admin/clock/advance', { days: 30 }).expect(200);
      expect((await caseOf(tolerance)).state).toBe('breached');
      const credit = (await u.ent.get('/api/enterprises/ent-ob/credit').expect(200)).body;
      expect(credit.tolerance.barred).toBe(true);
      expect(credit.tolerance.label).not.toMatch(NO_CODES);

      const fresh = (
        await u.ent
          .post('/api/projects', {
            ...filingBody('壬公司容缺再申请项目', { tolerance: true }),
            missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] },
          })
          .expect(201)
      ).body.id as string;
      const filing2 = await accepted(fresh, 'projectFiling', u.development);
      await send(u.development, filing2, 'APPROVE', { opinion: '同意' });
      const item2 = await accepted(fresh, 'landUsePlanningPermit', u.planning);
      expect(types(await caseOf(item2, u.ent))).not.toContain('REQUEST_TOLERANCE');
      const refused = await u.ent.post(`/api/cases/${item2}/events`, {
        type: 'REQUEST_TOLERANCE',
        payload: { commitmentLetterSigned: true },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('不得适用容缺受理');
      expect(refused.body.message).not.toMatch(NO_CODES);

      const recordId: string = credit.records[0].id;
      // only an admin repairs; a reason and evidence are required
      expect(
        (await u.ent.post(`/api/credit-records/${recordId}/repair`, { reason: '已补交', evidence: '材料' })).status,
      ).toBe(403);
      const blank = await u.admin.post(`/api/credit-records/${recordId}/repair`, { reason: '', evidence: '' });
      expect(blank.status).toBe(400);
      // each missing field named in Chinese, none as a bare 「字段」
      expect(blank.body.message).toContain('「理由」');
      expect(blank.body.message).toContain('「修复依据」');
      expect(blank.body.message).not.toMatch(NO_CODES);
      await u.admin
        .post(`/api/credit-records/${recordId}/repair`, { reason: '已补交并经审查合格', evidence: '补交材料审查意见' })
        .expect(200);
      const again = await u.admin.post(`/api/credit-records/${recordId}/repair`, { reason: '重复', evidence: '重复' });
      expect(again.status).toBe(409);
      expect(again.body.message).not.toMatch(NO_CODES);
      // audited: the auditor reads who repaired it, why and on what evidence
      const audited = (await u.auditor.get('/api/enterprises/ent-ob/credit').expect(200)).body;
      expect(audited.records[0]).toMatchObject({
        status: 'repaired',
        repair: { by: 'ob-admin', reason: '已补交并经审查合格', evidence: '补交材料审查意见' },
      });
      expect(audited.tolerance.barred).toBe(false);
      // offered means accepted
      expect(types(await caseOf(item2, u.ent))).toContain('REQUEST_TOLERANCE');
      await send(u.ent, item2, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
    });
  });

  describe('六证联发 only for industrial projects', () => {
    it('a non-industrial project with 联合发证 gets 四证联发; an industrial one 六证联发', async () => {
      const plain = (
        await u.ent.post('/api/projects', filingBody('壬公司商业项目', { jointIssuance: true })).expect(201)
      ).body.id as string;
      const plant = (
        await u.ent
          .post('/api/projects', filingBody('壬公司工业项目', { jointIssuance: true }, { industrial: true }))
          .expect(201)
      ).body.id as string;
      expect((await view(plain, u.ent)).certificates.bundle).toMatchObject({ name: '四证联发' });
      expect((await view(plant, u.ent)).certificates.bundle).toMatchObject({ name: '六证联发' });
    });
  });
});
