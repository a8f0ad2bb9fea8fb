import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { as, type Http } from './projects-support';

describe('GET /api/definitions (real PostgreSQL)', () => {
  let t: TestApp;
  let user: Http;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ent-a', '甲公司')`);
    user = as(t, await userToken(t, { username: 'ent-a-1', role: 'enterprise', enterpriseId: 'ent-a' }));
  });
  afterAll(() => t?.close());

  it('lists every definition with its versions and zh-CN event labels', async () => {
    const res = await user.get('/api/definitions').expect(200);
    const byId = Object.fromEntries(res.body.map((d: { id: string }) => [d.id, d]));
    expect(byId['project-case']).toMatchObject({
      latestVersion: 11,
      versions: [
        { version: 1, title: '项目（四证联发）' },
        { version: 2, title: '项目（六证联发）' },
        { version: 3, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 4, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 5, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 6, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 7, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 8, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 9, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 10, title: '项目（六证联发（工业项目）/四证联发）' },
        { version: 11, title: '项目（六证联发（工业项目）/四证联发）' },
      ],
    });
    expect(byId['approval-item'].eventLabels).toMatchObject({ WINDOW_ACCEPT: '窗口受理', APPROVE: '办结（通过）' });
  });

  it('answers a version with events (roles, payload schemas), the input schema and a Mermaid diagram', async () => {
    const res = await user.get('/api/definitions/approval-item/1').expect(200);
    expect(res.body).toMatchObject({ id: 'approval-item', version: 1, title: '事项实例', latestVersion: 4 });
    const accept = res.body.events.find((e: { type: string }) => e.type === 'WINDOW_ACCEPT');
    expect(accept).toMatchObject({ label: '窗口受理', roles: ['clerk'], payloadSchema: { type: 'object' } });
    expect(res.body.inputSchema.required).toEqual(expect.arrayContaining(['projectId', 'itemCode']));
    expect(res.body.mermaid).toMatch(/^stateDiagram-v2\n/);
    expect(res.body.mermaid).toContain(
      'approvalItem_received --> approvalItem_windowAccepted : 窗口受理 WINDOW_ACCEPT',
    );
    const project = await user.get('/api/definitions/project-case/2').expect(200);
    expect(project.body.inputSchema.properties.practices).toBeDefined();
  });

  it.each(['/api/definitions/nothing/1', '/api/definitions/approval-item/99', '/api/definitions/approval-item/one'])(
    '%s → 404',
    async (url) => {
      const res = await user.get(url).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    },
  );

  it('is documented in OpenAPI with the project and task routes', async () => {
    const doc = (await t.http().get('/api/openapi.json').expect(200)).body;
    for (const path of [
      '/api/projects',
      '/api/projects/{id}',
      '/api/tasks',
      '/api/definitions',
      '/api/definitions/{id}/{version}',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/projects'].post.responses['201'].content['application/json'].schema.example).toBeDefined();
  });
});
