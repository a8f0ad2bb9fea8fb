import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandService } from '../src/cases/command.service';
import { AppException } from '../src/common/errors/app-exception';
import { VirusScanner } from '../src/documents/virus-scanner';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { clerk, ProjectDriver } from './support/project-driver';
import { drivenApp } from './support/driven-app';
import { bytes } from './support/http-bytes';
import type { TestApp } from './support/test-app';

const MAX = 4096;
const pdf = (body: string) => Buffer.from(`%PDF-1.4\n${body}\n%%EOF\n`, 'latin1');

describe('materials as files (/api/cases/:id/materials)', () => {
  let t: TestApp;
  let blobDir: string;
  let itemId: string;
  let owner: string;

  beforeAll(async () => {
    blobDir = mkdtempSync(join(tmpdir(), 'blobs-'));
    const app = await drivenApp({ BLOB_DIR: blobDir, MATERIAL_MAX_BYTES: String(MAX) });
    t = app.t;
    itemId = await app.d.child(app.projectId, 'item:landUsePlanningPermit');
    owner = await userToken(t, { username: 'mat-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
  });
  afterAll(async () => {
    await t.close();
    rmSync(blobDir, { recursive: true, force: true });
  });

  const upload = (token: string, content: Buffer, fileName: string, materialCode = 'siteRedLine') => {
    // filepath, not filename: form-data would cut a filename to its last part before sending it. (A variable,
    // because superagent's type of the options does not list filepath, which it passes on to form-data.)
    const options = { filepath: fileName, contentType: 'application/pdf' };
    return t
      .http()
      .post(`/api/cases/${itemId}/materials`)
      .set('Authorization', token)
      .field('materialCode', materialCode)
      .attach('file', content, options);
  };
  const seqOf = async () =>
    (await t.dataSource.query('SELECT seq FROM workflow_instance WHERE id = $1', [itemId]))[0].seq as number;
  const stored = async () => ({
    rows: Number((await t.dataSource.query('SELECT count(*) AS n FROM material_file'))[0].n),
    blobs: readdirSync(blobDir).length,
  });

  it('an upload comes back byte-identical, and its SHA-256 is in the hash-chained MATERIAL_UPLOADED event', async () => {
    const content = pdf('宗地红线图 '.repeat(20));
    const res = await upload(owner, content, '宗地红线图.pdf');
    expect(res.status).toBe(201);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(res.body).toMatchObject({
      materialCode: 'siteRedLine',
      materialName: '宗地红线图',
      fileName: '宗地红线图.pdf',
      mediaType: 'application/pdf',
      size: content.length,
      sha256,
    });

    const down = await t
      .http()
      .get(`/api/cases/${itemId}/materials/${res.body.id}`)
      .set('Authorization', owner)
      .buffer(true)
      .parse(bytes);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(down.body as Buffer, content)).toBe(0);

    const history = await t.http().get(`/api/cases/${itemId}/history`).set('Authorization', owner);
    const events: { seq: number; type: string; payload: Record<string, unknown> }[] =
      history.body.events ?? history.body;
    const event = events.find((e) => e.type === 'MATERIAL_UPLOADED');
    expect(event?.payload).toEqual({
      fileId: res.body.id,
      materialCode: 'siteRedLine',
      fileName: '宗地红线图.pdf',
      size: content.length,
      mediaType: 'application/pdf',
      sha256,
    });
    expect(event?.seq).toBe(res.body.eventSeq);
    // The chain and the replay both accept the new event.
    const verify = await t.http().get(`/api/cases/${itemId}/verify`).set('Authorization', owner);
    expect(verify.body.ok).toBe(true);

    const list = await t.http().get(`/api/cases/${itemId}/materials`).set('Authorization', owner);
    expect(list.body.map((f: { id: string }) => f.id)).toContain(res.body.id);
    // The item's state did not move.
    const view = await t.http().get(`/api/cases/${itemId}`).set('Authorization', owner);
    expect(view.body.allowedEvents.length).toBeGreaterThan(0);
  });

  it('a steward uploads on the enterprise’s behalf; a clerk may not upload (403)', async () => {
    const projectId = (await t.dataSource.query('SELECT project_id FROM workflow_instance WHERE id = $1', [itemId]))[0]
      .project_id as string;
    const steward = await userToken(t, { username: 'mat-steward', role: 'steward', assignedProjectIds: [projectId] });
    const res = await upload(steward, pdf('代办'), '代办.pdf');
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query(
      'SELECT actor_role, on_behalf_of FROM workflow_event WHERE instance_id = $1 AND seq = $2',
      [itemId, res.body.eventSeq],
    );
    expect(row).toEqual({ actor_role: 'steward', on_behalf_of: ENTERPRISE_ID });
    const clerk = await userToken(t, { username: 'mat-window', role: 'clerk', department: 'window' });
    expect((await upload(clerk, pdf('x'), 'x.pdf')).status).toBe(403);
  });

  it.each([
    [
      'an executable renamed .pdf',
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]),
      'setup.pdf',
      415,
      '只接受',
    ],
    ['an empty file', Buffer.alloc(0), 'empty.pdf', 400, '空'],
    ['a file over the limit', pdf('x'.repeat(MAX + 10)), 'big.pdf', 413, '大小上限'],
    ['a traversal name', pdf('x'), '../../etc/passwd.pdf', 400, '路径'],
    ['a backslash name', pdf('x'), '..\\evil.pdf', 400, '路径'],
  ])('%s is refused with a zh-CN message and leaves nothing behind', async (_, content, name, status, text) => {
    const before = { seq: await seqOf(), ...(await stored()) };
    const res = await upload(owner, content, name);
    expect(res.status).toBe(status);
    expect(res.body.message).toContain(text);
    expect({ seq: await seqOf(), ...(await stored()) }).toEqual(before);
  });

  it('a file the virus-scanner hook flags is refused and stores nothing', async () => {
    const scanner = t.app.get(VirusScanner);
    const scan = jest.spyOn(scanner, 'scan').mockResolvedValueOnce({ clean: false, finding: 'EICAR-Test-File' });
    const before = { seq: await seqOf(), ...(await stored()) };
    const res = await upload(owner, pdf('x'), 'x.pdf');
    expect(scan).toHaveBeenCalledTimes(1);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('病毒扫描');
    expect({ seq: await seqOf(), ...(await stored()) }).toEqual(before);
  });

  it('when the transaction fails after the blob was put, the blob is removed', async () => {
    const record = jest
      .spyOn(t.app.get(CommandService), 'record')
      .mockRejectedValueOnce(new AppException('VERSION_CONFLICT', '案件已被他人修改'));
    const before = { seq: await seqOf(), ...(await stored()) };
    const res = await upload(owner, pdf('x'), 'x.pdf');
    expect(record).toHaveBeenCalledTimes(1);
    expect(res.status).toBe(409);
    expect({ seq: await seqOf(), ...(await stored()) }).toEqual(before);
  });

  it('a material code the item does not have is refused (400) and stores nothing', async () => {
    const before = await stored();
    const res = await upload(owner, pdf('x'), 'x.pdf', 'designPlanText');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('没有这项材料');
    expect(await stored()).toEqual(before);
  });

  it('the case view offers 上传材料 exactly when the route accepts it: open item, finished item, project case, clerk', async () => {
    const d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    const projectId = await d.create(1, {});
    const openId = await d.child(projectId, 'item:landUsePlanningPermit');
    const doneId = await d.accept(projectId, 'item:landTitleRegistration', 'planning');
    await d.send(doneId, 'REFUSE', clerk('planning'), { reason: '不符' });
    expect(await d.state(doneId)).toBe('refused');
    const planner = await userToken(t, { username: 'mat-planning', role: 'clerk', department: 'planning' });
    const cases: [string, string, string][] = [
      ['open item', openId, owner],
      ['finished item', doneId, owner],
      ['project case', projectId, owner],
      ['clerk on a finished item', doneId, planner],
    ];
    const seen = [];
    for (const [name, id, token] of cases) {
      const view = await t.http().get(`/api/cases/${id}`).set('Authorization', token);
      expect(view.status).toBe(200);
      const offer: { allowed: boolean; reason: string | null } = view.body.upload;
      const res = await t
        .http()
        .post(`/api/cases/${id}/materials`)
        .set('Authorization', token)
        .field('materialCode', 'siteRedLine')
        .attach('file', pdf(name), { filename: 'a.pdf', contentType: 'application/pdf' });
      // Offered means accepted, and a refusal the view explains is the route's own words.
      expect(res.status === 201).toBe(offer.allowed);
      if (offer.reason) expect(res.body.message).toBe(offer.reason);
      seen.push([name, offer, res.status]);
    }
    expect(seen).toEqual([
      ['open item', { allowed: true, reason: null }, 201],
      ['finished item', { allowed: false, reason: '该事项已办结，不能再上传材料' }, 422],
      ['project case', { allowed: false, reason: null }, 422],
      ['clerk on a finished item', { allowed: false, reason: null }, 403],
    ]);
  });

  it('another enterprise gets 404 for the list, the download and an upload', async () => {
    const [file] = (await t.http().get(`/api/cases/${itemId}/materials`).set('Authorization', owner)).body;
    const other = await userToken(t, { username: 'mat-other', role: 'enterprise', enterpriseId: 'ent-other' });
    expect((await t.http().get(`/api/cases/${itemId}/materials/${file.id}`).set('Authorization', other)).status).toBe(
      404,
    );
    expect((await t.http().get(`/api/cases/${itemId}/materials`).set('Authorization', other)).status).toBe(404);
    expect((await upload(other, pdf('x'), 'x.pdf')).status).toBe(404);
  });
});
