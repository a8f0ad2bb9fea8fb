import { everyDemoAccount } from './support/staffed-app';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The 斯诺新材料 demo project (project-case v3, catalog v2) driven from where the seed leaves it to 竣工验收完成,
 * over HTTP, by the demo accounts only: the enterprise supplies its 容缺 material, the departments record the
 * remaining acceptance opinions (土地核验 and 竣工验收备案 included, fire acceptance by housing), the last section
 * closes the site-wide checks.
 */
describe('demo: 斯诺新材料 and 铜箔 to completion by the demo accounts', () => {
  let t: TestApp;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    ({ bearer } = await everyDemoAccount(t));
  });
  afterAll(() => t.close());

  const post = async (user: string, instanceId: string, type: string, payload: object = {}) => {
    const res = await t
      .http()
      .post(`/api/cases/${instanceId}/events`)
      .set('Authorization', bearer[user])
      .send({ type, payload });
    if (res.status !== 200) throw new Error(`${user} ${type}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const child = async (projectId: string, childKey: string, parentKey?: string): Promise<string> => {
    const rows = await t.dataSource.query(
      parentKey
        ? `SELECT c.id FROM workflow_instance c JOIN workflow_instance p ON p.id = c.parent_id
            WHERE c.project_id = $1 AND c.child_key = $2 AND p.child_key = $3`
        : `SELECT id FROM workflow_instance WHERE project_id = $1 AND child_key = $2`,
      parentKey ? [projectId, childKey, parentKey] : [projectId, childKey],
    );
    return rows[0].id;
  };

  it('reaches 已竣工验收 with every history verifying', async () => {
    const list = await t.http().get('/api/projects').set('Authorization', bearer['enterprise-snow']);
    const projectId = list.body.items[0].id as string;

    const tolerance = await child(projectId, 'tolerance:1', 'item:designPlanReview');
    // Supplying uses an uploaded file (issue #23).
    await t
      .http()
      .post(`/api/cases/${tolerance}/materials`)
      .set('Authorization', bearer['enterprise-snow'])
      .field('materialCode', 'energySavingChapter')
      .attach('file', Buffer.from('%PDF-1.4\n节能专篇\n%%EOF\n'), {
        filename: '节能专篇.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    await post('enterprise-snow', tolerance, 'SUPPLY_MATERIAL', { material: 'energySavingChapter' });
    await post('clerk-planning', tolerance, 'REVIEW_MATERIAL', { material: 'energySavingChapter', compliant: true });

    const result = (acceptanceItem: string) => ({ acceptanceItem, result: 'pass', opinion: '合格' });
    const section2 = await child(projectId, 'section:section-2');
    await post('clerk-planning', section2, 'RECORD_RESULT', result('landVerification'));
    await post('clerk-housing', section2, 'RECORD_RESULT', result('fireAcceptance'));
    await post('clerk-archives', section2, 'RECORD_RESULT', result('archivesAcceptance'));
    await post('clerk-housing', section2, 'RECORD_RESULT', result('qualityAcceptance'));
    await post('clerk-housing', section2, 'RECORD_RESULT', result('completionFiling'));

    const section3 = await child(projectId, 'section:section-3');
    await post('clerk-housing', section3, 'START_JOINT_INSPECTION', { note: '联合现场验收' });
    // Every department with an opinion to give finds the inspection in its own queue, not only the first one.
    for (const clerk of ['clerk-planning', 'clerk-housing', 'clerk-archives']) {
      const queue = await t.http().get('/api/tasks?limit=100').set('Authorization', bearer[clerk]);
      const ids = (queue.body.items ?? []).map((i: { instanceId: string }) => i.instanceId);
      expect({ clerk, inQueue: ids.includes(section3) }).toEqual({ clerk, inQueue: true });
    }
    await post('clerk-planning', section3, 'RECORD_RESULT', result('planningVerification'));
    await post('clerk-planning', section3, 'RECORD_RESULT', result('landVerification'));
    await post('clerk-housing', section3, 'RECORD_RESULT', result('fireAcceptance'));
    await post('clerk-archives', section3, 'RECORD_RESULT', result('archivesAcceptance'));
    await post('clerk-housing', section3, 'RECORD_RESULT', result('qualityAcceptance'));
    await post('clerk-housing', section3, 'RECORD_RESULT', result('completionFiling'));
    await post('clerk-planning', section3, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 53000, greenRatio: 0.16 });

    const s = (await t.http().get(`/api/projects/${projectId}`).set('Authorization', bearer['enterprise-snow'])).body;
    expect(s.currentStage.key).toBe('complete');
    expect(s.commitments.tolerance[0]).toMatchObject({ state: 'fulfilled' });
    const verify = await t
      .http()
      .get(`/api/cases/${projectId}/verify?tree=true`)
      .set('Authorization', bearer.auditor)
      .expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('铜箔 (桩基先行, 告知承诺): planning permit on commitment, verified; drawings; ±0.000以上 permit; acceptance', async () => {
    const list = await t.http().get('/api/projects').set('Authorization', bearer['enterprise-copper']);
    const projectId = list.body.items[0].id as string;
    const commitment = await child(projectId, 'notifyCommitment:1', 'item:engineeringPlanningPermit');
    await post('clerk-planning', commitment, 'DECIDE_ON_COMMITMENT', { opinion: '按告知承诺核发' });
    await post('clerk-planning', commitment, 'VERIFY', {
      method: 'siteInspection',
      compliant: true,
      findings: '符合承诺',
    });

    const drawings = await child(projectId, 'item:constructionDrawingReview');
    await post('clerk-window', drawings, 'WINDOW_ACCEPT', { note: '受理' });
    await post('clerk-housing', drawings, 'DEPARTMENT_ACCEPT');
    await post('clerk-housing', drawings, 'APPROVE', { opinion: '联合审图合格' });

    const foundation = await child(projectId, 'foundation');
    await post('enterprise-copper', foundation, 'WORK_STARTED', { note: '桩基开工' });
    await post('enterprise-copper', foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '申请±0.000以上施工许可' });
    await post('clerk-housing', foundation, 'ISSUE_ABOVE_GROUND_PERMIT', { opinion: '准予' });

    const section = await child(projectId, 'section:whole');
    await post('enterprise-copper', section, 'APPLY', { note: '具备验收条件' });
    await post('clerk-housing', section, 'START_JOINT_INSPECTION', { note: '联合现场验收' });
    const result = (acceptanceItem: string) => ({ acceptanceItem, result: 'pass', opinion: '合格' });
    await post('clerk-planning', section, 'RECORD_RESULT', result('planningVerification'));
    await post('clerk-planning', section, 'RECORD_RESULT', result('landVerification'));
    // Not a 特殊建设工程: 消防验收备案 instead of the fire acceptance.
    await post('clerk-housing', section, 'RECORD_RESULT', result('fireAcceptanceFiling'));
    await post('clerk-archives', section, 'RECORD_RESULT', result('archivesAcceptance'));
    await post('clerk-housing', section, 'RECORD_RESULT', result('qualityAcceptance'));
    await post('clerk-housing', section, 'RECORD_RESULT', result('completionFiling'));
    await post('clerk-planning', section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 48500, greenRatio: 0.2 });

    const s = (await t.http().get(`/api/projects/${projectId}`).set('Authorization', bearer['enterprise-copper'])).body;
    expect(s.currentStage.key).toBe('complete');
    // The list row says where the project is as its page does (issue point 10).
    const done = await t
      .http()
      .get(`/api/projects?status=done&limit=100`)
      .set('Authorization', bearer['enterprise-copper']);
    const row = done.body.items.find((r: { id: string }) => r.id === projectId);
    expect(row).toMatchObject({ status: 'done', stage: s.currentStage });
    expect(s.certificates.bundle).toMatchObject({ code: 'sixCertificates', issuedAt: expect.any(String) });
  });
});
