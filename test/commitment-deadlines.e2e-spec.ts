import { userToken } from './support/http-users';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { V11_CHILD_VERSIONS } from '../workflows/protocol';
import {
  advanceDays,
  as,
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

/**
 * Issue #18, part B, through HTTP on fresh projects: the enterprise files, clerks work their queues, the demo
 * clock (admin) moves time and fires the timers, as people would drive them.
 */

const project = (name: string, practices: Partial<Practices>, missing: Record<string, string[]> = {}) =>
  filingBody(name, practices, { missingMaterials: missing });

describe('commitment deadlines over HTTP (issue #18, part B)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('rb', {
      env: { DEMO_MODE: 'true' },
      enterprise: '丙公司',
      enterprises: { 'ent-rb2': '丁公司', 'ent-rb3': '庚公司' },
      // its own enterprise: the revocation it ends with bars 告知承诺 for six months
      users: { ent3: { username: 'rb-ent3', role: 'enterprise', enterpriseId: 'ent-rb3' } },
    }));
  });
  afterAll(() => t?.close());

  // An admin reads every project; tests pass the user whose allowedEvents they check.
  const view = (projectId: string) => projectView(u.admin, projectId);
  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);
  const advance = (days: number) => advanceDays(u.admin, days);
  const credit = async (enterpriseId: string) =>
    t.dataSource.query('SELECT bars_tolerance, repaired_at FROM credit_record WHERE enterprise_id = $1', [
      enterpriseId,
    ]);

  /** 企业投资项目备案 approved: the items that depend on it (catalog v2) may be decided. */
  const filingApproved = async (projectId: string) => {
    const filing = await itemId(projectId, 'projectFiling');
    await send(u.window, filing, 'WINDOW_ACCEPT');
    await send(u.development, filing, 'DEPARTMENT_ACCEPT');
    await send(u.development, filing, 'APPROVE', { opinion: '同意' });
  };

  /** 建设用地规划许可证 filed without 项目备案证明 (on the 容缺清单), decided under tolerance as soon as the
   * project filing it depends on is approved. */
  async function approvedUnderTolerance(name: string) {
    const filed = await u.ent
      .post('/api/projects', project(name, { tolerance: true }, { landUsePlanningPermit: ['projectFilingProof'] }))
      .expect(201);
    const projectId: string = filed.body.id;
    await filingApproved(projectId);
    const item = await itemId(projectId, 'landUsePlanningPermit');
    await send(u.window, item, 'WINDOW_ACCEPT');
    await send(u.planning, item, 'DEPARTMENT_ACCEPT');
    await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
    const tolerance = await childId(item, 'tolerance:1');
    await send(u.planning, tolerance, 'ACCEPT_TOLERANCE');
    await send(u.planning, item, 'APPROVE_WITH_TOLERANCE', { opinion: '容缺通过' });
    return { projectId, item, tolerance };
  }

  describe('容缺: the enterprise is not punished for the department’s delay (point 3)', () => {
    it('supplied on day 0 and never reviewed: at the deadline nothing is breached; the review runs on the department clock, which turns 逾期', async () => {
      const { projectId, item, tolerance } = await approvedUnderTolerance('丙公司容缺按时补交项目');
      await u.ent.upload(tolerance, 'projectFilingProof');
      await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
      const supplied = await caseOf(tolerance, u.planning);
      expect(supplied).toMatchObject({ waitingOn: 'department', deadline: { kind: 'toleranceReview' } });
      expect(supplied.allowedEvents.map((e: { type: string }) => e.type)).toContain('REVIEW_MATERIAL');
      // 30 days on: the enterprise's deadline (5 working days) and the department's review time have both passed
      await advance(30);
      const after = await caseOf(tolerance, u.planning);
      expect(after.state).toBe('awaitingSupplement');
      expect(after).toMatchObject({ waitingOn: 'department', timerState: 'overdue' });
      expect(await credit('ent-rb')).toEqual([]);
      expect((await caseOf(item)).state).toBe('approvedWithTolerance');
      expect(
        (await view(projectId)).stages[0].items.find((i: { code: string }) => i.code === 'landUsePlanningPermit'),
      ).not.toMatchObject({ itemStatus: 'revoked' });
      // the department reviews late; the commitment is fulfilled
      await send(u.planning, tolerance, 'REVIEW_MATERIAL', { material: 'projectFilingProof', compliant: true });
      expect((await caseOf(tolerance)).state).toBe('fulfilled');
      expect((await caseOf(item)).state).toBe('approved');
    });

    it('rejected on review with time left: supplied again; still missing at the deadline: breached and recorded', async () => {
      const { item, tolerance } = await approvedUnderTolerance('丙公司容缺退回项目');
      await u.ent.upload(tolerance, 'projectFilingProof');
      await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
      await send(u.planning, tolerance, 'REVIEW_MATERIAL', {
        material: 'projectFilingProof',
        compliant: false,
        note: '非本项目备案',
      });
      const back = await caseOf(tolerance, u.ent);
      expect(back).toMatchObject({ state: 'awaitingSupplement', waitingOn: 'enterprise' });
      expect(back.allowedEvents.map((e: { type: string }) => e.type)).toContain('SUPPLY_MATERIAL');
      // not supplied again before the deadline
      await advance(30);
      expect((await caseOf(tolerance)).state).toBe('breached');
      expect((await caseOf(item)).state).toBe('revoked');
      expect(await credit('ent-rb')).toEqual([{ bars_tolerance: true, repaired_at: null }]);
    });
  });

  describe('credit: the view, and a repair by an admin that lifts the 容缺 bar (point 9)', () => {
    it('a breach bars 容缺; the enterprise sees it; only an admin repairs, once, with reason and evidence; then 容缺 is allowed again', async () => {
      // the breach of the earlier test stands unrepaired: 容缺 is barred
      const before = (await u.ent.get('/api/enterprises/ent-rb/credit').expect(200)).body;
      expect(before).toMatchObject({
        enterprise: { id: 'ent-rb', name: '丙公司' },
        // it names the record, and that only a repair lifts it
        tolerance: { barred: true, label: expect.stringMatching(/^不得适用容缺受理：容缺受理失信：.+，信用修复前$/) },
      });
      const record = before.records.find((r: { status: string }) => r.status === 'barring');
      expect(record).toMatchObject({ kind: 'tolerance', kindLabel: '容缺受理失信', repair: null });
      // a new project of the same enterprise: the department cannot grant 容缺
      const filed = await u.ent
        .post(
          '/api/projects',
          project('丙公司信用修复后项目', { tolerance: true }, { landUsePlanningPermit: ['projectFilingProof'] }),
        )
        .expect(201);
      const item = await itemId(filed.body.id, 'landUsePlanningPermit');
      await send(u.window, item, 'WINDOW_ACCEPT');
      await send(u.planning, item, 'DEPARTMENT_ACCEPT');
      const refused = await u.ent.post(`/api/cases/${item}/events`, {
        type: 'REQUEST_TOLERANCE',
        payload: { commitmentLetterSigned: true },
      });
      expect(refused.status).toBe(422);
      // another enterprise does not see it; a clerk may not repair; bad input is a 400
      const other = as(
        t,
        await userToken(t, { username: 'rb-ent-other', role: 'enterprise', enterpriseId: 'ent-rb2' }),
      );
      await other.get('/api/enterprises/ent-rb/credit').expect(404);
      await u.planning.post(`/api/credit-records/${record.id}/repair`, { reason: 'x', evidence: 'y' }).expect(403);
      const bad = await u.admin.post(`/api/credit-records/${record.id}/repair`, { reason: '' });
      expect(bad.status).toBe(400);
      await u.admin.post('/api/credit-records/999999/repair', { reason: 'x', evidence: 'y' }).expect(404);
      // the repair
      const repaired = (
        await u.admin
          .post(`/api/credit-records/${record.id}/repair`, {
            reason: '已补齐材料并通过审核',
            evidence: '补正材料审核意见书 2026-018',
          })
          .expect(200)
      ).body;
      expect(repaired.tolerance).toMatchObject({ barred: false, label: '可适用容缺受理' });
      expect(repaired.records.find((r: { id: string }) => r.id === record.id)).toMatchObject({
        status: 'repaired',
        statusLabel: '已修复',
        repair: { by: 'rb-admin', reason: '已补齐材料并通过审核', evidence: '补正材料审核意见书 2026-018' },
      });
      const [row] = await t.dataSource.query('SELECT repaired_at, repaired_by FROM credit_record WHERE id = $1', [
        record.id,
      ]);
      expect(row.repaired_at).not.toBeNull();
      expect(row.repaired_by).toBe('rb-admin');
      await u.admin.post(`/api/credit-records/${record.id}/repair`, { reason: '再次', evidence: '再次' }).expect(409);
      // the bar is lifted: 容缺 is requested and granted
      await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
      await send(u.planning, await childId(item, 'tolerance:1'), 'ACCEPT_TOLERANCE');
    });
  });

  describe('告知承诺: a rectification reported in time is not revoked for the department’s delay (point 4)', () => {
    it('reported before the deadline, unverified at it: not revoked; the verification clock turns 逾期; non-compliant on review: revoked', async () => {
      const filed = await u.ent3
        .post('/api/projects', project('丙公司告知承诺整改项目', { notifyCommit: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      const clerks = [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
      await workQueues(clerks, projectId, 'landPlanning');
      const design = await itemId(projectId, 'designPlanReview');
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      await send(u.planning, design, 'APPROVE', { opinion: '同意' });
      const item = await itemId(projectId, 'engineeringPlanningPermit');
      await send(u.window, item, 'WINDOW_ACCEPT');
      await send(u.planning, item, 'DEPARTMENT_ACCEPT');
      await send(u.ent3, item, 'REQUEST_NOTIFY_COMMITMENT', {
        commitmentSigned: true,
        conditions: ['建筑退让符合规划条件'],
      });
      const nc = await childId(item, 'notifyCommitment:1');
      await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
      await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
      expect((await caseOf(nc)).deadline).toMatchObject({ kind: 'rectification' });
      await send(u.ent3, nc, 'REPORT_RECTIFIED', { note: '已按要求退让' });
      expect(await caseOf(nc, u.planning)).toMatchObject({
        state: 'rectificationReported',
        waitingOn: 'department',
        deadline: { kind: 'rectificationVerification' },
      });
      // 60 days on: the 30-working-day rectification deadline and the department's verification time have passed
      await advance(60);
      const after = await caseOf(nc, u.planning);
      expect(after).toMatchObject({ state: 'rectificationReported', timerState: 'overdue' });
      expect((await caseOf(item)).state).not.toBe('revoked');
      const rows = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM credit_record c JOIN workflow_instance i ON i.id = c.instance_id
          WHERE i.id = $1`,
        [nc],
      );
      expect(rows[0].n).toBe(0);
      // verified non-compliant: the order was the second chance
      await send(u.planning, nc, 'REJECT_RECTIFICATION', { reason: '仍未退让' });
      expect((await caseOf(nc)).state).toBe('revoked');
      expect((await caseOf(item)).state).toBe('revoked');
    });
  });

  describe('桩基先行 (points 5 and 8)', () => {
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);
    const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
    const approve = async (projectId: string, code: string, dept: Http) => {
      const id = await itemId(projectId, code);
      await send(u.window, id, 'WINDOW_ACCEPT');
      await send(dept, id, 'DEPARTMENT_ACCEPT');
      await send(dept, id, 'APPROVE', { opinion: '同意' });
    };
    async function foundationPermitted(name: string) {
      const filed = await u.ent
        .post('/api/projects', project(name, { foundationFirst: true, notifyCommit: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      await workQueues(clerks(), projectId, 'landPlanning');
      const foundation = await childId(projectId, 'foundation');
      await send(u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
      await approve(projectId, 'designPlanReview', u.planning);
      await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
      return { projectId, foundation };
    }

    it('refused above ground, the enterprise applies again; a 告知承诺 awaiting verification does not block the permit', async () => {
      const { projectId, foundation } = await foundationPermitted('丙公司桩基先行项目');
      await send(u.ent, foundation, 'WORK_STARTED');
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'REFUSE_ABOVE_GROUND_PERMIT', { reason: '上部结构设计变更未审' });
      const refused = await caseOf(foundation, u.ent);
      expect(refused.state).toBe('foundationPermitted.foundationWorkUnderway');
      expect(refused.allowedEvents.map((e: { type: string }) => e.type)).toContain('APPLY_ABOVE_GROUND_PERMIT');
      const p = await view(projectId);
      expect(JSON.stringify(p.certificates)).toContain('foundationConstructionPermit');
      // 建设工程规划许可证 on 告知承诺, awaiting verification
      const planning = await itemId(projectId, 'engineeringPlanningPermit');
      await send(u.window, planning, 'WINDOW_ACCEPT');
      await send(u.planning, planning, 'DEPARTMENT_ACCEPT');
      await send(u.ent, planning, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
      await send(u.planning, await childId(planning, 'notifyCommitment:1'), 'DECIDE_ON_COMMITMENT');
      await workQueues(clerks(), projectId, 'constructionPermit');
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '已按审查意见修改' });
      const offered = await caseOf(foundation, u.housing);
      expect(
        offered.allowedEvents
          .filter((e: { disabledReason?: string }) => !e.disabledReason)
          .map((e: { type: string }) => e.type),
      ).toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
      expect((await caseOf(foundation)).state).toBe('aboveGroundPermitted');
      const after = await view(projectId);
      expect(after.currentStage.key).toBe('completionAcceptance');
    });

    it('a 告知承诺 ordered to rectify blocks the above-ground permit, named; confirmed rectified: issued (project-case v5)', async () => {
      const { projectId, foundation } = await foundationPermitted('丙公司桩基整改项目');
      await send(u.ent, foundation, 'WORK_STARTED');
      const planning = await itemId(projectId, 'engineeringPlanningPermit');
      await send(u.window, planning, 'WINDOW_ACCEPT');
      await send(u.planning, planning, 'DEPARTMENT_ACCEPT');
      await send(u.ent, planning, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
      const nc = await childId(planning, 'notifyCommitment:1');
      await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
      await workQueues(clerks(), projectId, 'constructionPermit');
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
      await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
      const blocked = await caseOf(foundation, u.housing);
      // Listed greyed with the blocker, not offered as an action.
      const issue = blocked.allowedEvents.find((e: { type: string }) => e.type === 'ISSUE_ABOVE_GROUND_PERMIT');
      expect(issue.disabledReason).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
      const res = await u.housing.post(`/api/cases/${foundation}/events`, {
        type: 'ISSUE_ABOVE_GROUND_PERMIT',
        payload: {},
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
      await send(u.ent, nc, 'REPORT_RECTIFIED', { note: '已整改' });
      await send(u.planning, nc, 'CONFIRM_RECTIFIED', { note: '符合' });
      const offered = await caseOf(foundation, u.housing);
      expect(offered.allowedEvents.map((e: { type: string }) => e.type)).toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
      expect((await caseOf(foundation)).state).toBe('aboveGroundPermitted');
    });

    it('the housing department revokes the foundation permit; the plain construction permit is offered', async () => {
      const { projectId, foundation } = await foundationPermitted('丙公司桩基撤销项目');
      const res = await u.ent.post(`/api/cases/${foundation}/events`, {
        type: 'REVOKE_FOUNDATION_PERMIT',
        payload: { reason: 'x' },
      });
      expect(res.status).toBe(403);
      await send(u.housing, foundation, 'REVOKE_FOUNDATION_PERMIT', { reason: '以欺骗手段取得' });
      expect((await caseOf(foundation)).state).toBe('revoked');
      const timers = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM workflow_timer WHERE instance_id = $1 AND status = 'pending'`,
        [foundation],
      );
      expect(timers[0].n).toBe(0);
      await approve(projectId, 'engineeringPlanningPermit', u.planning);
      expect(await itemId(projectId, 'constructionPermit')).toEqual(expect.any(String));
    });
  });

  describe('section rectification: a deadline, the joint clock paused, 不予通过 and a new application', () => {
    // Each department records the acceptance items the section holds (catalog v2: chosen by the project's flags).
    const inspect = async (section: string, rectify: string[] = []) => {
      const items: { code: string; department: string }[] = (await caseOf(section)).data.acceptanceItems;
      for (const code of rectify) expect(items.map((a) => a.code)).toContain(code);
      for (const { code, department } of items)
        await send(u[department], section, 'RECORD_RESULT', {
          acceptanceItem: code,
          result: rectify.includes(code) ? 'rectify' : 'pass',
        });
      const c = await caseOf(section);
      if (c.allowedEvents !== undefined && c.state === 'jointInspection')
        await send(u.planning, section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });
    };

    it('先建后验: an approval on 告知承诺 is checked at the joint acceptance (对标验收 on the commitment); the last section waits until it is verified', async () => {
      const filed = await u.ent
        .post('/api/projects', project('丙公司对标验收项目', { notifyCommit: true }))
        .expect(201);
      const projectId: string = filed.body.id;
      const clerks = [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];
      await workQueues(clerks, projectId, 'landPlanning');
      const design = await itemId(projectId, 'designPlanReview');
      await send(u.window, design, 'WINDOW_ACCEPT');
      await send(u.planning, design, 'DEPARTMENT_ACCEPT');
      await send(u.planning, design, 'APPROVE', { opinion: '同意' });
      const item = await itemId(projectId, 'engineeringPlanningPermit');
      await send(u.window, item, 'WINDOW_ACCEPT');
      await send(u.planning, item, 'DEPARTMENT_ACCEPT');
      await send(u.ent, item, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
      const commitment = await childId(item, 'notifyCommitment:1');
      await send(u.planning, commitment, 'DECIDE_ON_COMMITMENT');
      await workQueues(clerks, projectId);
      await reportWorkStarted(u.ent, projectId, u.admin);
      const p = await view(projectId);
      const section: string = p.stages.find((x: { key: string }) => x.key === 'completionAcceptance').sections[0]
        .instanceId;
      await send(u.ent, section, 'APPLY');
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      await inspect(section);
      // every check passed; the section waits for the open 告知承诺 and says so, with no check of its own offered
      const waiting = await caseOf(section, u.planning);
      expect(waiting.state).toBe('jointInspection');
      expect(waiting.statusLabel).toContain('待承诺办结');
      expect(waiting.statusLabel).toContain('建设工程规划许可证核发');
      expect(waiting.allowedEvents.map((e: { type: string }) => e.type)).not.toContain('RECORD_COMMITMENT_CHECK');
      // housing takes part in this acceptance but is not the department of the planning permit's commitment
      const wrong = await u.housing.post(`/api/cases/${commitment}/events`, {
        type: 'VERIFY',
        payload: { method: 'completionAcceptance', compliant: true },
      });
      expect(wrong.status).toBeGreaterThanOrEqual(400);
      expect(wrong.status).toBeLessThan(500);
      await send(u.planning, commitment, 'VERIFY', {
        method: 'completionAcceptance',
        compliant: true,
        findings: '退让符合规划条件',
      });
      expect((await caseOf(section)).state).toBe('accepted');
      expect((await view(projectId)).currentStage.key).toBe('complete');
    });

    it('rectifying pauses the joint clock; not reported by the deadline: 不予通过; applied again and accepted', async () => {
      const filed = await u.ent.post('/api/projects', project('丙公司分段验收项目', {})).expect(201);
      const projectId: string = filed.body.id;
      await workQueues([u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense], projectId);
      const p = await view(projectId);
      expect(p.currentStage.key).toBe('completionAcceptance');
      const completion = p.stages.find((x: { key: string }) => x.key === 'completionAcceptance');
      const section: string = completion.sections[0].instanceId;
      await reportWorkStarted(u.ent, projectId, u.admin);
      await send(u.ent, section, 'APPLY');
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      await inspect(section, ['qualityAcceptance']);
      const rectifying = await caseOf(section);
      expect(rectifying).toMatchObject({
        state: 'rectifying',
        waitingOn: 'enterprise',
        deadline: { kind: 'sectionRectification' },
      });
      expect(rectifying.data.clock.pauses).toEqual([{ from: expect.any(String) }]);
      const timers = await t.dataSource.query(
        `SELECT timer_key FROM workflow_timer WHERE instance_id = $1 AND status = 'pending' ORDER BY timer_key`,
        [section],
      );
      expect(timers.map((r: { timer_key: string }) => r.timer_key)).toEqual(['section:rectification:due']);
      // 30 working days pass without a report
      await advance(60);
      const notPassed = await caseOf(section, u.ent);
      expect(notPassed).toMatchObject({ state: 'notPassed', statusLabel: expect.stringContaining('不予通过') });
      expect(notPassed.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['APPLY']);
      // the enterprise applies again: a new round on a new joint clock
      await send(u.ent, section, 'APPLY', { note: '已整改' });
      const again = await caseOf(section);
      expect(again).toMatchObject({ state: 'applied', deadline: { kind: 'jointAcceptance' } });
      expect(again.data.clock.pauses).toEqual([]);
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      await inspect(section);
      expect((await caseOf(section)).state).toBe('accepted');
    });
  });

  describe('versions', () => {
    it('every case above ran on the current versions (project-case v11 on catalog v2 and its V11_CHILD_VERSIONS: items on v4, 告知承诺 on v4, the foundation permit, 容缺 on v3, the sections, the work-start period)', async () => {
      const rows = await t.dataSource.query(
        `SELECT DISTINCT i.definition_id AS id, i.definition_version AS version
         FROM workflow_instance i JOIN project p ON p.id = i.project_id
        WHERE p.name LIKE '丙公司%' ORDER BY 1`,
      );
      expect(rows).toEqual([
        { id: 'acceptance-section', version: V11_CHILD_VERSIONS.acceptanceSection },
        { id: 'approval-item', version: 4 },
        { id: 'foundation-permit', version: V11_CHILD_VERSIONS.foundationPermit },
        { id: 'notify-commitment', version: 4 },
        { id: 'project-case', version: 11 },
        { id: 'tolerance-commitment', version: 3 },
        { id: 'work-start', version: V11_CHILD_VERSIONS.workStart },
      ]);
    });
  });
});
