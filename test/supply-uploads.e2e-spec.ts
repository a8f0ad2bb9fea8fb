import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { clerk, ProjectDriver } from './support/project-driver';
import { drivenApp } from './support/driven-app';
import type { TestApp } from './support/test-app';

const pdf = (body: string) => Buffer.from(`%PDF-1.4\n${body}\n%%EOF\n`, 'latin1');

/** Supplying a 容缺 material and completing a 补正 use the uploaded files (issue #23). */
describe('SUPPLY_MATERIAL and COMPLETE_CORRECTION need an uploaded file', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;

  beforeAll(async () => {
    ({ t, d } = await drivenApp());
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

  const offer = async (caseId: string, type: string) => {
    const view = await t.http().get(`/api/cases/${caseId}`).set('Authorization', owner);
    expect(view.status).toBe(200);
    return (view.body.allowedEvents as { type: string; disabledReason?: string; payloadSchema: any }[]).find(
      (e) => e.type === type,
    );
  };
  const offeredMaterials = (e: { payloadSchema: any } | undefined) =>
    (e?.payloadSchema.properties.material.oneOf as { const: string }[]).map((o) => o.const);

  it('offered means accepted: a supply is offered for the materials with a file, disabled with the reason before any', async () => {
    const projectId = await d.create(
      1,
      { tolerance: true },
      { submittedMaterials: { landTitleRegistration: ['applicationForm', 'landGrantContract', 'landPriceReceipt'] } },
    );
    const itemId = await d.accept(projectId, 'item:landTitleRegistration', 'planning');
    await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    const toleranceId = await d.child(itemId, 'tolerance:1');
    await d.send(toleranceId, 'ACCEPT_TOLERANCE', clerk('planning'));
    expect(Object.keys((await d.context(toleranceId)).missing).sort()).toEqual(['cadastralSurvey', 'deedTaxReceipt']);

    // No file yet: listed, disabled, naming what to upload — in the case view, the task list and the project.
    const before = await offer(toleranceId, 'SUPPLY_MATERIAL');
    expect(before?.disabledReason).toBe('请先上传补交材料的文件：契税完税凭证、地籍调查表及宗地图');
    const tasks = await t.http().get('/api/tasks').set('Authorization', owner);
    const task = tasks.body.items.find((x: { instanceId: string }) => x.instanceId === toleranceId);
    expect(task.allowedEvents.find((e: { type: string }) => e.type === 'SUPPLY_MATERIAL').disabledReason).toBe(
      before?.disabledReason,
    );
    const project = await t.http().get(`/api/projects/${projectId}`).set('Authorization', owner);
    expect(JSON.stringify(project.body)).toContain(before!.disabledReason!);

    // One of the two uploaded: exactly that one is offered, and accepted; the other is refused.
    expect((await upload(toleranceId, 'deedTaxReceipt')).status).toBe(201);
    const after = await offer(toleranceId, 'SUPPLY_MATERIAL');
    expect(after?.disabledReason).toBeUndefined();
    expect(offeredMaterials(after)).toEqual(['deedTaxReceipt']);
    const other = await send(toleranceId, 'SUPPLY_MATERIAL', { material: 'cadastralSurvey' });
    expect(other.status).toBe(422);
    expect(other.body.message).toBe('请先上传补交材料的文件：地籍调查表及宗地图');
    const supplied = await send(toleranceId, 'SUPPLY_MATERIAL', { material: 'deedTaxReceipt' });
    expect(supplied.status).toBe(200);
    // The command's answer shows the offer as a read does: the other material still waits for its file.
    const answered = supplied.body.case.allowedEvents.find((e: { type: string }) => e.type === 'SUPPLY_MATERIAL');
    expect(answered.disabledReason).toBe('请先上传补交材料的文件：地籍调查表及宗地图');
  });

  it('a 补正 completes once every requested material has a file uploaded since the request', async () => {
    const projectId = await d.create(1, {});
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    const [a, b] = (await d.context(itemId)).item.materials.map((m: { code: string }) => m.code);
    expect((await upload(itemId, b)).status).toBe(201); // before the request: does not count
    await d.send(itemId, 'REQUEST_CORRECTION', clerk('planning'), { missingMaterials: [a, b] });
    const name = async (code: string) =>
      (await d.context(itemId)).item.materials.find((m: { code: string }) => m.code === code).name;

    expect((await offer(itemId, 'COMPLETE_CORRECTION'))?.disabledReason).toBe(
      `请先上传补正材料的文件：${await name(a)}、${await name(b)}`,
    );
    const none = await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] });
    expect(none.status).toBe(422);
    expect(none.body.message).toBe(`请先上传补正材料的文件：${await name(a)}、${await name(b)}`);
    expect((await upload(itemId, a)).status).toBe(201);
    const one = await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] });
    expect(one.status).toBe(422);
    expect(one.body.message).toBe(`请先上传补正材料的文件：${await name(b)}`);
    expect((await offer(itemId, 'COMPLETE_CORRECTION'))?.disabledReason).toBe(
      `请先上传补正材料的文件：${await name(b)}`,
    );
    expect((await upload(itemId, b)).status).toBe(201);
    expect((await offer(itemId, 'COMPLETE_CORRECTION'))?.disabledReason).toBeUndefined();
    expect((await send(itemId, 'COMPLETE_CORRECTION', { suppliedMaterials: [a, b] })).status).toBe(200);
  });
});
