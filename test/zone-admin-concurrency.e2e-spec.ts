import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { YEAR_2027 } from './projects-support';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';

/**
 * Whole-object edits (作战图, project team, user, holiday year) take If-Match: a stale version is 409 with a
 * Chinese message and nothing written; of two writes holding the same version exactly one wins.
 */
describe('If-Match on the zone and admin edits (real PostgreSQL)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let projectId: string;
  let stewardId: string;
  let leaderId: string;
  const get = (who: string, url: string) => t.http().get(url).set('Authorization', tokens[who]);
  const write = (who: string, method: 'put' | 'patch', url: string, body: object, ifMatch?: string) => {
    const r = t.http()[method](url).set('Authorization', tokens[who]);
    return ifMatch === undefined ? r.send(body) : r.set('If-Match', ifMatch).send(body);
  };
  const projectBody = (name: string) => ({
    name,
    category: 'socialInvestment',
    investorType: 'socialCapital',
    landSupplyMode: 'tenderAuctionListing',
    investmentAmount: 5000,
    practices: { ...NO_PRACTICES },
  });
  const idOf = async (username: string) =>
    (await t.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id as string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ifm-ent', '丙公司')`);
    for (const [key, spec] of [
      ['ent', { username: 'ifm-ent', role: 'enterprise', enterpriseId: 'ifm-ent' }],
      ['steward', { username: 'ifm-steward', role: 'steward' }],
      ['leader', { username: 'ifm-leader', role: 'leader' }],
      ['admin', { username: 'ifm-admin', role: 'admin' }],
    ] as [string, Parameters<typeof userToken>[1]][])
      tokens[key] = await userToken(t, spec);
    stewardId = await idOf('ifm-steward');
    leaderId = await idOf('ifm-leader');
    projectId = (
      await t.http().post('/api/projects').set('Authorization', tokens.ent).send(projectBody('丙公司项目')).expect(201)
    ).body.id;
    await write('admin', 'put', `/api/projects/${projectId}/team`, {
      keyProject: false,
      stewardUserId: stewardId,
    }).expect(200);
  });
  afterAll(() => t?.close());

  /** One whole-object edit: where it is read and written, and how to tell which body was written last. */
  interface Route {
    who: string;
    read: string;
    method: 'put' | 'patch';
    url: string;
    version: (body: Record<string, unknown>) => number;
    bodies: [object, object, object];
    /** What of the read tells which body was written last. */
    written: (body: Record<string, unknown>) => unknown;
    expected: (body: object) => unknown;
    message: string;
    /** The read serves its version as the ETag too (a single object's GET; not a list). */
    etag?: boolean;
    /** What must exist before the first read. */
    before?: () => Promise<unknown>;
  }

  const milestones = (day: string) => ({ milestones: [{ code: 'signing', plannedOn: day }] });
  const team = (leader: string | null) => ({ keyProject: true, leaderUserId: leader, stewardUserId: stewardId });
  const year = (source: string) => ({ ...YEAR_2027, source });
  const listed = (list: Record<string, unknown>[]) => list.find((x) => x.id === leaderId)!;

  /** The routes, built when run (the ids exist only after beforeAll). */
  const routes: [string, () => Route][] = [
    [
      '作战图: PUT /api/projects/:id/milestones',
      () => ({
        who: 'steward',
        read: `/api/projects/${projectId}/milestones`,
        method: 'put',
        url: `/api/projects/${projectId}/milestones`,
        version: (b) => Number(b.version),
        bodies: [milestones('2027-01-01'), milestones('2027-02-01'), milestones('2027-03-01')],
        written: (b) => (b.milestones as { plannedOn: string }[]).map((x) => x.plannedOn),
        expected: (b) => (b as ReturnType<typeof milestones>).milestones.map((x) => x.plannedOn),
        message: '作战图已被他人修改，请刷新后重试',
        etag: true,
      }),
    ],
    [
      '项目服务团队: PUT /api/projects/:id/team',
      () => ({
        who: 'admin',
        read: `/api/projects/${projectId}/team`,
        method: 'put',
        url: `/api/projects/${projectId}/team`,
        version: (b) => Number(b.version),
        bodies: [team(leaderId), team(null), team(leaderId)],
        written: (b) => (b.leader as { id: string } | null)?.id ?? null,
        expected: (b) => (b as ReturnType<typeof team>).leaderUserId,
        message: '项目服务团队已被他人修改，请刷新后重试',
        etag: true,
      }),
    ],
    [
      '用户管理: PATCH /api/users/:id (version from the list)',
      () => ({
        who: 'admin',
        read: '/api/users',
        method: 'patch',
        url: `/api/users/${leaderId}`,
        version: (b) => Number(Array.isArray(b) ? listed(b).version : b.version),
        bodies: [{ displayName: '项目长甲' }, { displayName: '项目长乙' }, { displayName: '项目长丙' }],
        written: (b) => (Array.isArray(b) ? listed(b).displayName : b.displayName),
        expected: (b) => (b as { displayName: string }).displayName,
        message: '用户信息已被他人修改，请刷新后重试',
      }),
    ],
    [
      '节假日安排: PUT /api/calendar/years/:year',
      () => ({
        who: 'admin',
        read: '/api/calendar/years/2027',
        method: 'put',
        url: '/api/calendar/years/2027',
        version: (b) => Number(b.version),
        bodies: [year('甲'), year('乙'), year('丙')],
        written: (b) => b.source,
        expected: (b) => (b as { source: string }).source,
        message: '节假日安排已被他人修改，请刷新后重试',
        etag: true,
        before: () => write('admin', 'put', '/api/calendar/years/2027', year('初版')).expect(200),
      }),
    ],
  ];

  /** Stale → 409 and unchanged; fresh → 200 with the next version; two writes with one version → one 200, one 409. */
  it.each(routes)('%s', async (_title, route) => {
    const o = route();
    await o.before?.();
    const first = await get(o.who, o.read).expect(200);
    const v0 = o.version(first.body);
    if (o.etag) expect(first.headers.etag).toBe(`"${v0}"`);
    const [a, b, c] = o.bodies;
    const ok = await write(o.who, o.method, o.url, a, `"${v0}"`).expect(200);
    const v1 = o.version(ok.body);
    expect(v1).toBe(v0 + 1);
    expect(o.written((await get(o.who, o.read).expect(200)).body)).toEqual(o.expected(a));

    // Someone who read v0 saves after that: refused, in Chinese, and a's content stays.
    const stale = await write(o.who, o.method, o.url, b, `"${v0}"`).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', message: o.message });
    expect(o.written((await get(o.who, o.read).expect(200)).body)).toEqual(o.expected(a));

    // Two people holding v1 save at once: exactly one wins, and what is stored is the winner's.
    const results = await Promise.all([
      write(o.who, o.method, o.url, b, `"${v1}"`),
      write(o.who, o.method, o.url, c, `W/"${v1}"`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results[0].status === 200 ? b : c;
    const after = (await get(o.who, o.read).expect(200)).body;
    expect(o.written(after)).toEqual(o.expected(winner));
    expect(o.version(after)).toBe(v1 + 1);

    // Without If-Match the last writer wins, as before.
    await write(o.who, o.method, o.url, a).expect(200);
    expect(o.written((await get(o.who, o.read).expect(200)).body)).toEqual(o.expected(a));
  });

  it('the holiday years list (what the import form reads) carries the same version as the year', async () => {
    const url = '/api/calendar/years/2027';
    const listedYear = (await get('admin', '/api/calendar/years').expect(200)).body.find(
      (y: { year: number }) => y.year === 2027,
    );
    expect(listedYear.version).toBe((await get('admin', url).expect(200)).body.version);
  });

  /** The version the admin's user list shows for an account. */
  const userVersion = async (id: string) =>
    ((await get('admin', '/api/users').expect(200)).body as { id: string; version: number }[]).find((x) => x.id === id)!
      .version;

  it('a team change moves the version of the accounts whose projects it changed', async () => {
    const before = await userVersion(leaderId);
    const current = (await get('admin', `/api/projects/${projectId}/team`).expect(200)).body;
    const leaderUserId = current.leader?.id === leaderId ? null : leaderId;
    await write('admin', 'put', `/api/projects/${projectId}/team`, {
      keyProject: true,
      leaderUserId,
      stewardUserId: stewardId,
    }).expect(200);
    expect(await userVersion(leaderId)).toBe(before + 1);
    await write('admin', 'patch', `/api/users/${leaderId}`, { displayName: '旧表单' }, `"${before}"`).expect(409);
  });

  it('a steward filing a project moves their account’s version: a form read before cannot drop the project', async () => {
    const before = await userVersion(stewardId);
    const assigned = (await get('admin', '/api/users').expect(200)).body.find((x: { id: string }) => x.id === stewardId)
      .assignedProjectIds as string[];
    const filed = (
      await t
        .http()
        .post('/api/projects')
        .set('Authorization', tokens.steward)
        .send({ ...projectBody('丙公司二期'), enterpriseId: 'ifm-ent' })
        .expect(201)
    ).body.id;
    expect(await userVersion(stewardId)).toBe(before + 1);
    await write('admin', 'patch', `/api/users/${stewardId}`, { assignedProjectIds: assigned }, `"${before}"`).expect(
      409,
    );
    const now = (await get('admin', '/api/users').expect(200)).body.find((x: { id: string }) => x.id === stewardId);
    expect(now.assignedProjectIds).toContain(filed);
  });

  it('an If-Match that is not a version is a 400 in Chinese', async () => {
    const r = await write('steward', 'put', `/api/projects/${projectId}/milestones`, { milestones: [] }, 'abc').expect(
      400,
    );
    expect(r.body.message).toMatch(/If-Match/);
    expect(r.body.message).toMatch(/版本/);
  });
});
