/**
 * Issue #18 part A through HTTP on fresh projects filed through the API (catalog v2, project-case v3,
 * approval-item v2): the catalog corrections, order inside a stage, 撤件 after a refusal, the government-time
 * clock, query columns after a decision, deemed window acceptance, 补正 all at once, visible revocation.
 */
import { SystemClock } from '../src/common/clock';
import { CommandService } from '../src/cases/command.service';
import { ProjectDriver } from './support/project-driver';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { defaultCalendar } from '../workflows/calendar';
import {
  acceptItem,
  approveItem,
  cstDayNumber,
  fileProject,
  filingBody,
  itemIdOf,
  projectView,
  send,
  type Http,
  type Practices,
} from './projects-support';

const DAY = 86_400_000;

const filing = (name: string, flags: Record<string, unknown>, practices: Partial<Practices> = {}) =>
  filingBody(name, { jointIssuance: true, ...practices }, { investmentAmount: 8000, ...flags });

describe('catalog v2 rules over HTTP (project-case v3, approval-item v2)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('r', {
      enterprise: '规则公司',
      departments: ['window', 'development', 'planning', 'housing', 'civilDefense'],
    }));
  });
  afterAll(() => t.close());

  const file = (name: string, flags: Record<string, unknown>, practices: Partial<Practices> = {}) =>
    fileProject(u.ent, filing(name, flags, practices));
  const view = (projectId: string) => projectView(u.ent, projectId);
  const itemId = (projectId: string, code: string) => itemIdOf(u.ent, projectId, code);
  const accept = (projectId: string, code: string, dept: string) => acceptItem(u, projectId, code, dept);
  const approve = (projectId: string, code: string, dept: string) => approveItem(u, projectId, code, dept);
  async function toConstructionPermit(projectId: string, reviews: [string, string][]) {
    await approve(projectId, 'projectFiling', 'development');
    await approve(projectId, 'landTitleRegistration', 'planning');
    await approve(projectId, 'landUsePlanningPermit', 'planning');
    await approve(projectId, 'designPlanReview', 'planning');
    await approve(projectId, 'engineeringPlanningPermit', 'planning');
    for (const [code, dept] of reviews) await approve(projectId, code, dept);
  }
  const codes = (v: { stages: { items: { code: string }[] }[] }) => v.stages.flatMap((s) => s.items.map((i) => i.code));

  it('an industrial plant (not 特殊建设工程, exempt from 人防) owes no fire or 人防 review and gets 六证联发; others 四证联发', async () => {
    const plant = await view(await file('工业厂房', { industrial: true }));
    expect(plant.case.definition).toEqual({ id: 'project-case', version: 11 });
    expect(plant.flags).toMatchObject({
      industrial: true,
      specialConstruction: false,
      civilDefense: { code: 'exempt' },
    });
    expect(codes(plant)).not.toContain('fireDesignReview');
    expect(codes(plant)).not.toContain('civilDefenseDesignReview');
    expect(plant.certificates.bundle.code).toBe('sixCertificates');
    const office = await view(await file('办公楼', { specialConstruction: true, civilDefense: 'shelter' }));
    expect(codes(office)).toEqual(expect.arrayContaining(['fireDesignReview', 'civilDefenseDesignReview']));
    expect(office.stages[2].items.find((i: { code: string }) => i.code === 'fireDesignReview').department.code).toBe(
      'housing',
    );
    expect(office.certificates.bundle.code).toBe('fourCertificates');
    const bad = await u.ent.post('/api/projects', filing('坏人防', { civilDefense: 'maybe' }));
    expect(bad.status).toBe(400);
  });

  it('point 1: the construction permit is neither offered nor accepted before the drawing, fire and 人防 reviews', async () => {
    const projectId = await file('顺序项目', { specialConstruction: true, civilDefense: 'shelter' });
    await toConstructionPermit(projectId, [['constructionDrawingReview', 'housing']]);
    const permit = await accept(projectId, 'constructionPermit', 'housing');
    const c = await u.housing.get(`/api/cases/${permit}`);
    expect(c.body.allowedEvents.map((e: { type: string }) => e.type)).not.toContain('APPROVE');
    const refused = await u.housing.post(`/api/cases/${permit}/events`, { type: 'APPROVE', payload: {} });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('消防设计审查');
    await approve(projectId, 'fireDesignReview', 'housing');
    await approve(projectId, 'civilDefenseDesignReview', 'civilDefense');
    await send(u.housing, permit, 'APPROVE', { opinion: '同意' });
    const v = await view(projectId);
    expect(v.currentStage.key).toBe('completionAcceptance');
    expect(v.certificates.bundle.issuedAt).not.toBeNull();
  });

  it('point 2: 撤件 is refused after a refusal and an approval in the same application', async () => {
    const projectId = await file('撤件项目', {});
    const a = await accept(projectId, 'projectFiling', 'development');
    await send(u.development, a, 'REFUSE', { reason: '不符合产业政策' });
    await approve(projectId, 'landTitleRegistration', 'planning');
    const cId = await itemId(projectId, 'landUsePlanningPermit');
    const offered = await u.ent.get(`/api/cases/${cId}`);
    expect(offered.body.allowedEvents.map((e: { type: string }) => e.type)).not.toContain('WITHDRAW');
    const res = await u.ent.post(`/api/cases/${cId}/events`, { type: 'WITHDRAW', payload: { reason: '撤回' } });
    expect(res.status).toBe(422);
  });

  it('point 12: a second 补正 may only name what was resubmitted', async () => {
    const projectId = await file('补正项目', {});
    const id = await accept(projectId, 'landTitleRegistration', 'planning');
    await send(u.planning, id, 'REQUEST_CORRECTION', { missingMaterials: ['deedTaxReceipt'] });
    await u.ent.upload(id, 'deedTaxReceipt');
    await send(u.ent, id, 'COMPLETE_CORRECTION', { suppliedMaterials: ['deedTaxReceipt'] });
    const again = await u.planning.post(`/api/cases/${id}/events`, {
      type: 'REQUEST_CORRECTION',
      payload: { missingMaterials: ['landGrantContract'] },
    });
    expect(again.status).toBe(422);
    // The offered schema lists only the resubmitted material, and the refusal names it.
    expect(again.body.message).toContain('契税完税凭证');
    const view = await u.planning.get(`/api/cases/${id}`).expect(200);
    const offer = view.body.allowedEvents.find((e: { type: string }) => e.type === 'REQUEST_CORRECTION');
    expect(offer.payloadSchema.properties.missingMaterials.items.oneOf.map((o: { const: string }) => o.const)).toEqual([
      'deedTaxReceipt',
    ]);
    await send(u.planning, id, 'REQUEST_CORRECTION', { missingMaterials: ['deedTaxReceipt'] });
  });

  it('point 13: a revoked bundle certificate reopens its stage, marks the bundle affected and offers re-application', async () => {
    const projectId = await file('撤销项目', { industrial: true });
    await toConstructionPermit(projectId, [['constructionDrawingReview', 'housing']]);
    const permit = await approve(projectId, 'constructionPermit', 'housing');
    await send(u.housing, permit, 'REVOKE', { reason: '以欺骗手段取得' });
    const v = await view(projectId);
    const stage = v.stages.find((s: { key: string }) => s.key === 'constructionPermit');
    expect(stage).toMatchObject({ status: 'inProgress', statusLabel: '已撤销，待重新申报' });
    expect(v.certificates.bundle).toMatchObject({ affected: true, statusLabel: '受撤销影响（有证照已撤销）' });
    const next = v.nextActions.find((a: { subject: string }) => a.subject === '建筑工程施工许可证核发');
    expect(next.yourEvents.map((e: { type: string }) => e.type)).toContain('REAPPLY_ITEM');
    await send(u.ent, v.case.id, 'REAPPLY_ITEM', { itemCode: 'constructionPermit' });
    expect((await view(projectId)).stages[2].items[1].itemStatus).toBe('open');
  });

  it('migrations: a v2 case with items open on approval-item v1 is refused v3 with the reason; its items move to v2', async () => {
    const admin = u.admin;
    const d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    const caseId = await d.create(2, { jointIssuance: true });
    const refused = await admin.post(`/api/cases/${caseId}/migrate`, { toVersion: 3, reason: '升级到新版目录' });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('仍有事项在办');
    expect((await d.context(caseId)).flags).toBeUndefined();
    const item = await d.child(caseId, 'item:projectFiling');
    const moved = await admin.post(`/api/cases/${item}/migrate`, { toVersion: 2, reason: '升级到新版事项' });
    expect(moved.status).toBe(200);
    expect(await d.context(item)).toMatchObject({ blockedBy: [], lastResubmission: null });
  });

  it('points 6, 10, 11: government time only; decided items leave the overdue filter; the window is deemed to accept after 5 working days', async () => {
    const clock = t.app.get(SystemClock);
    const scheduler = t.app.get(TimerScheduler);
    // A project left at the window: 5 working days, then accepted from the day received.
    const waiting = await file('窗口项目', {});
    const windowItem = await itemId(waiting, 'projectFiling');
    const [timer] = await t.dataSource.query(
      `SELECT due_at, created_at FROM workflow_timer WHERE instance_id = $1 AND timer_key = 'window:deemedAcceptance' AND status = 'pending'`,
      [windowItem],
    );
    // Due at 00:00 CST after the fifth working day from the day after receipt (on the calendar, whatever weekday the
    // test runs on: filed on a Saturday, Mon–Fri are the five days and the span is under six whole days).
    const [received, due] = [new Date(timer.created_at).toISOString(), new Date(timer.due_at).toISOString()];
    expect((Date.parse(due) + 8 * 3_600_000) % DAY).toBe(0);
    expect(defaultCalendar.countWorkingDayNumbers(cstDayNumber(received), cstDayNumber(due) - 1)).toBe(5);
    expect(defaultCalendar.isWorkingDayNumber(cstDayNumber(due) - 1)).toBe(true);

    // A plant through its permits; construction then waits on the enterprise.
    const plant = await file('施工项目', { industrial: true });
    await toConstructionPermit(plant, [['constructionDrawingReview', 'housing']]);
    await approve(plant, 'constructionPermit', 'housing');
    let v = await view(plant);
    expect(v.currentStage.key).toBe('completionAcceptance');
    expect(v.wholeProcess).toMatchObject({ governmentTimeOnly: true, timerState: 'paused' });
    expect(v.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: null });

    clock.advance(200 * DAY);
    await scheduler.runOnce();
    await scheduler.runOnce();

    expect((await u.ent.get(`/api/cases/${windowItem}`)).body.state).toBe('windowAccepted');
    const deemed = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM workflow_event WHERE instance_id = $1 AND type = 'WINDOW_DEEMED_ACCEPTED'`,
      [windowItem],
    );
    expect(deemed[0].n).toBe(1);

    v = await view(plant);
    expect(v.wholeProcess.timerState).toBe('paused');
    expect(v.wholeProcess.daysUsed).toBeLessThan(10);
    expect(v.wholeProcess.daysLeft).toBeGreaterThan(50);
    const overdue = await u.ent.get('/api/projects?overdue=true&limit=100');
    expect(overdue.body.items.map((p: { id: string }) => p.id)).not.toContain(plant);
    const listed = (await u.ent.get('/api/projects?limit=100')).body.items.find((p: { id: string }) => p.id === plant);
    expect(listed.overdue).toBe(false);
  });
});
