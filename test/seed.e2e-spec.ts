import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { SeedService } from '../src/seed/seed.service';
import type { Http } from './projects-support';
import { everyDemoAccount } from './support/staffed-app';
import { startTestApp, type TestApp } from './support/test-app';

/** Demo mode on a fresh database: the two projects of the seed report, advanced part way by real events. */
describe('demo seeding (real PostgreSQL, demo mode)', () => {
  let t: TestApp;
  let users: Record<string, Http>;
  const as = (user: string) => users[user];

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    ({ u: users } = await everyDemoAccount(t));
  });
  afterAll(() => t.close());

  async function demoProjects() {
    const res = await as('auditor').get('/api/projects?limit=100').expect(200);
    const snow = res.body.items.find((p: { name: string }) => p.name.includes('斯诺'));
    const copper = res.body.items.find((p: { name: string }) => p.name.includes('铜箔'));
    return { res, snow, copper };
  }

  it('creates the two demo projects with codes, for their enterprises, the steward assigned to both', async () => {
    const { res, snow, copper } = await demoProjects();
    expect(res.body.total).toBe(2);
    expect(snow).toMatchObject({
      code: expect.stringMatching(/^SZGX-\d{4}-\d{4}$/),
      enterprise: { id: 'snow-new-materials' },
    });
    expect(copper).toMatchObject({ enterprise: { id: 'copper-foil' } });
    const me = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'steward', password: DEMO_PASSWORD })
      .expect(200);
    expect([...me.body.user.assignedProjectIds].sort()).toEqual([snow.id, copper.id].sort());
    const stewardList = await as('steward').get('/api/projects').expect(200);
    expect(stewardList.body.total).toBe(2);
    const snowList = await as('enterprise-snow').get('/api/projects').expect(200);
    expect(snowList.body.items.map((p: { id: string }) => p.id)).toEqual([snow.id]);
  });

  it('斯诺: permits issued jointly, a tolerance commitment with its supplement deadline pending, one section accepted', async () => {
    const { snow } = await demoProjects();
    const s = (await as('enterprise-snow').get(`/api/projects/${snow.id}`).expect(200)).body;
    expect(s.currentStage.key).toBe('completionAcceptance');
    // New projects and the seed run on the corrected catalog: an industrial 特殊建设工程, exempt from 人防.
    expect(s.case.definition).toEqual({ id: 'project-case', version: 11 });
    expect(s.flags).toMatchObject({ industrial: true, specialConstruction: true, civilDefense: { code: 'exempt' } });
    expect(s.certificates.bundle).toMatchObject({ code: 'sixCertificates', issuedAt: expect.any(String) });
    expect(s.certificates.issued.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['realEstateTitle', 'constructionPermit', 'drawingReviewCertificate']),
    );
    const [tolerance] = s.commitments.tolerance;
    expect(tolerance).toMatchObject({
      itemCode: 'designPlanReview',
      state: 'awaitingSupplement',
      missingMaterials: [expect.objectContaining({ code: 'energySavingChapter', status: 'missing' })],
      supplementDeadline: { dueDate: expect.any(String), remainingWorkingDays: expect.any(Number) },
    });
    expect(tolerance.supplementDeadline.remainingWorkingDays).toBeGreaterThan(0);
    const sections = s.stages.find((x: { key: string }) => x.key === 'completionAcceptance').sections;
    expect(sections.map((x: { name: string; status: string; state: string }) => [x.name, x.state])).toEqual([
      ['炭化车间', 'accepted'],
      ['石墨化车间', 'jointInspection'],
      ['前驱体预处理车间', 'applied'],
    ]);
    expect(s.nextActions.map((a: { who: { kind: string } }) => a.who.kind)).toEqual(
      expect.arrayContaining(['enterprise', 'department']),
    );
  });

  it('铜箔: foundation permit issued (桩基先行), the planning permit on commitment waiting in the planning queue', async () => {
    const { copper } = await demoProjects();
    const s = (await as('enterprise-copper').get(`/api/projects/${copper.id}`).expect(200)).body;
    expect(s.currentStage.key).toBe('engineeringPermit');
    expect(s.foundation.status).toBe('permitted');
    expect(s.certificates.issued.map((c: { code: string }) => c.code)).toContain('foundationConstructionPermit');
    expect(s.commitments.notifyCommitments[0]).toMatchObject({
      itemCode: 'engineeringPlanningPermit',
      state: 'signed',
    });
  });

  it('puts work in the planning and housing queues (fire review and acceptance are housing work since catalog v2)', async () => {
    for (const [clerk, expected] of [
      ['clerk-planning', '铜箔'],
      ['clerk-housing', '斯诺'],
    ]) {
      const res = await as(clerk).get('/api/tasks').expect(200);
      expect(res.body.total).toBeGreaterThan(0);
      expect(res.body.items.some((i: { project: { name: string } }) => i.project.name.includes(expected))).toBe(true);
      expect(res.body.items.every((i: { allowedEvents: unknown[] }) => i.allowedEvents.length > 0)).toBe(true);
    }
  });

  it('every demo history verifies, and seeding again (or concurrently) adds nothing', async () => {
    const { snow, copper } = await demoProjects();
    for (const id of [snow.id, copper.id]) {
      const v = await as('auditor').get(`/api/cases/${id}/verify?tree=true`).expect(200);
      expect(v.body.ok).toBe(true);
    }
    const seed = t.app.get(SeedService);
    const again = await Promise.all([seed.seed(), seed.seed()]);
    expect(again.map((r) => r.seeded)).toEqual([false, false]);
    expect(again[0].projectIds).toEqual({ snow: snow.id, copper: copper.id });
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM project');
    expect(n).toBe(2);
  });
});
