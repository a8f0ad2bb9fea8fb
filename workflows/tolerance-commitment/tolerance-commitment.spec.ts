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

  it('a non-compliant supplied material is a breach', () => {
    const { h, tolId, itemId } = toleranceApproved();
    must(h.send(tolId, 'SUPPLY_MATERIAL', actors.steward(), T, { material: 'projectFilingProof' }));
    must(
      h.send(tolId, 'REVIEW_MATERIAL', planning, T, {
        material: 'projectFilingProof',
        compliant: false,
        note: '非本项目备案',
      }),
    );
    expect(h.state(tolId)).toBe('breached');
    expect(h.state(itemId)).toBe('revoked');
    expect(h.context<any>(tolId).outcome.reason).toContain('非本项目备案');
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
