import type { Actor, EngineEvent, Payload, StepOutcome, StepResult } from '../contract';
import { registry } from '../registry';
import { actors } from '../testing/fixtures';
import { acceptItem, must } from '../testing/drive';
import { newProject, passStage } from '../testing/project-fixture';
import type { ProjectCaseContext } from '../project-case/project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const planning = actors.clerk('planning');
const ent = actors.enterprise();

/** landUsePlanningPermit submitted without 项目备案证明 (on the 容缺清单). */
function setup(options: { jointIssuance?: boolean } = {}) {
  const { h, id } = newProject(
    { tolerance: true, jointIssuance: options.jointIssuance ?? false },
    { submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] } },
  );
  const itemId = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
  return { h, id, itemId, project: () => h.context<ProjectCaseContext>(id) };
}

function toleranceApproved(options: { jointIssuance?: boolean } = {}) {
  const s = setup(options);
  const { h, itemId } = s;
  must(h.send(itemId, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true }));
  const tolId = h.at(itemId.split('/')[0], 'item:landUsePlanningPermit', 'tolerance:1').id;
  must(h.send(tolId, 'ACCEPT_TOLERANCE', planning, T));
  must(h.send(itemId, 'APPROVE_WITH_TOLERANCE', planning, T, { opinion: '容缺通过' }));
  return { ...s, tolId };
}

const sysActor = actors.system;
/** The step result of an outcome that must succeed. */
function ok(outcome: StepOutcome): StepResult {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome;
}
const ev = (type: string, actor: Actor, payload: Payload = {}): EngineEvent => ({
  type,
  actor,
  payload,
  occurredAt: T,
});
const v1Input = {
  projectId: 'p',
  enterpriseId: 'ent-demo',
  itemCode: 'landTitleRegistration',
  submittedMaterials: ['applicationForm', 'landGrantContract', 'landPriceReceipt'],
  commitmentLetterSigned: true,
};
function h1() {
  const def1 = registry.getDefinition('tolerance-commitment', 1)!;
  let snap = ok(def1.start(ev('INSTANCE_CREATED', sysActor, v1Input))).snapshot;
  snap = ok(def1.step(snap, ev('ACCEPT_TOLERANCE', planning))).snapshot;
  const code = Object.keys((snap.context as any).missing)[0];
  snap = ok(def1.step(snap, ev('SUPPLY_MATERIAL', ent, { material: code }))).snapshot;
  snap = ok(def1.step(snap, ev('REVIEW_MATERIAL', planning, { material: code, compliant: false }))).snapshot;
  return { state: def1.describe(snap).state };
}

describe('tolerance-commitment (容缺受理)', () => {
  it('issues the notice with missing materials, form, deadline ≤ promised time and consequence; schedules reminder and due', () => {
    const { h, tolId, itemId, project } = toleranceApproved();
    const ctx = h.context<any>(tolId);
    expect(Object.keys(ctx.missing)).toEqual(['projectFilingProof']);
    expect(ctx.missing.projectFilingProof.form).toBe('电子件');
    expect(ctx.notice.deadline).toMatchObject({ kind: 'toleranceSupplement', amount: 5, unit: 'workingDays' });
    expect(ctx.notice.consequence).toContain('撤销');
    expect(h.timersOf(tolId).sort()).toEqual(['tolerance:due', 'tolerance:reminder']);
    expect(h.timers.get(`${tolId}|tolerance:reminder`)!.effect.at).toEqual({ reminderWorkingDaysBefore: 2 });
    expect(h.state(itemId)).toBe('approvedWithTolerance');
    // 办结·容缺通过 counts as approved; issueNow → certificate issued at once.
    expect(project().certificates.landUsePlanningPermit.status).toBe('valid');
  });

  it('is fulfilled when every missing material is supplied and accepted', () => {
    const { h, tolId, itemId, project } = toleranceApproved();
    must(h.fire(tolId, 'tolerance:reminder', '2026-03-04T01:00:00.000Z'));
    expect(h.context<any>(tolId).remindedAt).toBe('2026-03-04T01:00:00.000Z');
    must(h.send(tolId, 'SUPPLY_MATERIAL', ent, T, { material: 'projectFilingProof' }));
    must(h.send(tolId, 'REVIEW_MATERIAL', planning, T, { material: 'projectFilingProof', compliant: true }));
    expect(h.state(tolId)).toBe('fulfilled');
    expect(h.state(itemId)).toBe('approved');
    expect(h.timersOf(tolId)).toEqual([]);
    expect(project().items.landUsePlanningPermit.commitmentOpen).toBe(false);
  });

  it('breach on the day after the deadline revokes the decision and its certificate, flags dependents, bars tolerance', () => {
    const { h, id, tolId, itemId, project } = toleranceApproved();
    // Build on it: the next stage's design plan approval depends on 建设用地规划许可证.
    must(h.send(h.at(id, 'item:projectFiling').id, 'WINDOW_ACCEPT', actors.clerk('window'), T));
    passStage(h, id, 'landPlanning', T, ['item:landUsePlanningPermit', 'item:projectFiling']);
    must(h.send(h.at(id, 'item:projectFiling').id, 'DEPARTMENT_ACCEPT', actors.clerk('development'), T));
    must(h.send(h.at(id, 'item:projectFiling').id, 'APPROVE', actors.clerk('development'), T));
    passStage(h, id, 'engineeringPermit', T, ['item:engineeringPlanningPermit']);
    must(h.fire(tolId, 'tolerance:due', '2026-03-10T16:00:00.000Z'));
    expect(h.state(tolId)).toBe('breached');
    expect(h.state(itemId)).toBe('revoked');
    const p = project();
    expect(p.certificates.landUsePlanningPermit).toMatchObject({ status: 'revoked', reason: 'toleranceBreach' });
    expect(p.items.designPlanReview.flagged).toBe(true);
    expect(h.credit).toEqual([expect.objectContaining({ enterpriseId: 'ent-demo', barsTolerance: true })]);
    // The credit record bars further tolerance.
    const other = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    void other;
  });

  it('a material rejected on review while time is left is awaited again; rejected after the deadline, it breaches', () => {
    const { h, tolId, itemId } = toleranceApproved();
    must(h.send(tolId, 'SUPPLY_MATERIAL', actors.steward(), T, { material: 'projectFilingProof' }));
    must(
      h.send(tolId, 'REVIEW_MATERIAL', planning, T, {
        material: 'projectFilingProof',
        compliant: false,
        note: '非本项目备案',
      }),
    );
    expect(h.state(tolId)).toBe('awaitingSupplement');
    expect(h.context<any>(tolId).missing.projectFilingProof).toMatchObject({ status: 'missing', note: '非本项目备案' });
    expect(h.state(itemId)).toBe('approvedWithTolerance');
    // supplied again, but only reviewed (and rejected) after the deadline: no time left to supply it again
    must(h.send(tolId, 'SUPPLY_MATERIAL', ent, '2026-03-05T01:00:00.000Z', { material: 'projectFilingProof' }));
    must(h.fire(tolId, 'tolerance:due', '2026-03-10T16:00:00.000Z'));
    expect(h.state(tolId)).toBe('awaitingSupplement');
    must(
      h.send(tolId, 'REVIEW_MATERIAL', planning, '2026-03-11T02:00:00.000Z', {
        material: 'projectFilingProof',
        compliant: false,
        note: '仍非本项目备案',
      }),
    );
    expect(h.state(tolId)).toBe('breached');
    expect(h.state(itemId)).toBe('revoked');
    expect(h.context<any>(tolId).outcome.reason).toContain('仍非本项目备案');
  });

  it('supplied on day 0 and never reviewed: no breach at the deadline; the review runs on the department clock', () => {
    const { h, tolId, itemId } = toleranceApproved();
    must(h.send(tolId, 'SUPPLY_MATERIAL', ent, T, { material: 'projectFilingProof' }));
    const def = h.registry.getDefinition('tolerance-commitment', 2)!;
    const summary = () => def.describe(h.get(tolId).snapshot);
    expect(summary()).toMatchObject({
      waitingOn: 'department',
      departmentQueue: 'planning',
      timerState: 'normal',
      deadline: { kind: 'toleranceReview', startedAt: T, amount: 5, unit: 'workingDays' },
    });
    expect(h.timersOf(tolId).sort()).toEqual([
      'tolerance:due',
      'tolerance:reminder',
      'tolerance:review:due',
      'tolerance:review:warning',
    ]);
    // the enterprise's deadline passes: it supplied in time, so nothing is breached and nobody is barred
    must(h.fire(tolId, 'tolerance:due', '2026-03-10T16:00:00.000Z'));
    expect(h.state(tolId)).toBe('awaitingSupplement');
    expect(h.state(itemId)).toBe('approvedWithTolerance');
    expect(h.credit).toEqual([]);
    // the department's own clock warns and runs over
    must(h.fire(tolId, 'tolerance:review:warning', '2026-03-06T16:00:00.000Z'));
    expect(summary().timerState).toBe('warning');
    must(h.fire(tolId, 'tolerance:review:due', '2026-03-09T16:00:00.000Z'));
    expect(summary()).toMatchObject({ timerState: 'overdue', waitingOn: 'department' });
    must(
      h.send(tolId, 'REVIEW_MATERIAL', planning, '2026-03-12T02:00:00.000Z', {
        material: 'projectFilingProof',
        compliant: true,
      }),
    );
    expect(h.state(tolId)).toBe('fulfilled');
    expect(h.state(itemId)).toBe('approved');
    expect(h.timersOf(tolId)).toEqual([]);
  });

  it('at the deadline a material still missing breaches, even with another one supplied', () => {
    const { h, id } = newProject(
      { tolerance: true },
      {
        submittedMaterials: {
          landTitleRegistration: ['applicationForm', 'landGrantContract', 'landPriceReceipt'],
        },
      },
    );
    const itemId = acceptItem(h, id, 'item:landTitleRegistration', 'planning', T);
    must(h.send(itemId, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true }));
    const tolId = h.at(id, 'item:landTitleRegistration', 'tolerance:1').id;
    must(h.send(tolId, 'ACCEPT_TOLERANCE', planning, T));
    const missing = Object.keys(h.context<any>(tolId).missing);
    expect(missing.length).toBeGreaterThanOrEqual(1);
    if (missing.length > 1) must(h.send(tolId, 'SUPPLY_MATERIAL', ent, T, { material: missing[0] }));
    must(h.fire(tolId, 'tolerance:due', '2026-03-10T16:00:00.000Z'));
    expect(h.state(tolId)).toBe('breached');
    expect(h.context<any>(tolId).outcome.reason).toContain('逾期未补齐');
  });

  it('version 1 stays as released: a rejected material breaches at once (replays of old cases)', () => {
    const v1 = h1();
    expect(v1.state).toBe('breached');
  });

  it('migrates v1 → v2 unless a supplied material awaits review', () => {
    const migration = registry.getMigration('tolerance-commitment', 1, 2)!;
    const def1 = registry.getDefinition('tolerance-commitment', 1)!;
    let snap = ok(def1.start(ev('INSTANCE_CREATED', sysActor, v1Input))).snapshot;
    snap = ok(def1.step(snap, ev('ACCEPT_TOLERANCE', planning))).snapshot;
    const moved = migration.migrate(snap);
    expect(moved).toMatchObject({ ok: true });
    const def2 = registry.getDefinition('tolerance-commitment', 2)!;
    const code = Object.keys((snap.context as any).missing)[0];
    const after = ok(def2.step((moved as any).snapshot, ev('SUPPLY_MATERIAL', ent, { material: code })));
    expect((after.snapshot.context as any).review.deadline.kind).toBe('toleranceReview');
    const supplied = ok(def1.step(snap, ev('SUPPLY_MATERIAL', ent, { material: code }))).snapshot;
    expect(migration.migrate(supplied)).toMatchObject({ ok: false, reason: expect.stringContaining('待审核') });
  });

  it('barred enterprises, missing letters and non-tolerable gaps are refused with reasons', () => {
    const { h, tolId } = toleranceApproved();
    must(h.fire(tolId, 'tolerance:due', '2026-03-10T16:00:00.000Z'));
    // a second project of the same enterprise in the same harness sees the bar through facts
    const { h: h2, id: id2 } = newProject(
      { tolerance: true },
      {
        submittedMaterials: {
          landTitleRegistration: ['applicationForm', 'landGrantContract', 'landPriceReceipt', 'cadastralSurvey'],
        },
      },
    );
    h2.credit.push(...h.credit);
    const item2 = acceptItem(h2, id2, 'item:landTitleRegistration', 'planning', T);
    const r = h2.send(item2, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true });
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('unrepaired tolerance breach');
    const r2 = h2.send(item2, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: false });
    expect(r2).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });

  it('an unrepaired 告知承诺 record bars 容缺 while it bars 告知承诺 (six months): the item refuses the request, naming it', () => {
    const s = setup();
    s.h.credit.push({
      enterpriseId: 'ent-demo',
      reason: '告知承诺不实',
      barsTolerance: false,
      barsCommitmentUntil: '2026-09-01T00:00:00.000Z',
      at: T,
    });
    // The item's own rule refuses it (it read only 容缺 records before): what the credit view says is barred is.
    const barred = s.h.send(s.itemId, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true });
    expect(barred).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((barred as { message: string }).message).toContain(
      '申请人有未修复的告知承诺失信记录（告知承诺不实，2026年3月2日记录），2026年9月1日前不得适用容缺受理',
    );
    // after the six months the bar has ended
    must(s.h.send(s.itemId, 'REQUEST_TOLERANCE', ent, '2026-09-02T01:00:00.000Z', { commitmentLetterSigned: true }));
    const tolId = s.h.at('p', 'item:landUsePlanningPermit', 'tolerance:1').id;
    must(s.h.send(tolId, 'ACCEPT_TOLERANCE', planning, '2026-09-02T02:00:00.000Z'));
  });

  it('an unrepaired 容缺 record bars 容缺 until repaired, and the refusal names it', () => {
    const s = setup();
    s.h.credit.push({ enterpriseId: 'ent-demo', reason: '容缺受理失信：甲', barsTolerance: true, at: T });
    const barred = s.h.send(s.itemId, 'REQUEST_TOLERANCE', ent, '2030-01-01T01:00:00.000Z', {
      commitmentLetterSigned: true,
    });
    expect((barred as { message: string }).message).toContain(
      '（容缺受理失信：甲，2026年3月2日记录），信用修复前不得适用容缺受理',
    );
  });

  it('force-majeure extension: once, by a clerk, with a reason', () => {
    const { h, tolId } = toleranceApproved();
    expect(h.send(tolId, 'EXTEND_FOR_FORCE_MAJEURE', ent, T, { reason: '暴雨', extraDays: 3 })).toMatchObject({
      code: 'FORBIDDEN',
    });
    must(h.send(tolId, 'EXTEND_FOR_FORCE_MAJEURE', planning, T, { reason: '暴雨', extraDays: 3 }));
    expect(h.context<any>(tolId).notice.deadline.amount).toBe(8);
    expect(h.timers.get(`${tolId}|tolerance:due`)!.effect.deadline.amount).toBe(8);
    expect(h.send(tolId, 'EXTEND_FOR_FORCE_MAJEURE', planning, T, { reason: '又暴雨', extraDays: 3 })).toMatchObject({
      code: 'RULE_VIOLATION',
    });
  });

  it("'issueWhenComplete' items decide now and release the certificate only when the materials are complete", () => {
    const { h, id } = newProject(
      { tolerance: true },
      {
        submittedMaterials: {
          constructionDrawingReview: ['applicationForm', 'constructionDrawings', 'geotechnicalReport'],
        },
      },
    );
    passStage(h, id, 'landPlanning', T);
    passStage(h, id, 'engineeringPermit', T);
    const itemId = acceptItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    must(h.send(itemId, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true }));
    const tolId = h.at(id, 'item:constructionDrawingReview', 'tolerance:1').id;
    must(h.send(tolId, 'ACCEPT_TOLERANCE', actors.clerk('housing'), T));
    must(h.send(itemId, 'APPROVE_WITH_TOLERANCE', actors.clerk('housing'), T));
    expect(h.context<ProjectCaseContext>(id).certificates.drawingReviewCertificate).toBeUndefined();
    must(h.send(tolId, 'SUPPLY_MATERIAL', ent, T, { material: 'designContract' }));
    must(h.send(tolId, 'REVIEW_MATERIAL', actors.clerk('housing'), T, { material: 'designContract', compliant: true }));
    expect(h.context<ProjectCaseContext>(id).certificates.drawingReviewCertificate.status).toBe('valid');
  });

  it('a withdrawn item ends its open tolerance commitment', () => {
    const { h, itemId } = setup();
    must(h.send(itemId, 'REQUEST_TOLERANCE', ent, T, { commitmentLetterSigned: true }));
    must(h.send(itemId, 'WITHDRAW', ent, T, { reason: '重新申报' }));
    expect(h.state(h.at('p', 'item:landUsePlanningPermit', 'tolerance:1').id)).toBe('cancelled');
  });
});
