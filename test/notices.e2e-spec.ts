import pdfParse from 'pdf-parse';
import { CommandService } from '../src/cases/command.service';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

describe('notices as PDF (/api/cases/:id/notices)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    await d.create(1, {}); // inserts the test enterprise, which the user refers to
    await t.dataSource.query(
      "INSERT INTO enterprise (id, name) VALUES ('ent-other', '别家企业') ON CONFLICT DO NOTHING",
    );
    owner = await userToken(t, { username: 'notice-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
  });
  afterAll(() => t.close());

  const pdfText = async (path: string, token: string) => {
    const res = await t
      .http()
      .get(path)
      .set('Authorization', token)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return (await pdfParse(res.body as Buffer)).text;
  };

  it('受理 and 准予 each give a numbered notice (文号 gapless per department and year) whose PDF holds title, number and project name', async () => {
    const projectId = await d.create(1, {});
    const [{ name: projectName }] = await t.dataSource.query('SELECT name FROM project WHERE id = $1', [projectId]);
    const itemId = await d.approve(projectId, 'item:projectFiling', 'development');
    const list = (await t.http().get(`/api/cases/${itemId}/notices`).set('Authorization', owner)).body;
    expect(list.map((n: { title: string }) => n.title)).toEqual(['受理通知书', '准予行政许可决定书']);
    for (const n of list) {
      expect(n.number).toMatch(/^随高新发改(受|许)〔\d{4}〕\d{5}号$/);
      const text = await pdfText(`/api/cases/${itemId}/notices/${n.id}/pdf`, owner);
      expect(text).toContain(n.title);
      expect(text).toContain(n.number);
      expect(text).toContain(projectName);
      expect(text).toContain(`verify.html?code=${n.verificationCode}`);
      // The QR code's address verifies publicly.
      const verified = await t.http().get(`/api/verify/${n.verificationCode}`);
      expect(verified.body).toMatchObject({ type: n.title, number: n.number, projectName, statusLabel: '有效' });
    }

    // The next acceptance of the same department takes the next number.
    const next = await d.approve(await d.create(1, {}), 'item:projectFiling', 'development');
    const [again] = (await t.http().get(`/api/cases/${next}/notices`).set('Authorization', owner)).body;
    const serial = (n: string) => Number(n.slice(-6, -1));
    expect(serial(again.number)).toBe(serial(list[0].number) + 1);

    const other = await userToken(t, { username: 'notice-other', role: 'enterprise', enterpriseId: 'ent-other' });
    expect((await t.http().get(`/api/cases/${itemId}/notices`).set('Authorization', other)).status).toBe(404);
    expect(
      (await t.http().get(`/api/cases/${itemId}/notices/${list[0].id}/pdf`).set('Authorization', other)).status,
    ).toBe(404);
  });
});
