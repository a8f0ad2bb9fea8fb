/**
 * Issue #18, the remaining rules, through HTTP on fresh projects filed through the API and driven by clerks,
 * the enterprise and the demo clock: acceptance sections drive the whole-process clock (acceptance-section v5),
 * and a revoked foundation permit reads 已撤销 in the project view with the way back.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  advanceDays,
  caseView,
  childIdOf,
  filingBody,
  foundationApplication,
  itemIdOf,
  projectView,
  reportWorkStarted,
  send,
  workQueues,
  type Http,
  type Practices,
} from './projects-support';

const filing = (name: string, practices: Partial<Practices>, flags: Record<string, unknown> = {}) =>
  filingBody(name, { jointIssuance: true, ...practices }, { investmentAmount: 6000, ...flags });

describe('the remaining rules of issue #18 over HTTP', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('r3', { env: { DEMO_MODE: 'true' }, enterprise: '戊公司' }));
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
  const view = (projectId: string) => projectView(u.ent, projectId);
  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);
  const itemId = (projectId: string, code: string) => itemIdOf(u.ent, projectId, code);
  const advance = (days: number) => advanceDays(u.admin, days);

  describe('acceptance sections drive the whole-process clock', () => {
    const record = async (section: string, rectify: string[] = []) => {
      const c = await caseOf(section);
      const items: { code: string; department: string }[] = c.data.acceptanceItems;
      for (const { code, department } of items) {
        if (c.data.results[code].result !== 'pending') continue;
        await send(u[department], section, 'RECORD_RESULT', {
          acceptanceItem: code,
          result: rectify.includes(code) ? 'rectify' : 'pass',
        });
      }
      if ((await caseOf(section)).state === 'jointInspection')
        await send(u.planning, section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });
    };

    it('the clock runs while the departments inspect, pauses while the enterprise rectifies, and the days are counted', async () => {
      const filed = await u.ent
        .post('/api/projects', filing('戊公司厂房验收项目', {}, { industrial: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      await workQueues(clerks(), projectId);
      let p = await view(projectId);
      expect(p.currentStage.key).toBe('completionAcceptance');
      expect(p.wholeProcess).toMatchObject({ governmentTimeOnly: true, timerState: 'paused' });
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: null });
      const before = p.wholeProcess.daysUsed as number;

      // Construction: months pass, none of them counted.
      await advance(90);
      const section: string = p.stages[3].sections[0].instanceId;
      expect((await caseOf(section)).definition).toMatchObject({ id: 'acceptance-section', version: 5 });
      // project-case v11: a section applies only once work is reported started.
      await reportWorkStarted(u.ent, projectId);
      await send(u.ent, section, 'APPLY', { note: '具备验收条件' });
      p = await view(projectId);
      expect(p.wholeProcess.timerState).toBe('normal');
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: expect.any(String) });
      expect(p.wholeProcess.daysUsed).toBe(before);

      // Ten days with the departments count.
      await advance(10);
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      await record(section, ['qualityAcceptance']);
      expect((await caseOf(section)).state).toBe('rectifying');
      p = await view(projectId);
      expect(p.wholeProcess.timerState).toBe('paused');
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ to: null });
      const inspected = p.wholeProcess.daysUsed as number;
      expect(inspected).toBeGreaterThanOrEqual(before + 6);

      // The rectification's twenty days do not count; the re-inspection does.
      await advance(20);
      expect((await view(projectId)).wholeProcess.daysUsed).toBe(inspected);
      await send(u.ent, section, 'REPORT_RECTIFIED', { note: '已整改' });
      p = await view(projectId);
      expect(p.wholeProcess.timerState).toBe('normal');
      await record(section);
      p = await view(projectId);
      expect(p.currentStage.key).toBe('complete');
      expect(p.wholeProcess.timerState).not.toBe('overdue');
    });
  });

  describe('建筑法 art. 9: the ordinary construction permit lapses if work does not start', () => {
    it('two extensions on request, then the permit lapses (已失效 in the registry) and can be applied for again', async () => {
      const filed = await u.ent
        .post('/api/projects', filing('戊公司开工期限项目', {}, { industrial: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      await workQueues(clerks(), projectId);
      const root = (await view(projectId)).case.id;
      const watch = await childId(root, 'workStart:1');
      const c = await caseOf(watch, u.ent);
      // xa F2: a months limit counts its remaining days in calendar days, and says so (the UI read 「剩余 90 个月」).
      expect(c).toMatchObject({
        state: 'awaitingWorkStart',
        deadline: { kind: 'workStart', unit: 'months', remainingUnit: 'naturalDays', remaining: expect.any(Number) },
      });
      expect(c.deadline.remaining).toBeGreaterThan(80);
      expect(c.allowedEvents.map((e: { type: string }) => e.type).sort()).toEqual([
        'REPORT_WORK_STARTED',
        'REQUEST_WORK_START_EXTENSION',
      ]);
      let p = await view(projectId);
      expect(p.workStart).toMatchObject({ state: 'awaitingWorkStart', extensions: 0 });
      expect(p.nextActions.map((a: { subject: string }) => a.subject)).toContain('施工许可证开工期限');
      // The project page's row says the same (it dropped the unit and called the count remainingWorkingDays).
      const row = p.nextActions.find((a: { subject: string }) => a.subject === '施工许可证开工期限');
      expect(row.deadline).toMatchObject({
        unit: 'months',
        remaining: c.deadline.remaining,
        remainingUnit: 'naturalDays',
        remainingWorkingDays: c.deadline.remaining,
      });
      const task = (await u.ent.get(`/api/tasks?projectId=${projectId}`).expect(200)).body.items.find(
        (x: { instanceId: string }) => x.instanceId === watch,
      );
      expect(task?.deadline).toMatchObject({ unit: 'months', remainingUnit: 'naturalDays' });

      await send(u.ent, watch, 'REQUEST_WORK_START_EXTENSION', { reason: '设备未到' });
      await send(u.ent, watch, 'REQUEST_WORK_START_EXTENSION', { reason: '资金未到位' });
      const third = await u.ent.post(`/api/cases/${watch}/events`, {
        type: 'REQUEST_WORK_START_EXTENSION',
        payload: { reason: '再延' },
      });
      expect(third.status).toBe(422);
      expect(third.body.message).toContain('延期以2次为限');

      // Nine months and a little: the (twice extended) deadline passes without a start report.
      await advance(290);
      expect((await caseOf(watch)).state).toBe('lapsed');
      p = await view(projectId);
      const cert = p.certificates.issued.find((x: { code: string }) => x.code === 'constructionPermit');
      expect(cert).toMatchObject({ status: 'lapsed', statusLabel: '已失效', reason: '逾期未开工' });
      expect(p.stages[2]).toMatchObject({ status: 'inProgress', statusLabel: '施工许可证已失效，待重新申报' });
      expect(p.certificates.bundle.affected).toBe(true);
      const registry = await u.ent.get(`/api/projects/${projectId}/certificates`).expect(200);
      expect(JSON.stringify(registry.body)).toContain('已失效');
      const next = p.nextActions.find((a: { subject: string }) => a.subject === '建筑工程施工许可证核发');
      expect(next.statusLabel).toBe('已失效（逾期未开工），可重新申报');
      expect(next.yourEvents.map((e: { type: string }) => e.type)).toContain('REAPPLY_ITEM');

      // The way back: apply again; the new permit starts a new period.
      await send(u.ent, root, 'REAPPLY_ITEM', { itemCode: 'constructionPermit' });
      await workQueues(clerks(), projectId);
      p = await view(projectId);
      expect(p.certificates.issued.find((x: { code: string }) => x.code === 'constructionPermit').status).toBe('valid');
      const second = await childId(root, 'workStart:2');
      await send(u.ent, second, 'REPORT_WORK_STARTED', { note: '已开工' });
      expect((await view(projectId)).workStart).toMatchObject({ state: 'started' });
    });
  });

  describe('带方案出让: the design plan is pre-reviewed before the land sale', () => {
    it('a 带方案出让用地项目 has its design-plan review decided in the land stage; others wait for the land permits', async () => {
      const plan = {
        ...filing('戊公司带方案出让项目', {}, { industrial: true }),
        category: 'landWithDesignPlan',
        landSupplyMode: 'withDesignPlan',
      };
      const projectId: string = (await u.ent.post('/api/projects', plan).expect(201)).body.id;
      const filingItem = await itemId(projectId, 'projectFiling');
      await send(u.window, filingItem, 'WINDOW_ACCEPT');
      await send(u.development, filingItem, 'DEPARTMENT_ACCEPT');
      await send(u.development, filingItem, 'APPROVE', { opinion: '予以备案' });
      let p = await view(projectId);
      expect(p.currentStage.key).toBe('landPlanning');
      const design = await itemId(projectId, 'designPlanReview');
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      const offered = await caseOf(design, u.planning);
      expect(offered.allowedEvents.map((e: { type: string }) => e.type)).toContain('APPROVE');
      await send(u.planning, design, 'APPROVE', { opinion: '设计方案预审通过' });
      p = await view(projectId);
      expect(p.currentStage.key).toBe('landPlanning');
      const title = p.stages[0].items.find((i: { code: string }) => i.code === 'landTitleRegistration');
      expect(title.itemStatus).toBe('open');
      expect(p.stages[1].items.find((i: { code: string }) => i.code === 'designPlanReview').itemStatus).toBe(
        'approved',
      );

      const other = (
        await u.ent.post('/api/projects', filing('戊公司普通出让项目', {}, { industrial: true })).expect(201)
      ).body.id;
      await workQueues([u.window, u.development], other);
      const o = await view(other);
      expect(o.stages[1].items.find((i: { code: string }) => i.code === 'designPlanReview').instanceId).toBeNull();
    });
  });

  describe('桩基先行: a revoked foundation permit is visible as 已撤销', () => {
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);

    it('the certificate and the foundation read 已撤销 with the reason and the next step; the bundle, never issued, is not marked affected', async () => {
      const filed = await u.ent
        .post('/api/projects', filing('戊公司桩基撤销项目', { foundationFirst: true }, { industrial: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      await workQueues(clerks(), projectId, 'landPlanning');
      const foundation = await childId(projectId, 'foundation');
      await send(u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
      const design = await itemId(projectId, 'designPlanReview');
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      await send(u.planning, design, 'APPROVE', { opinion: '同意' });
      await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
      await send(u.housing, foundation, 'REVOKE_FOUNDATION_PERMIT', { reason: '以欺骗手段取得' });

      const p = await view(projectId);
      const cert = p.certificates.issued.find((c: { code: string }) => c.code === 'foundationConstructionPermit');
      expect(cert).toMatchObject({ status: 'revoked', statusLabel: '已撤销', reason: '以欺骗手段取得' });
      expect(cert.revokedAt).toEqual(expect.any(String));
      expect(p.foundation).toMatchObject({
        status: 'revoked',
        statusLabel: '已撤销',
        revocation: { reason: '以欺骗手段取得' },
        nextStepLabel: expect.stringContaining('按普通程序申请建筑工程施工许可证'),
      });
      // xb 10: the bundle was never issued, so no revocation affects it; it says why the permit takes the plain way.
      expect(p.certificates.bundle).toMatchObject({
        issuedAt: null,
        affected: false,
        statusLabel: '待联合发证（桩基阶段施工许可已撤销，施工许可证按普通程序办理）',
      });
      expect(JSON.stringify(p)).not.toContain('已失效');
      const registry = await u.ent.get(`/api/projects/${projectId}/certificates`).expect(200);
      expect(JSON.stringify(registry.body)).toContain('已撤销');
      const step = p.timeline.find((s: { key: string }) => s.key === 'foundation');
      expect(step.detail).toBe('已撤销');

      // The way back: the plain construction permit opens with its stage.
      await workQueues(clerks(), projectId, 'engineeringPermit');
      expect(await itemId(projectId, 'constructionPermit')).toEqual(expect.any(String));
    });
  });
});
