/**
 * project-case v4: a revoked foundation permit is recorded as 已撤销 (the certificate registry follows the case);
 * v3 recorded it as lapsed (已失效) whatever the cause.
 */
import { approveItem, must } from '../../testing/drive';
import type { ProjectCaseContext } from '../project-case.machine';
import { industrialProject } from '../../testing/project-fixture';
import { foundationIssued, housing, T } from '../project-case.fixtures';

function revokedFoundation(version: number) {
  const { h, id, fId } = foundationIssued(version);
  must(h.send(fId, 'REVOKE_FOUNDATION_PERMIT', housing, T, { reason: '以欺骗手段取得' }));
  return h.context<ProjectCaseContext>(id).certificates.foundationConstructionPermit;
}

describe('project-case v4: foundation revocation', () => {
  it('records the revoked foundation permit as revoked with its reason (v3: lapsed, work not started)', () => {
    expect(revokedFoundation(3)).toMatchObject({ status: 'lapsed', reason: 'workNotStarted' });
    expect(revokedFoundation(4)).toMatchObject({ status: 'revoked', reason: '以欺骗手段取得' });
  });
});

describe('project-case v4: 带方案出让 pre-reviews the design plan before the land sale', () => {
  function landWithDesignPlan(version: number, category = 'landWithDesignPlan') {
    const { h, id } = industrialProject(version, { name: '带方案出让项目', at: T, category });
    approveItem(h, id, 'item:projectFiling', 'development', T);
    return { h, id, ctx: () => h.context<ProjectCaseContext>(id) };
  }

  it('the design-plan review opens in the land stage once the project is filed, and is decided before the land permits', () => {
    const { h, id, ctx } = landWithDesignPlan(4);
    expect(ctx().stage).toBe('landPlanning');
    expect(ctx().items.designPlanReview).toMatchObject({ status: 'open', dependsOn: ['projectFiling'] });
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    expect(ctx().items.designPlanReview.status).toBe('approved');
    expect(ctx().items.landTitleRegistration.status).toBe('open');
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    // The engineering stage finds the design plan approved: only the planning permit is left.
    expect(ctx().stage).toBe('engineeringPermit');
    expect(ctx().items.engineeringPlanningPermit.status).toBe('open');
  });

  it('v3, and other categories on v4, keep the catalog order', () => {
    expect(landWithDesignPlan(3).ctx().items.designPlanReview.status).toBe('pending');
    expect(landWithDesignPlan(4, 'socialInvestment').ctx().items.designPlanReview.status).toBe('pending');
  });
});
