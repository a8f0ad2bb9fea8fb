import { filingBody } from './projects-support';
import { everyDemoAccount } from './support/staffed-app';
import { startTestApp, type TestApp } from './support/test-app';

/** GET /api/reports/savings and /api/reports/zone on the demo data (real PostgreSQL, demo mode). */
describe('reports (real PostgreSQL, demo mode)', () => {
  let t: TestApp;
  let bearer: Record<string, string>;
  const as = (user: string) => ({
    get: (url: string) => t.http().get(url).set('Authorization', bearer[user]),
    post: (url: string) => t.http().post(url).set('Authorization', bearer[user]),
  });
  let snow: string;
  let copper: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    ({ bearer } = await everyDemoAccount(t));
    const list = await as('auditor').get('/api/projects?limit=100').expect(200);
    snow = list.body.items.find((p: { name: string }) => p.name.includes('斯诺')).id;
    copper = list.body.items.find((p: { name: string }) => p.name.includes('铜箔')).id;
  });
  afterAll(() => t.close());

  describe('GET /api/reports/savings', () => {
    it('斯诺: 容缺 and 联合发证 explained, non-zero; the milestones of both timelines', async () => {
      const r = (await as('enterprise-snow').get(`/api/reports/savings?projectId=${snow}`).expect(200)).body;
      expect(r.projectId).toBe(snow);
      for (const line of [r.baseline, r.fastTrack]) {
        expect(Object.keys(line.milestones).sort()).toEqual(
          ['completion', 'constructionPermit', 'firstSectionInUse', 'workStart'].sort(),
        );
        expect(line.milestones.workStart).toMatchObject({
          name: '开工',
          date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        });
        expect(line.bars.length).toBeGreaterThan(9);
      }
      expect(r.savedWorkingDays).toBeGreaterThan(0);
      expect(r.savedByMilestone.workStart.workingDays).toBeGreaterThan(0);
      expect(r.byPractice.tolerance.savedWorkingDays).toBeGreaterThan(0);
      expect(r.byPractice.tolerance.explanation).toContain('建设工程设计方案审查');
      expect(r.byPractice.foundationFirst).toMatchObject({
        savedWorkingDays: 0,
        explanation: '本项目未采用桩基先行。',
      });
      expect(r.fastTrack.bars.some((b: { practice?: string }) => b.practice === 'stagedAcceptance')).toBe(true);
      expect(r.assumptions.length).toBeGreaterThan(4);
      expect(r.assumptions.join('')).toMatch(/[\u4e00-\u9fff]/);
    });

    it('铜箔: 桩基先行 brings work start forward; its share stated by switching it off alone', async () => {
      const r = (await as('steward').get(`/api/reports/savings?projectId=${copper}`).expect(200)).body;
      expect(r.savedWorkingDays).toBeGreaterThan(0);
      expect(r.byPractice.foundationFirst.savedWorkingDays).toBeGreaterThan(0);
      expect(r.fastTrack.milestones.workStart.date < r.baseline.milestones.workStart.date).toBe(true);
      expect(r.fastTrack.bars.find((b: { key: string }) => b.key === 'foundationPermit')).toMatchObject({
        practice: 'foundationFirst',
      });
      expect(r.assumptions.join('')).toContain('桩基阶段施工许可');
    });

    it('both demo plants (industrial, exempt from 人防): no 人防 item in either timeline; baseline on statutory limits', async () => {
      type Bar = { key: string; name: string; workingDays: number };
      for (const id of [snow, copper]) {
        const r = (await as('auditor').get(`/api/reports/savings?projectId=${id}`).expect(200)).body;
        for (const line of [r.baseline, r.fastTrack]) {
          expect(line.bars.map((b: Bar) => b.key)).not.toContain('item:civilDefenseDesignReview');
          expect(line.bars.some((b: Bar) => b.name.includes('人防'))).toBe(false);
        }
        // 建筑法 art. 8: 7 working days statutory, against the zone's promised 3.
        expect(r.baseline.bars.find((b: Bar) => b.key === 'item:constructionPermit').workingDays).toBe(7);
        expect(r.assumptions).toContain('快速通道按本区承诺时限计算；传统方式按法定时限计算。');
      }
      // 斯诺's plant is a 特殊建设工程 (fire design review); the copper-foil plant is not.
      const snowReport = (await as('auditor').get(`/api/reports/savings?projectId=${snow}`).expect(200)).body;
      expect(snowReport.baseline.bars.map((b: Bar) => b.key)).toContain('item:fireDesignReview');
      const copperReport = (await as('auditor').get(`/api/reports/savings?projectId=${copper}`).expect(200)).body;
      expect(copperReport.baseline.bars.map((b: Bar) => b.key)).not.toContain('item:fireDesignReview');
    });

    it('auditor and admin read any project’s report', async () => {
      await as('auditor').get(`/api/reports/savings?projectId=${copper}`).expect(200);
      await as('admin').get(`/api/reports/savings?projectId=${snow}`).expect(200);
    });

    it('another enterprise, a clerk and an unknown project get the same 404 as for the project', async () => {
      const other = await as('enterprise-copper').get(`/api/reports/savings?projectId=${snow}`).expect(404);
      expect(other.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
      await as('enterprise-copper').get(`/api/projects/${snow}`).expect(404);
      await as('clerk-housing').get(`/api/reports/savings?projectId=${snow}`).expect(404);
      await as('auditor').get('/api/reports/savings?projectId=00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('a missing or malformed projectId is a 400 naming it', async () => {
      const res = await as('auditor').get('/api/reports/savings').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).toContain('projectId');
      await as('auditor').get('/api/reports/savings?projectId=abc').expect(400);
    });

    it('without a token: 401', async () => {
      await t.http().get(`/api/reports/savings?projectId=${snow}`).expect(401);
    });
  });

  describe('GET /api/reports/zone', () => {
    it('auditor: the whole zone — stages, investment, departments, commitments, certificates, days saved', async () => {
      const r = (await as('auditor').get('/api/reports/zone').expect(200)).body;
      expect(r.scope).toBeNull();
      expect(r.projects.total).toBe(2);
      expect(r.projects.filedThisYear).toBe(2);
      expect(r.projects.byStage.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(2);
      expect(r.projects.byStage.map((s: { name: string }) => s.name)).toEqual(
        expect.arrayContaining(['工程建设许可', '竣工验收']),
      );
      expect(r.projects.startedThisYear).toBe(1); // 斯诺's construction permit (铜箔 has not reported its start)
      expect(r.investment).toEqual({ totalWanYuan: 450000, projectsWithoutAmount: 0 });
      const housing = r.departments.find((d: { department: string }) => d.department === 'housing');
      expect(housing).toMatchObject({ name: '住房和城乡建设局', open: expect.any(Number) });
      expect(r.commitments.open).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'tolerance-commitment', kindName: '容缺承诺' })]),
      );
      expect(r.commitments.breaches).toEqual({ total: 0, unrepaired: 0, thisYear: 0 });
      const certificates = r.certificatesPerMonth.reduce((n: number, c: { count: number }) => n + c.count, 0);
      expect(certificates).toBeGreaterThanOrEqual(7); // 斯诺's six + 铜箔's foundation permit
      expect(r.governmentDays.byCategory.map((c: { targetWorkingDays: number }) => c.targetWorkingDays)).toEqual([
        80, 60, 40, 40,
      ]);
      expect(r.savings.projectsCounted).toBe(2);
      expect(r.savings.savedWorkingDays).toBeGreaterThan(0);
    });

    it('the same figures as CSV, UTF-8 with a BOM', async () => {
      const res = await as('admin').get('/api/reports/zone?format=csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      expect(res.text).toContain('分类,项目,数值,说明');
      expect(res.text).toContain('总投资（万元）,450000');
      await as('admin').get('/api/reports/zone?format=xml').expect(400);
    });

    it('a clerk: the projects that reached the department and its own queue only', async () => {
      const r = (await as('clerk-fire').get('/api/reports/zone').expect(200)).body;
      expect(r.scope).toEqual({ department: 'fire', name: '消防救援大队' });
      expect(r.departments.every((d: { department: string }) => d.department === 'fire')).toBe(true);
      // Only 斯诺 reached 消防 (its fire design review); 铜箔 is still in 工程建设许可.
      expect(r.projects.total).toBe(1);
      expect(r.investment.totalWanYuan).toBe(300000);
      expect(r.savings.projectsCounted).toBe(1);
    });

    it('an enterprise or a steward: 403', async () => {
      await as('enterprise-snow').get('/api/reports/zone').expect(403);
      await as('steward').get('/api/reports/zone').expect(403);
    });
  });

  describe('investment amount (万元) on filing', () => {
    const body = {
      name: '投资额测试项目',
      category: 'socialInvestment',
      investorType: 'socialCapital',
      landSupplyMode: 'tenderAuctionListing',
      practices: {
        foundationFirst: false,
        tolerance: false,
        notifyCommit: false,
        jointIssuance: true,
        stagedAcceptance: false,
      },
    };

    it('is required and must be positive, named in the 400', async () => {
      const missing = await as('enterprise-snow').post('/api/projects').send(body).expect(400);
      expect(JSON.stringify(missing.body.details)).toContain('investmentAmount');
      await as('enterprise-snow')
        .post('/api/projects')
        .send({ ...body, investmentAmount: 0 })
        .expect(400);
      await as('enterprise-snow')
        .post('/api/projects')
        .send({ ...body, investmentAmount: '5000' })
        .expect(400);
    });

    it('is kept and shown on the project', async () => {
      const created = await as('enterprise-snow')
        .post('/api/projects')
        .send({ ...body, investmentAmount: 12345.5 })
        .expect(201);
      expect(created.body.investmentAmount).toBe(12345.5);
      const again = await as('enterprise-snow').get(`/api/projects/${created.body.id}`).expect(200);
      expect(again.body.investmentAmount).toBe(12345.5);
    });
  });

  // Filed last: the zone report above counts the demo projects only.
  describe('savings of freshly filed projects: the baseline and the 带方案出让 pre-review (findings xb 8, 17)', () => {
    type Bar = { key: string; start: string; end: string; workingDays: number };
    type Line = { milestones: Record<string, { workingDaysFromStart: number }>; bars: Bar[] };
    const savings = async (industrial: boolean, jointIssuance: boolean, category: string) => {
      const land = category === 'landWithDesignPlan' ? { landSupplyMode: 'withDesignPlan' } : {};
      const body = filingBody(`节省分析${category}${industrial ? '工业' : ''}${jointIssuance ? '联发' : ''}`, {
        jointIssuance,
      });
      const created = await as('enterprise-snow')
        .post('/api/projects')
        .send({ ...body, category, ...land, industrial, civilDefense: 'exempt' })
        .expect(201);
      return (await as('auditor').get(`/api/reports/savings?projectId=${created.body.id}`).expect(200)).body as {
        baseline: Line;
        fastTrack: Line;
        savedWorkingDays: number;
        assumptions: string[];
      };
    };
    const bar = (line: Line, key: string) => line.bars.find((b) => b.key === key);
    const permitDay = (line: Line) => line.milestones.constructionPermit.workingDaysFromStart;

    it('a non-industrial project with 四证联发 has the baseline of the same project without it, and saves no less', async () => {
      const joint = await savings(false, true, 'socialInvestment');
      const alone = await savings(false, false, 'socialInvestment');
      expect(joint.baseline.milestones).toEqual(alone.baseline.milestones);
      expect(permitDay(joint.baseline)).toBe(117);
      expect(bar(joint.baseline, 'wait:constructionDrawingReview')).toBeDefined();
      expect(joint.savedWorkingDays).toBeGreaterThanOrEqual(alone.savedWorkingDays);
      const industrial = await savings(true, true, 'socialInvestment');
      expect(industrial.baseline.milestones).toEqual(joint.baseline.milestones);
      expect(joint.assumptions.join('')).toContain('传统方式与本项目是否联合发证、联发哪几证无关');
    });

    it('带方案出让: the fast track reviews the design plan once the filing is approved, 施工许可 at 24 working days', async () => {
      const r = await savings(false, true, 'landWithDesignPlan');
      const filed = bar(r.fastTrack, 'item:projectFiling');
      expect(bar(r.fastTrack, 'item:designPlanReview')).toMatchObject({ start: filed?.end, workingDays: 10 });
      expect(permitDay(r.fastTrack)).toBe(24);
      expect(permitDay(r.fastTrack) + (bar(r.fastTrack, 'acceptance')?.workingDays ?? 0)).toBe(39);
      // The baseline keeps the catalog's order: the design plan after the land stage.
      expect(bar(r.baseline, 'item:designPlanReview')?.start).toBe(bar(r.baseline, 'item:landUsePlanningPermit')?.end);
      expect(r.assumptions.join('')).toContain('带方案出让：快速通道按本项目的办理流程');
    });
  });
});
