import { startTestApp, type TestApp } from './support/test-app';
import { userToken } from './support/http-users';

/**
 * The lookups the browser UI's forms use (issue #19): the filing form's items and 容缺清单 for the project's
 * flags, the enterprise picker (an enterprise finds only itself), and the project search by 项目编号.
 */
describe('UI lookups: filing items, enterprises by name, projects by code', () => {
  let t: TestApp;
  let steward: string;
  let enterprise: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(
      "INSERT INTO enterprise (id, name, credit_code) VALUES ('ent-copper', '湖北铜箔科技有限公司', '91421300MA4TEST01X'), ('ent-food', '随州食品有限公司', NULL)",
    );
    steward = await userToken(t, { username: 'lookup-steward', role: 'steward' });
    enterprise = await userToken(t, { username: 'lookup-ent', role: 'enterprise', enterpriseId: 'ent-food' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists the items a project with these flags goes through, with the materials on their tolerance lists', async () => {
    const get = (query: string) => t.http().get(`/api/catalog/filing-items?${query}`).set('Authorization', steward);
    const industrial = (await get('industrial=true').expect(200)).body;
    const other = (await get('industrial=false&specialConstruction=true&civilDefense=shelter').expect(200)).body;
    const codes = (items: { code: string }[]) => items.map((i) => i.code);
    expect(codes(industrial)).not.toEqual(codes(other));
    const tolerable = industrial.flatMap((i: { toleranceAllowed: boolean; materials: { tolerable: boolean }[] }) =>
      i.toleranceAllowed ? i.materials.filter((m) => m.tolerable) : [],
    );
    expect(tolerable.length).toBeGreaterThan(0);
    expect(industrial[0]).toEqual(
      expect.objectContaining({ name: expect.stringMatching(/[\u4e00-\u9fff]/), department: expect.any(Object) }),
    );
    const bad = await get('civilDefense=bunker').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('finds enterprises by part of the name or the credit code; an enterprise may not look them up', async () => {
    const find = (bearer: string, q: string) =>
      t.http().get('/api/enterprises').query({ q }).set('Authorization', bearer).expect(200);
    expect((await find(steward, '铜箔')).body).toEqual([
      { id: 'ent-copper', name: '湖北铜箔科技有限公司', creditCode: '91421300MA4TEST01X' },
    ]);
    expect((await find(steward, '91421300ma4test01x')).body.map((e: { id: string }) => e.id)).toEqual(['ent-copper']);
    await t.http().get('/api/enterprises').query({ q: '有限公司' }).set('Authorization', enterprise).expect(403);
  });

  it('finds a project by its code, as typed, and only that one', async () => {
    const filed = await t
      .http()
      .post('/api/projects')
      .set('Authorization', steward)
      .send({
        name: '编号查询测试项目',
        category: 'socialInvestment',
        investorType: 'socialCapital',
        landSupplyMode: 'tenderAuctionListing',
        investmentAmount: 100,
        practices: {
          foundationFirst: false,
          tolerance: false,
          notifyCommit: false,
          jointIssuance: false,
          stagedAcceptance: false,
        },
        enterpriseId: 'ent-copper',
      })
      .expect(201);
    const auditor = await userToken(t, { username: 'lookup-auditor', role: 'auditor' });
    const list = await t
      .http()
      .get('/api/projects')
      .query({ q: String(filed.body.code).toLowerCase() })
      .set('Authorization', auditor)
      .expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([filed.body.id]);
  });

  it('serves the limits of every field the filing form renders, as CreateProjectDto enforces them', async () => {
    const schemas = (await t.http().get('/api/openapi.json').expect(200)).body.components.schemas;
    const pick = (schema: string, prop: string) => {
      const p = schemas[schema].properties[prop] as Record<string, unknown>;
      return Object.fromEntries(
        ['minLength', 'maxLength', 'minimum', 'maximum', 'maxItems'].filter((k) => k in p).map((k) => [k, p[k]]),
      );
    };
    expect(pick('CreateProjectDto', 'name')).toEqual({ minLength: 2, maxLength: 200 });
    expect(pick('CreateProjectDto', 'investmentAmount')).toEqual({ minimum: 0.01, maximum: 999_999_999_999 });
    expect(pick('CreateProjectDto', 'sections')).toEqual({ maxItems: 50 });
    expect(pick('SectionDto', 'name')).toEqual({ minLength: 1, maxLength: 100 });
    expect(pick('SectionDto', 'area')).toEqual({ minimum: 0 });
    expect(pick('CreateProjectDto', 'permittedFloorArea')).toEqual({ minimum: 0 });
    expect(pick('CreateProjectDto', 'requiredGreenRatio')).toEqual({ minimum: 0, maximum: 1 });
    // The served limit is the one enforced: just over it is refused with a 400, never a 500.
    const over = await t
      .http()
      .post('/api/projects')
      .set('Authorization', enterprise)
      .send({ name: 'x'.repeat(201) });
    expect(over.status).toBe(400);
  });
});
