import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { caseView, childIdOf, filingBody, itemIdOf, send, workQueues, type Http } from './projects-support';

/**
 * project-case v11 from outside (outside checks xa F3/F4/F7, xb 3/4/7): fresh projects filed and driven over HTTP
 * only. Acceptance waits for what it stands on: completion acceptance opens once the construction permit is in
 * force; the project tells its sections (acceptance-section v5) whether they may apply and why not.
 * The section's side (acceptance-section v5): APPLY greyed with the reason and refused with the same words. What the
 * project sends is also asserted on the project's case data (`acceptanceConditionsSent`).
 */

describe('acceptance waits for what it stands on (project-case v11)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('ac', { enterprise: '子公司' }));
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const enabled = (c: { allowedEvents: { type: string; disabledReason?: string }[] }) =>
    c.allowedEvents.filter((e) => !e.disabledReason).map((e) => e.type);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childKeys = async (id: string) =>
    ((await caseOf(id)).children as { childKey: string }[]).map((c) => c.childKey);
  async function file(name: string, practices = {}) {
    const res = await u.ent
      .post('/api/projects', filingBody(name, practices, { industrial: true, civilDefense: 'exempt' }))
      .expect(201);
    return res.body.id as string;
  }

  it('is filed on project-case v11', async () => {
    const projectId = await file('子公司十一版项目');
    expect((await caseOf(projectId)).definition).toMatchObject({ id: 'project-case', version: 11 });
  });

  describe('no construction permit issued (xa F4: the bundle waits for a revoked planning permit)', () => {
    let projectId: string;

    beforeAll(async () => {
      projectId = await file('子公司联发未发证项目', { jointIssuance: true });
      await workQueues(clerks(), projectId, 'landPlanning');
      await workQueues(clerks(), projectId, 'engineeringPermit');
      await send(u.planning, await itemId(projectId, 'engineeringPlanningPermit'), 'REVOKE', {
        reason: '规划条件变更',
      });
      await workQueues(clerks(), projectId);
    });

    it('the construction stage approved, no permit issued: no acceptance section exists, none is offered', async () => {
      const project = await caseOf(projectId, u.ent);
      expect(project.data.items.constructionPermit.status).toBe('approved');
      expect(project.data.certificates.constructionPermit).toBeUndefined();
      expect(project.data.stage).toBe('constructionPermit');
      expect((await childKeys(projectId)).filter((k) => k.startsWith('section:'))).toEqual([]);
      // The enterprise's 待办 holds the re-application, no acceptance.
      expect(enabled(project)).toEqual(['REAPPLY_ITEM']);
    });

    // the re-approved planning permit issues the bundle, which opens acceptance.
    describe('once the planning permit is applied for again and approved', () => {
      it('the bundle is issued, acceptance opens and the section is told work is not reported started', async () => {
        await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'engineeringPlanningPermit' });
        await workQueues(clerks(), projectId);
        const project = await caseOf(projectId);
        expect(project.data.certificates.constructionPermit.status).toBe('valid');
        expect(project.data.acceptanceConditionsSent).toEqual({
          applyBlockedBy: '尚未报告开工，不能申请竣工验收',
          openCommitments: [],
        });
      });
    });
  });

  describe('work reported started; an earlier approval revoked (xb 4, 7)', () => {
    let projectId: string;
    let section: string;

    beforeAll(async () => {
      projectId = await file('子公司开工报告项目');
      await workQueues(clerks(), projectId);
      section = await childIdOf(u.admin, projectId, 'section:whole');
    });

    const apply = () => u.ent.post(`/api/cases/${section}/events`, { type: 'APPLY', payload: { note: '申请验收' } });
    const applyOffer = async () =>
      ((await caseOf(section, u.ent)).allowedEvents as { type: string; disabledReason?: string }[]).find(
        (e) => e.type === 'APPLY',
      );

    it('work not reported started: APPLY greyed with the reason, and refused in Chinese', async () => {
      expect((await caseOf(projectId)).data.acceptanceConditionsSent.applyBlockedBy).toBe(
        '尚未报告开工，不能申请竣工验收',
      );
      expect((await applyOffer())?.disabledReason).toContain('尚未报告开工');
      const refused = await apply();
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(JSON.stringify(refused.body)).toContain('尚未报告开工');
    });

    it('an earlier approval revoked: APPLY greyed and refused until it is approved again', async () => {
      await send(u.ent, await childIdOf(u.admin, projectId, 'workStart:1'), 'REPORT_WORK_STARTED', { note: '已开工' });
      expect((await caseOf(projectId)).data.acceptanceConditionsSent.applyBlockedBy).toBeNull();
      await send(u.planning, await itemId(projectId, 'designPlanReview'), 'REVOKE', { reason: '规划条件变更' });
      const blocked = '「建设工程设计方案审查」已撤销，须重新申报后方可申请竣工验收';
      expect((await caseOf(projectId)).data.acceptanceConditionsSent.applyBlockedBy).toBe(blocked);
      expect((await applyOffer())?.disabledReason).toContain('已撤销');
      expect((await apply()).status).toBeLessThan(500);
      expect((await apply()).status).toBeGreaterThanOrEqual(400);
      await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'designPlanReview' });
      await workQueues(clerks(), projectId);
      expect((await caseOf(projectId)).data.acceptanceConditionsSent.applyBlockedBy).toBeNull();
      expect((await applyOffer())?.disabledReason).toBeUndefined();
      expect((await apply()).status).toBe(200);
    });
  });

  // the project is completed through its section.
  describe('a complete project with a revoked approval (xa F3, xb 3)', () => {
    it('reads 已竣工验收（有审批已撤销，待重新申报）; REAPPLY_ITEM is offered to the enterprise and accepted', async () => {
      const projectId = await file('子公司竣工后撤销项目');
      await workQueues(clerks(), projectId);
      await send(u.ent, await childIdOf(u.admin, projectId, 'workStart:1'), 'REPORT_WORK_STARTED', { note: '已开工' });
      const section = await childIdOf(u.admin, projectId, 'section:whole');
      await send(u.ent, section, 'APPLY', { note: '申请验收' });
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      const items: { code: string; department: string }[] = (await caseOf(section)).data.acceptanceItems;
      for (const { code, department } of items)
        await send(u[department], section, 'RECORD_RESULT', { acceptanceItem: code, result: 'pass', opinion: '合格' });
      if ((await caseOf(section)).state === 'jointInspection')
        await send(u.planning, section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });
      expect((await caseOf(projectId)).data.stage).toBe('complete');
      await send(u.planning, await itemId(projectId, 'designPlanReview'), 'REVOKE', { reason: '规划条件变更' });
      const project = await caseOf(projectId, u.ent);
      expect(project.status).toBe('active');
      expect(project.statusLabel).toBe('已竣工验收（有审批已撤销，待重新申报）');
      expect(enabled(project)).toEqual(['REAPPLY_ITEM']);
      await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'designPlanReview' });
    });
  });

  describe('a re-applied item is a new application (xa F7)', () => {
    it('its 撤件 is offered to the enterprise and accepted while nothing of it is decided', async () => {
      const projectId = await file('子公司重新申报撤件项目');
      await workQueues(clerks(), projectId, 'landPlanning');
      await send(u.planning, await itemId(projectId, 'landUsePlanningPermit'), 'REVOKE', { reason: '用地条件变更' });
      await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'landUsePlanningPermit' });
      const again = await childIdOf(u.admin, projectId, 'item:landUsePlanningPermit:2');
      expect(enabled(await caseOf(again, u.ent))).toContain('WITHDRAW');
      await send(u.ent, again, 'WITHDRAW', { reason: '重新准备材料' });
      expect((await caseOf(again)).status).toBe('done');
    });
  });
});
