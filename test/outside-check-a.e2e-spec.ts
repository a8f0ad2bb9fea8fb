/**
 * Issue #18 points 1–7 (and the construction-permit lapse, deemed window acceptance) checked from outside, as the
 * owners will: fresh projects of varied kinds filed through the API, driven over HTTP by the demo accounts, time
 * moved by the demo clock route. The tests share one service clock, which only moves forward: they run in
 * calendar order (now → 2027-06 → 2027-07 → 2027-10).
 */
import { demoStaffedApp } from './support/staffed-app';
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
  reportWorkStarted,
  send,
  tasksOf,
  workQueues,
  type Http,
  type Practices,
} from './projects-support';

const filing = (name: string, practices: Partial<Practices>, flags: Record<string, unknown> = {}) =>
  filingBody(name, { jointIssuance: true, ...practices }, { investmentAmount: 7000, ...flags });

/** Texts people read that still carry English words next to the Chinese (a "zh / en" reason served whole). */
function englishIn(o: unknown, path = '', out: string[] = []): string[] {
  if (typeof o === 'string' && /[\u4e00-\u9fa5]/.test(o) && /[A-Za-z]{3,}/.test(o)) out.push(`${path}: ${o}`);
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) englishIn(v, `${path}.${k}`, out);
  return out;
}

const types = (c: { allowedEvents: { type: string }[] }) => c.allowedEvents.map((e) => e.type);
/** The events offered enabled (a greyed one carries disabledReason: listed with why, not an action). */
const enabled = (c: { allowedEvents: { type: string; disabledReason?: string }[] }) =>
  c.allowedEvents.filter((e) => !e.disabledReason).map((e) => e.type);
const greyed = (c: { allowedEvents: { type: string; disabledReason?: string }[] }, type: string) =>
  c.allowedEvents.find((e) => e.type === type)?.disabledReason;

/** A refusal users can read: a 4xx (never 500) whose message is Chinese, with no codes or English in it. */
function expectChineseRefusal(res: { status: number; body: { message?: unknown } }, mentions?: string) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const message = String(res.body.message);
  expect(message).toMatch(/[\u4e00-\u9fa5]/);
  expect(message).not.toMatch(/[A-Za-z_]{2,}/);
  if (mentions) expect(message).toContain(mentions);
}

describe('issue #18 points 1–7 from outside (fresh projects, demo accounts, demo clock)', () => {
  let t: TestApp;
  let u: Record<string, Http>;
  let adminBearer = '';

  beforeAll(async () => {
    const demo = await demoStaffedApp();
    ({ t, u } = demo);
    adminBearer = demo.bearer.admin;
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense, u.archives];
  const file = async (who: Http, body: object) => (await who.post('/api/projects', body).expect(201)).body.id as string;
  const view = (projectId: string, who: Http = u.ent) => projectView(who, projectId);
  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);
  const post = (who: Http, id: string, type: string, payload: object = {}) =>
    who.post(`/api/cases/${id}/events`, { type, payload });
  const accept = async (projectId: string, code: string, dept: Http) => {
    const id = await itemId(projectId, code);
    await send(u.window, id, 'WINDOW_ACCEPT');
    await send(dept, id, 'DEPARTMENT_ACCEPT');
    return id;
  };
  const approve = async (projectId: string, code: string, dept: Http) => {
    const id = await accept(projectId, code, dept);
    await send(dept, id, 'APPROVE', { opinion: '同意' });
    return id;
  };
  const now = async () => ((await u.admin.get('/api/admin/clock').expect(200)).body as { now: string }).now;
  const advance = async (days: number) => {
    for (let left = days; left > 0; left -= Math.min(left, 400))
      await u.admin.post('/api/admin/clock/advance', { days: Math.min(left, 400) }).expect(200);
  };
  /** The demo clock forward to the given CST date (same time of day). */
  const advanceTo = async (date: string) => {
    const days = cstDayNumber(`${date}T04:00:00.000Z`) - cstDayNumber(await now());
    expect(days).toBeGreaterThanOrEqual(0);
    await advance(days);
  };

  describe('point 1: order inside a stage (catalog dependsOn)', () => {
    it('特殊建设工程 paying the 人防 fee: the permit waits for the drawing and fire reviews only; neither offered nor accepted before, on 告知承诺 either', async () => {
      const projectId = await file(
        u.ent,
        filing(
          '铜箔公司综合楼（特殊建设工程）',
          { notifyCommit: true },
          { specialConstruction: true, civilDefense: 'feePaid' },
        ),
      );
      const p = await view(projectId);
      const codes = p.stages.flatMap((s: { items: { code: string }[] }) => s.items.map((i) => i.code));
      expect(codes).toContain('fireDesignReview');
      expect(codes).not.toContain('civilDefenseDesignReview');
      await approve(projectId, 'projectFiling', u.development);
      await approve(projectId, 'landTitleRegistration', u.planning);
      await approve(projectId, 'landUsePlanningPermit', u.planning);
      await approve(projectId, 'designPlanReview', u.planning);
      await approve(projectId, 'engineeringPlanningPermit', u.planning);
      // The drawing review open, the fire review approved: the other order than the one fixed first.
      await approve(projectId, 'fireDesignReview', u.housing);
      const drawing = await accept(projectId, 'constructionDrawingReview', u.housing);
      const permit = await accept(projectId, 'constructionPermit', u.housing);

      const offered = await caseOf(permit, u.housing);
      expect(types(offered)).not.toContain('APPROVE');
      expectChineseRefusal(await post(u.housing, permit, 'APPROVE', { opinion: '同意' }), '施工图');
      // 告知承诺 is no way around the order: not offered to the enterprise, refused if sent.
      expect(types(await caseOf(permit, u.ent))).not.toContain('REQUEST_NOTIFY_COMMITMENT');
      const viaCommitment = await post(u.ent, permit, 'REQUEST_NOTIFY_COMMITMENT', {
        commitmentSigned: true,
        conditions: ['施工图审查合格'],
      });
      expectChineseRefusal(viaCommitment);
      // The housing clerk's queue offers what the case offers.
      const task = (await tasksOf(u.housing, `&projectId=${projectId}`)).find((x) => x.instanceId === permit);
      expect(task?.allowedEvents.map((e) => e.type) ?? []).not.toContain('APPROVE');

      await send(u.housing, drawing, 'APPROVE', { opinion: '审查合格' });
      expect(types(await caseOf(permit, u.housing))).toContain('APPROVE');
      await send(u.housing, permit, 'APPROVE', { opinion: '同意' });
      const after = await view(projectId);
      expect(after.currentStage.key).toBe('completionAcceptance');
      expect(after.certificates.bundle.code).toBe('fourCertificates');
    });
  });

  describe('point 2: 撤件 after any decision, in any order', () => {
    const decide = async (projectId: string, order: ('approve' | 'refuse')[]) => {
      const [first, second] = order;
      const a = await accept(projectId, 'projectFiling', u.development);
      if (first === 'approve') await send(u.development, a, 'APPROVE', { opinion: '同意' });
      else await send(u.development, a, 'REFUSE', { reason: '不符合产业政策' });
      const b = await accept(projectId, 'landTitleRegistration', u.planning);
      if (second === 'approve') await send(u.planning, b, 'APPROVE', { opinion: '同意' });
      else await send(u.planning, b, 'REFUSE', { reason: '权属有争议' });
    };

    it.each([[['approve', 'refuse']], [['refuse', 'approve']], [['refuse', 'refuse']]] as ('approve' | 'refuse')[][][])(
      '%j then WITHDRAW on a third item: not offered, refused in Chinese',
      async (order) => {
        const projectId = await file(u.ent, filing(`铜箔公司撤件项目${order.join('')}`, {}));
        await decide(projectId, order);
        const c = await itemId(projectId, 'landUsePlanningPermit');
        expect(types(await caseOf(c, u.ent))).not.toContain('WITHDRAW');
        expectChineseRefusal(await post(u.ent, c, 'WITHDRAW', { reason: '撤回申请' }));
        expect((await caseOf(c)).state).not.toBe('withdrawn');
      },
    );

    it('before any decision WITHDRAW is offered, and what is offered is accepted', async () => {
      const projectId = await file(u.ent, filing('铜箔公司未决撤件项目', {}, { industrial: true }));
      const c = await itemId(projectId, 'landUsePlanningPermit');
      expect(types(await caseOf(c, u.ent))).toContain('WITHDRAW');
      await send(u.ent, c, 'WITHDRAW', { reason: '撤回申请' });
    });
  });

  describe('point 3: 容缺 — the enterprise is not punished for the department’s delay', () => {
    it('supplied on the last working day, never reviewed: no breach; the review is 逾期 on the department clock, in the queue too', async () => {
      const projectId = await file(
        u.ent,
        filing(
          '铜箔公司容缺项目',
          { tolerance: true },
          { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
        ),
      );
      await approve(projectId, 'projectFiling', u.development);
      const item = await accept(projectId, 'landUsePlanningPermit', u.planning);
      await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
      const tolerance = await childId(item, 'tolerance:1');
      await send(u.planning, tolerance, 'ACCEPT_TOLERANCE');
      await send(u.planning, item, 'APPROVE_WITH_TOLERANCE', { opinion: '容缺通过' });
      const notice = await caseOf(tolerance, u.ent);
      const due = notice.deadline.dueDate as string;
      // The enterprise's queue agrees with the case: the same deadline, the same offer.
      const mine = (await tasksOf(u.ent, `&projectId=${projectId}`)).find((x) => x.instanceId === tolerance);
      expect(mine).toMatchObject({ dueAt: notice.deadline.dueAt, overdue: false });
      expect(mine!.allowedEvents.map((e) => e.type)).toEqual(types(notice));
      // To the deadline's last day, then supply.
      await advanceTo(due);
      const lastDay = await caseOf(tolerance, u.ent);
      expect(lastDay.state).toBe('awaitingSupplement');
      expect(types(lastDay)).toContain('SUPPLY_MATERIAL');
      await u.ent.upload(tolerance, 'projectFilingProof');
      await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
      await advance(30);
      const late = await caseOf(tolerance, u.planning);
      expect(late).toMatchObject({ state: 'awaitingSupplement', waitingOn: 'department', timerState: 'overdue' });
      expect((await caseOf(item)).state).toBe('approvedWithTolerance');
      const credit = (await u.ent.get('/api/enterprises/copper-foil/credit').expect(200)).body;
      expect(credit.tolerance.barred).toBe(false);
      const task = (await tasksOf(u.planning, `&projectId=${projectId}`)).find((x) => x.instanceId === tolerance);
      expect(task).toMatchObject({ overdue: true });
      expect(task!.allowedEvents.map((e) => e.type)).toContain('REVIEW_MATERIAL');
      await send(u.planning, tolerance, 'REVIEW_MATERIAL', { material: 'projectFilingProof', compliant: true });
      expect((await caseOf(tolerance)).state).toBe('fulfilled');
    });
  });

  describe('point 4: 告知承诺 rectification', () => {
    async function committed(who: Http, name: string) {
      const projectId = await file(who, filing(name, { notifyCommit: true }, { industrial: true }));
      await workQueues(clerks(), projectId, 'landPlanning');
      await approve(projectId, 'designPlanReview', u.planning);
      const item = await accept(projectId, 'engineeringPlanningPermit', u.planning);
      await send(who, item, 'REQUEST_NOTIFY_COMMITMENT', {
        commitmentSigned: true,
        conditions: ['建筑退让符合规划条件'],
      });
      const nc = await childId(item, 'notifyCommitment:1');
      await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
      await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
      return { projectId, item, nc };
    }

    it('reported on the last day of the order: the enterprise clock stops; verified late: not revoked; confirmed: fulfilled', async () => {
      const { item, nc } = await committed(u.ent, '铜箔公司告知承诺整改项目');
      const order = await caseOf(nc, u.ent);
      expect(order).toMatchObject({ waitingOn: 'enterprise', deadline: { kind: 'rectification' } });
      await advanceTo(order.deadline.dueDate);
      await send(u.ent, nc, 'REPORT_RECTIFIED', { note: '已按要求退让' });
      expect(await caseOf(nc, u.planning)).toMatchObject({
        state: 'rectificationReported',
        waitingOn: 'department',
        deadline: { kind: 'rectificationVerification' },
      });
      await advance(40);
      expect((await caseOf(nc)).state).toBe('rectificationReported');
      expect((await caseOf(item)).state).not.toBe('revoked');
      const credit = (await u.ent.get('/api/enterprises/copper-foil/credit').expect(200)).body;
      expect(credit.records.filter((r: { status: string }) => r.status === 'barring')).toEqual([]);
      await send(u.planning, nc, 'CONFIRM_RECTIFIED', { note: '符合' });
      expect((await caseOf(item)).state).not.toBe('revoked');
    });

    it('not reported in time: revoked and barred (another enterprise, so the bar touches nothing else); the credit and project views say why in Chinese only', async () => {
      const { projectId, item, nc } = await committed(u.snow, '斯诺公司告知承诺逾期项目');
      const order = await caseOf(nc, u.snow);
      await advanceTo(order.deadline.dueDate);
      await advance(1);
      expect((await caseOf(item)).state).toBe('revoked');
      const credit = (await u.snow.get('/api/enterprises/snow-new-materials/credit').expect(200)).body;
      expect(credit.records.some((r: { status: string }) => r.status === 'barring')).toBe(true);
      // What the enterprise reads about it (and about the seeded 容缺 breach) is Chinese only.
      expect(englishIn(credit)).toEqual([]);
      const project = await view(projectId, u.snow);
      expect(project.commitments.notifyCommitments[0].outcome.reason).toBe('逾期未整改');
      expect(englishIn(project)).toEqual([]);
    });
  });

  /** 桩基先行 up to work started on the foundation permit (the land stage worked, the design plan approved). */
  const foundationPermitIssued = async (projectId: string, area: number) => {
    await workQueues(clerks(), projectId, 'landPlanning');
    const foundation = await childId(projectId, 'foundation');
    await send(
      u.ent,
      foundation,
      'APPLY_FOUNDATION_PERMIT',
      foundationApplication([{ name: '1#厂房', area, includesSuperstructure: true }]),
    );
    await approve(projectId, 'designPlanReview', u.planning);
    await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    await send(u.ent, foundation, 'WORK_STARTED');
    return foundation;
  };

  describe('point 5: 桩基先行 — an above-ground refusal is not final', () => {
    it('refused twice, applied again each time; the foundation permit stays valid; then issued', async () => {
      const projectId = await file(
        u.ent,
        filing('铜箔公司桩基先行项目', { foundationFirst: true }, { industrial: true }),
      );
      const foundation = await foundationPermitIssued(projectId, 16_000);
      await workQueues(clerks(), projectId, 'engineeringPermit');
      await workQueues(clerks(), projectId, 'constructionPermit');
      for (const reason of ['上部结构设计变更未审', '仍缺施工图审查合格书']) {
        const offered = await caseOf(foundation, u.ent);
        expect(types(offered)).toContain('APPLY_ABOVE_GROUND_PERMIT');
        await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '申请±0.000以上施工许可' });
        await send(u.housing, foundation, 'REFUSE_ABOVE_GROUND_PERMIT', { reason });
        const cert = (await view(projectId)).certificates.issued.find(
          (x: { code: string }) => x.code === 'foundationConstructionPermit',
        );
        expect(cert).toMatchObject({ status: 'valid' });
      }
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '已按审查意见修改' });
      expect(enabled(await caseOf(foundation, u.housing))).toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
      expect((await caseOf(foundation)).state).toBe('aboveGroundPermitted');
    });
  });

  describe('point 5 edge: what blocks the above-ground permit', () => {
    it('an open 容缺 on its own prerequisite (the drawing review) blocks it, named in Chinese; once supplied and reviewed it is offered and issued', async () => {
      const projectId = await file(
        u.ent,
        filing(
          '铜箔公司桩基容缺项目',
          { foundationFirst: true, tolerance: true },
          { industrial: true, missingMaterials: { constructionDrawingReview: ['designContract'] } },
        ),
      );
      const foundation = await foundationPermitIssued(projectId, 12_000);
      await workQueues(clerks(), projectId, 'engineeringPermit');
      const drawing = await accept(projectId, 'constructionDrawingReview', u.housing);
      await send(u.ent, drawing, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
      const tolerance = await childId(drawing, 'tolerance:1');
      await send(u.housing, tolerance, 'ACCEPT_TOLERANCE');
      await send(u.housing, drawing, 'APPROVE_WITH_TOLERANCE', { opinion: '容缺通过' });
      await workQueues(clerks(), projectId, 'constructionPermit');
      await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '申请±0.000以上施工许可' });

      const blocked = await caseOf(foundation, u.housing);
      expect(enabled(blocked)).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
      expect(greyed(blocked, 'ISSUE_ABOVE_GROUND_PERMIT')).toContain('施工图设计文件联合审查');
      expectChineseRefusal(await post(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT'), '施工图设计文件联合审查');
      await u.ent.upload(tolerance, 'designContract');
      await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'designContract' });
      await send(u.housing, tolerance, 'REVIEW_MATERIAL', { material: 'designContract', compliant: true });
      expect(types(await caseOf(foundation, u.housing))).toContain('ISSUE_ABOVE_GROUND_PERMIT');
      await send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
      expect((await caseOf(foundation)).state).toBe('aboveGroundPermitted');
    });
  });

  describe('refusals people read', () => {
    it('wrong or out-of-turn requests on a fresh project are 4xx in Chinese, naming no codes, and change nothing', async () => {
      const projectId = await file(
        u.ent,
        filing('铜箔公司错误请求项目', { foundationFirst: true }, { industrial: true }),
      );
      const root = (await view(projectId)).case.id as string;
      const item = await itemId(projectId, 'projectFiling');
      const before = (await caseOf(item)).state;
      const attempts = [
        await post(u.ent, root, 'REAPPLY_ITEM', { itemCode: 'projectFiling' }),
        await post(u.ent, root, 'REAPPLY_ITEM', { itemCode: 'noSuchItem' }),
        await post(u.ent, item, 'APPROVE', { opinion: '同意' }),
        await post(u.window, item, 'REFUSE', {}),
        await post(u.development, item, 'APPROVE', { opinion: '同意' }),
        await post(u.ent, item, 'NO_SUCH_EVENT', {}),
        await post(u.ent, root, 'REAPPLY_ITEM', {}),
      ];
      for (const res of attempts) expectChineseRefusal(res);
      expect((await caseOf(item)).state).toBe(before);
    });
  });

  describe('edges of points 2, 3 and 6', () => {
    it('撤件 is judged per application: decisions of the land stage do not stop withdrawing an undecided planning item', async () => {
      const projectId = await file(u.ent, filing('铜箔公司分阶段撤件项目', {}, { industrial: true }));
      await workQueues(clerks(), projectId, 'landPlanning');
      const permit = await itemId(projectId, 'engineeringPlanningPermit');
      const offered = types(await caseOf(permit, u.ent)).includes('WITHDRAW');
      const res = await post(u.ent, permit, 'WITHDRAW', { reason: '方案调整，撤回申请' });
      // Offered means accepted, and the other way round.
      expect(res.status === 200).toBe(offered);
      expect(offered).toBe(true);
    });

    it('容缺 supplied in time but rejected by the department after the deadline: no time left to resupply, so breached, said in Chinese', async () => {
      const projectId = await file(
        u.ent,
        filing(
          '铜箔公司容缺逾期退回项目',
          { tolerance: true },
          { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
        ),
      );
      await approve(projectId, 'projectFiling', u.development);
      const item = await accept(projectId, 'landUsePlanningPermit', u.planning);
      await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
      const tolerance = await childId(item, 'tolerance:1');
      await send(u.planning, tolerance, 'ACCEPT_TOLERANCE');
      await send(u.planning, item, 'APPROVE_WITH_TOLERANCE', { opinion: '容缺通过' });
      await u.ent.upload(tolerance, 'projectFilingProof');
      await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
      await advance(20);
      expect((await caseOf(tolerance)).state).toBe('awaitingSupplement');
      expect(types(await caseOf(tolerance, u.planning))).toContain('REVIEW_MATERIAL');
      await send(u.planning, tolerance, 'REVIEW_MATERIAL', {
        material: 'projectFilingProof',
        compliant: false,
        note: '非本项目备案',
      });
      expect((await caseOf(tolerance)).state).toBe('breached');
      expect((await caseOf(item)).state).toBe('revoked');
      const credit = (await u.ent.get('/api/enterprises/copper-foil/credit').expect(200)).body;
      expect(credit.tolerance.barred).toBe(true);
      expect(englishIn(credit)).toEqual([]);
    });

    it('every item of the project back with the enterprise for 补正: the whole-process clock pauses, visibly, and counts nothing', async () => {
      const projectId = await file(u.snow, filing('斯诺公司全部补正项目', {}, { industrial: true }));
      let p = await view(projectId, u.snow);
      const open = p.stages.flatMap((s: { items: { instanceId: string | null }[] }) =>
        s.items.filter((i) => i.instanceId).map((i) => i.instanceId as string),
      );
      const depts: Record<string, Http> = {};
      for (const id of open) {
        const c = await caseOf(id, u.window);
        await send(u.window, id, 'WINDOW_ACCEPT');
        const dept = u[c.data.item.department];
        depts[id] = dept;
        await send(dept, id, 'DEPARTMENT_ACCEPT');
        const offer = (await caseOf(id, dept)).allowedEvents.find(
          (e: { type: string }) => e.type === 'REQUEST_CORRECTION',
        );
        const material = offer.payloadSchema.properties.missingMaterials.items.oneOf[0].const as string;
        await send(dept, id, 'REQUEST_CORRECTION', { missingMaterials: [material] });
      }
      p = await view(projectId, u.snow);
      expect(p.wholeProcess.timerState).toBe('paused');
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'correction', reasonLabel: '待企业补正', to: null });
      const used = p.wholeProcess.daysUsed as number;
      await advance(10);
      p = await view(projectId, u.snow);
      expect(p.wholeProcess).toMatchObject({ timerState: 'paused', daysUsed: used });
      const listed = (await u.snow.get('/api/projects?limit=100').expect(200)).body.items.find(
        (x: { id: string }) => x.id === projectId,
      );
      expect(listed.overdue).toBe(false);
    });
  });

  describe('point 6: the whole-process clock counts government time only', () => {
    it('a non-industrial project under construction for months: paused with the pause visible, not 逾期 in the view or the lists; the acceptance application restarts it', async () => {
      const projectId = await file(u.ent, filing('铜箔公司办公楼项目', {}, { civilDefense: 'exempt' }));
      await workQueues(clerks(), projectId);
      let p = await view(projectId);
      expect(p.currentStage.key).toBe('completionAcceptance');
      expect(p.wholeProcess).toMatchObject({ governmentTimeOnly: true, timerState: 'paused' });
      const used = p.wholeProcess.daysUsed as number;
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: null });
      // Work started within the permit's 3 months (else it lapses and no acceptance may be applied for); the
      // enterprise's time, so the clock stays paused.
      await reportWorkStarted(u.ent, projectId);
      // About 200 days of construction (to late June 2027, where the next tests start).
      await advanceTo('2027-06-20');
      p = await view(projectId);
      expect(p.wholeProcess).toMatchObject({ timerState: 'paused', daysUsed: used });
      expect(p.wholeProcess.daysLeft).toBeGreaterThan(0);
      const listed = (await u.ent.get('/api/projects?limit=100').expect(200)).body.items.find(
        (x: { id: string }) => x.id === projectId,
      );
      expect(listed.overdue).toBe(false);
      const overdue = (await u.ent.get('/api/projects?overdue=true&limit=100').expect(200)).body.items;
      expect(overdue.map((x: { id: string }) => x.id)).not.toContain(projectId);
      const section: string = p.stages.find((s: { key: string }) => s.key === 'completionAcceptance').sections[0]
        .instanceId;
      await send(u.ent, section, 'APPLY', { note: '具备验收条件' });
      p = await view(projectId);
      expect(p.wholeProcess.timerState).not.toBe('paused');
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: expect.any(String) });
    });
  });

  describe('point 7 and 建筑法 art. 9: the ordinary construction permit’s 3 months on the calendar', () => {
    let fromSaturday = '';
    let fromJuly = '';
    let extended = '';

    it('issued on 2027-06-26 the period ends on 2027-09-26, a 调休 working Sunday; issued on 07-01 it ends 10-01 (国庆节) → 10-08', async () => {
      await t.http().put('/api/calendar/years/2027').set('Authorization', adminBearer).send(YEAR_2027).expect(200);
      await advanceTo('2027-06-26');
      const a = await file(u.ent, filing('铜箔公司六月施工许可项目', {}, { industrial: true }));
      await workQueues(clerks(), a);
      fromSaturday = await childId((await view(a)).case.id, 'workStart:1');
      expect((await caseOf(fromSaturday, u.ent)).deadline).toMatchObject({ kind: 'workStart', dueDate: '2027-09-26' });

      await advanceTo('2027-07-01');
      const b = await file(u.ent, filing('铜箔公司七月施工许可项目', {}, { industrial: true }));
      await workQueues(clerks(), b);
      fromJuly = await childId((await view(b)).case.id, 'workStart:1');
      const c = await caseOf(fromJuly, u.ent);
      expect(c.deadline).toMatchObject({ kind: 'workStart', dueDate: '2027-10-08' });
      expect(types(c).sort()).toEqual(['REPORT_WORK_STARTED', 'REQUEST_WORK_START_EXTENSION']);
      expect((await view(b)).workStart).toMatchObject({ state: 'awaitingWorkStart', extensions: 0 });
      const e = await file(u.ent, filing('铜箔公司七月延期开工项目', {}, { industrial: true }));
      await workQueues(clerks(), e);
      extended = await childId((await view(e)).case.id, 'workStart:1');
    });

    it('through 国庆 on the demo clock: the Saturday permit lapses after 09-26, the July one holds through 10-08; an item received on 09-30 is deemed accepted after its 5th working day, 10-13', async () => {
      await advanceTo('2027-09-26');
      expect((await caseOf(fromSaturday)).state).toBe('awaitingWorkStart');
      await advanceTo('2027-09-27');
      expect((await caseOf(fromSaturday)).state).toBe('lapsed');

      await advanceTo('2027-09-30');
      const projectId = await file(u.ent, filing('铜箔公司国庆前接件项目', {}));
      const item = await itemId(projectId, 'projectFiling');
      expect((await caseOf(item)).state).toBe('received');

      // During 国庆, after 10-01 but before the rolled last day: still in time to request an extension.
      await advanceTo('2027-10-05');
      expect(types(await caseOf(extended, u.ent))).toContain('REQUEST_WORK_START_EXTENSION');
      await send(u.ent, extended, 'REQUEST_WORK_START_EXTENSION', { reason: '设备未到' });
      // The extension runs 3 months from the rolled end of the first period (10-08): 2028-01-08, a Saturday, so
      // 01-10 (2028 not loaded: weekends only, and flagged so); counted from the issue date it would be 01-03.
      expect((await caseOf(extended, u.ent)).deadline).toMatchObject({
        dueDate: '2028-01-10',
        uncoveredYears: [2028],
      });

      await advanceTo('2027-10-08');
      expect((await caseOf(fromJuly)).state).toBe('awaitingWorkStart');
      await advanceTo('2027-10-09');
      expect((await caseOf(fromJuly)).state).toBe('lapsed');
      expect((await caseOf(extended)).state).toBe('awaitingWorkStart');

      // 10-08 (Fri), 10-09 (调休 Saturday), 10-11, 10-12, 10-13: the window's 5 working days.
      await advanceTo('2027-10-13');
      expect((await caseOf(item)).state).toBe('received');
      expect(types(await caseOf(item, u.window))).toContain('WINDOW_ACCEPT');
      await advanceTo('2027-10-14');
      const deemed = await caseOf(item, u.development);
      expect(deemed.state).toBe('windowAccepted');
      expect(types(deemed)).toContain('DEPARTMENT_ACCEPT');
      expect(types(await caseOf(item, u.window))).not.toContain('WINDOW_ACCEPT');
      expectChineseRefusal(await post(u.window, item, 'WINDOW_ACCEPT'));
      // Accepted from the day it was received: the department's clock starts on 09-30, so its 1 working day
      // ended on 10-08 and the item reaches the department already 逾期 (the window's delay, not the enterprise's).
      expect(cstDayNumber(deemed.deadline.startedAt)).toBe(cstDayNumber('2027-09-30T04:00:00.000Z'));
      expect(deemed.deadline).toMatchObject({ kind: 'promisedTimeLimit', dueDate: '2027-10-08' });
      expect(deemed.timerState).toBe('overdue');
      const history = JSON.stringify((await u.auditor.get(`/api/cases/${item}/history`).expect(200)).body);
      expect(history).toContain('WINDOW_DEEMED_ACCEPTED');
      expect(history).toContain('窗口逾期未处理，视为受理');
      const task = (await tasksOf(u.development, `&projectId=${projectId}`)).find((x) => x.instanceId === item);
      expect(task).toMatchObject({ state: 'windowAccepted', dueAt: deemed.deadline.dueAt, overdue: true });
    });
  });
});
