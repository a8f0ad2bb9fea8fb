import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { newProject, passStage } from '../testing/project-fixture';
import type { ProjectCaseContext } from '../project-case/project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const housing = actors.clerk('housing');
const ent = actors.enterprise();
export const FOUNDATION_APPLICATION = {
  landContractSignedAndPaid: true,
  foundationDrawingsReviewed: false,
  drawingStabilityCommitment: true,
  contractorEngaged: true,
  supervisorEngaged: true,
  fundsCommitmentSigned: true,
  qualitySafetyMeasures: true,
  unitWorks: [{ name: '1#厂房', area: 18000, includesSuperstructure: true }],
};

function foundationPermitted(jointIssuance = false) {
  const { h, id } = newProject({ foundationFirst: true, jointIssuance });
  passStage(h, id, 'landPlanning', T);
  const fId = h.at(id, 'foundation').id;
  must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, T, FOUNDATION_APPLICATION));
  // Entry condition: design plan approval (catalog) — not yet.
  const early = h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T);
  expect(early).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
  expect((early as any).details.reason).toContain('design plan not approved');
  approveItem(h, id, 'item:designPlanReview', 'planning', T);
  must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T));
  return { h, id, fId, project: () => h.context<ProjectCaseContext>(id) };
}

describe('foundation-permit (桩基先行)', () => {
  it('issues the foundation-stage permit on its entry conditions while the drawing review continues', () => {
    const { h, id, fId, project } = foundationPermitted();
    expect(h.state(fId)).toEqual({ foundationPermitted: 'awaitingWorkStart' });
    expect(project().certificates.foundationConstructionPermit.status).toBe('valid');
    expect(project().stage).toBe('engineeringPermit');
    expect(h.timers.get(`${fId}|workStart:due`)!.effect.deadline).toMatchObject({
      kind: 'workStart',
      amount: 3,
      unit: 'months',
    });
    expect(h.get(id).children['item:constructionPermit']).toBeUndefined();
  });

  it('refuses the above-ground permit without the full review (fire included) and a valid foundation permit', () => {
    const { h, id, fId, project } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:civilDefenseDesignReview', 'civilDefense', T);
    const r = h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T);
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('fireDesignReview');
    approveItem(h, id, 'item:fireDesignReview', 'fire', T);
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, '2026-04-01T01:00:00.000Z'));
    expect(h.state(fId)).toBe('aboveGroundPermitted');
    expect(project().items.constructionPermit.status).toBe('approved');
    expect(project().certificates.constructionPermit.status).toBe('valid');
    expect(project().stage).toBe('completionAcceptance');
  });

  it('a refused above-ground permit stops work at the foundation', () => {
    const { h, fId, project } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    must(h.send(fId, 'REFUSE_ABOVE_GROUND_PERMIT', housing, T, { reason: '上部结构设计变更未审' }));
    expect(h.state(fId)).toBe('stoppedAtFoundation');
    expect(h.state('p')).toMatchObject({ foundationFirst: 'stoppedAtFoundation' });
    expect(project().items.constructionPermit.status).toBe('refused');
  });

  it('two 3-month extensions at most; then the permit lapses and the plain permit takes over', () => {
    const { h, id, fId, project } = foundationPermitted();
    must(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '征迁未完成' }));
    must(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '征迁未完成' }));
    expect(h.context<any>(fId).workStart.deadline.amount).toBe(9);
    expect(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '再延' })).toMatchObject({ code: 'RULE_VIOLATION' });
    must(h.fire(fId, 'workStart:due', '2026-12-03T16:00:00.000Z'));
    expect(h.state(fId)).toBe('lapsed');
    expect(project().certificates.foundationConstructionPermit.status).toBe('lapsed');
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    // constructionPermit stage: the construction permit is an ordinary item again
    expect(h.get(id).children['item:constructionPermit']).toBeDefined();
  });
});
