import { CommandService } from '../src/cases/command.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { clerk, ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

const pdf = (body: string) => Buffer.from(`%PDF-1.4\n${body}\n%%EOF\n`, 'latin1');

/** Supplying a 容缺 material and completing a 补正 use the uploaded files (issue #23). */
describe('SUPPLY_MATERIAL and COMPLETE_CORRECTION need an uploaded file', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    await d.create(1, {}); // inserts the test enterprise
    await t.dataSource.query(
      "INSERT INTO enterprise (id, name) VALUES ('ent-other', '别家企业') ON CONFLICT DO NOTHING",
    );
    owner = await userToken(t, { username: 'supply-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
  });
  afterAll(() => t.close());

  const upload = (caseId: string, materialCode: string) =>
    t
      .http()
      .post(`/api/cases/${caseId}/materials`)
      .set('Authorization', owner)
      .field('materialCode', materialCode)
      .attach('file', pdf(materialCode), { filename: `${materialCode}.pdf`, contentType: 'application/pdf' });
  const send = (caseId: string, type: string, payload: object, token = owner) =>
    t.http().post(`/api/cases/${caseId}/events`).set('Authorization', token).send({ type, payload });

  it('a 容缺 material is supplied once its file is uploaded (to the commitment or its item)', async () => {
    const projectId = await d.create(
      1,
      { tolerance: true },
      { submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] } },
    );
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    const toleranceId = await d.child(itemId, 'tolerance:1');
    await d.send(toleranceId, 'ACCEPT_TOLERANCE', clerk('planning'));

    const refused = await send(toleranceId, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe('请先上传补交材料的文件：项目备案证明');
    expect((await d.context(toleranceId)).missing.projectFilingProof.status).toBe('missing');

    // Someone who may not act on the case gets the 404 they get for anything of it, not a word about files.
    const other = await userToken(t, { username: 'supply-other', role: 'enterprise', enterpriseId: 'ent-other' });
    expect((await send(toleranceId, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' }, other)).status).toBe(404);

    expect((await upload(toleranceId, 'projectFilingProof')).status).toBe(201);
    const supplied = await send(toleranceId, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });
    expect(supplied.status).toBe(200);
    expect((await d.context(toleranceId)).missing.projectFilingProof.status).toBe('supplied');
  });

  it('a 补正 completes once every requested material has a file uploaded since the request', async () => {
    const projectId = await d.create(1, {});
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    const [a, b] = (await d.context(itemId)).item.materials.map((m: { code: string }) => m.code);
    expect((await upload(itemId, b)).status).toBe(201); // before the request: does not count
    await d.send(itemId, 'REQUEST_CORRECTION', clerk('planning'), { missingMaterials: [a, b] });
    const name = async (code: string) =>
      (await d.context(itemId)).item.materials.find((m: { code: string }) => m.code === code).name;

    const none = await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] });
    expect(none.status).toBe(422);
    expect(none.body.message).toBe(`请先上传补正材料的文件：${await name(a)}、${await name(b)}`);
    expect((await upload(itemId, a)).status).toBe(201);
    const one = await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] });
    expect(one.status).toBe(422);
    expect(one.body.message).toBe(`请先上传补正材料的文件：${await name(b)}`);
    expect((await upload(itemId, b)).status).toBe(201);
    expect((await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] })).status).toBe(200);
  });
});
