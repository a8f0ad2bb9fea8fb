/**
 * A foundation permit revoked with the approval it was issued on: the project view and the case's data name the approval, not its code,
 * also for a permit on foundation-permit v6, whose stored reason keeps the code (所依据的审批已撤销：designPlanReview).
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  caseView,
  childIdOf,
  filingBody,
  foundationApplication,
  itemIdOf,
  projectView,
  send,
  workQueues,
  type Http,
} from './projects-support';

describe('the revoked foundation permit names the approval it lost', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('frn', { enterprise: '己公司' }));
  });
  afterAll(() => t?.close());

  it('foundation.revocation.reason, the certificate and the case data read 建设工程设计方案审查 (v6 stored the code)', async () => {
    const filed = await u.ent
      .post(
        '/api/projects',
        filingBody(
          '己公司桩基方案撤销项目',
          { foundationFirst: true, jointIssuance: true },
          { investmentAmount: 6000, industrial: true },
        ),
      )
      .expect(201);
    const projectId: string = filed.body.id;
    await workQueues(
      [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense],
      projectId,
      'landPlanning',
    );
    const foundation = await childIdOf(u.admin, projectId, 'foundation');
    await send(
      u.ent,
      foundation,
      'APPLY_FOUNDATION_PERMIT',
      foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]),
    );
    const design = await itemIdOf(u.ent, projectId, 'designPlanReview');
    await send(u.window, design, 'WINDOW_ACCEPT');
    await send(u.planning, design, 'DEPARTMENT_ACCEPT');
    await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    // New projects start foundation-permit v7, which stores the names; a permit issued on v6 (as a project filed
    // before v7 has it) is v7's issued case without the extension requests v6 → v7 adds, so the fixture sets it back.
    await t.dataSource.query(
      `UPDATE workflow_instance SET definition_version = 6, snapshot = snapshot #- '{context,extensionRequests}' WHERE id = $1`,
      [foundation],
    );
    await send(u.planning, design, 'REVOKE', { reason: '方案违规' });

    // The stored snapshot keeps v6's words; every view names the approval.
    const [row] = await t.dataSource.query(`SELECT snapshot FROM workflow_instance WHERE id = $1`, [foundation]);
    expect(row.snapshot.context.revocation.reason).toBe('所依据的审批已撤销：designPlanReview');
    const named = '所依据的审批已撤销：建设工程设计方案审查';

    const served = await caseView(u.ent, foundation);
    expect(served.definition.version).toBe(6);
    expect(served.data.revocation.reason).toBe(named);

    const p = await projectView(u.ent, projectId);
    expect(p.foundation).toMatchObject({ status: 'revoked', revocation: { reason: named } });
    const cert = p.certificates.issued.find((c: { code: string }) => c.code === 'foundationConstructionPermit');
    expect(cert).toMatchObject({ status: 'revoked', reason: named });
  });
});
