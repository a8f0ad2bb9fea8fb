/**
 * project-case v4: a revoked foundation permit is recorded as 已撤销 (the certificate registry follows the case);
 * v3 recorded it as lapsed (已失效) whatever the cause.
 */
import { Harness } from '../../testing/harness';
import { actors, ENTERPRISE_ID } from '../../testing/fixtures';
import { approveItem, must } from '../../testing/drive';
import type { ProjectCaseContext } from '../project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const ent = actors.enterprise();
const housing = actors.clerk('housing');

function revokedFoundation(version: number) {
  const h = new Harness();
  const id = h.create(
    'p',
    'project-case',
    version,
    {
      projectId: 'p',
      name: '桩基项目',
      enterpriseId: ENTERPRISE_ID,
      category: 'socialInvestment',
      practices: {
        foundationFirst: true,
        tolerance: false,
        notifyCommit: false,
        jointIssuance: true,
        stagedAcceptance: false,
      },
      flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
    },
    ent,
    T,
  );
  approveItem(h, id, 'item:projectFiling', 'development', T);
  approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
  const foundation = h.at(id, 'foundation').id;
  must(
    h.send(foundation, 'APPLY_FOUNDATION_PERMIT', ent, T, {
      landContractSignedAndPaid: true,
      foundationDrawingsReviewed: false,
      drawingStabilityCommitment: true,
      contractorEngaged: true,
      supervisorEngaged: true,
      fundsCommitmentSigned: true,
      qualitySafetyMeasures: true,
      unitWorks: [{ name: '1#厂房', area: 18000, includesSuperstructure: true }],
    }),
  );
  approveItem(h, id, 'item:designPlanReview', 'planning', T);
  must(h.send(foundation, 'ISSUE_FOUNDATION_PERMIT', housing, T));
  must(h.send(foundation, 'REVOKE_FOUNDATION_PERMIT', housing, T, { reason: '以欺骗手段取得' }));
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
    const h = new Harness();
    const id = h.create(
      'p',
      'project-case',
      version,
      {
        projectId: 'p',
        name: '带方案出让项目',
        enterpriseId: ENTERPRISE_ID,
        category,
        practices: {
          foundationFirst: false,
          tolerance: false,
          notifyCommit: false,
          jointIssuance: true,
          stagedAcceptance: false,
        },
        flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
      },
      ent,
      T,
    );
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
