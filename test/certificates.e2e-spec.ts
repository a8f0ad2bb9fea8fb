import pdfParse from 'pdf-parse';
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from '../workflows/catalog';
import { CertificateRegistry1796318272708 } from '../src/database/migrations/1796318272708-CertificateRegistry';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { ProjectDriver, STAGES } from './support/project-driver';
import { drivenApp } from './support/driven-app';
import { bytes } from './support/http-bytes';
import type { TestApp } from './support/test-app';

describe('certificates (电子证照): numbers and public verification', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;

  beforeAll(async () => {
    ({ t, d } = await drivenApp());
    owner = await userToken(t, { username: 'cert-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
  });
  afterAll(() => t.close());

  const certificates = async (projectId: string) =>
    (await t.http().get(`/api/projects/${projectId}/certificates`).set('Authorization', owner)).body as {
      type: string;
      number: string;
      status: string;
      verificationCode: string;
      projectName: string;
    }[];

  it('each certificate issued gets the next number of its type and year, with no gaps', async () => {
    const first = await d.create(1, {});
    await d.passStage(first, STAGES.landPlanning);
    const second = await d.create(1, {});
    await d.passStage(second, STAGES.landPlanning);
    const [a] = (await certificates(first)).filter((c) => c.type === '建设用地规划许可证');
    const [b] = (await certificates(second)).filter((c) => c.type === '建设用地规划许可证');
    expect(a.number).toMatch(/^随高新地字第\d{4}\d{5}号$/);
    const serial = (n: string) => Number(n.slice(-6, -1));
    expect(serial(b.number)).toBe(serial(a.number) + 1);
  });

  it('verifies publicly (no token) with only what a bank needs, then shows 已撤销 after a revocation', async () => {
    const projectId = await d.create(1, {});
    await d.passStage(projectId, STAGES.landPlanning);
    const [cert] = (await certificates(projectId)).filter((c) => c.type === '建设用地规划许可证');

    const res = await t.http().get(`/api/verify/${cert.verificationCode}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'documentHash',
        'holder',
        'issuedOn',
        'number',
        'projectName',
        'status',
        'statusLabel',
        'statusNote',
        'type',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      type: '建设用地规划许可证',
      number: cert.number,
      projectName: cert.projectName,
      status: 'valid',
      statusLabel: '有效',
    });
    expect(res.body.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const itemId = await d.child(projectId, 'item:landUsePlanningPermit');
    await d.send(
      itemId,
      'REVOKE',
      { userId: 'u-planning', role: 'clerk', department: 'planning' },
      {
        reason: '申请材料不实',
      },
    );
    const after = await t.http().get(`/api/verify/${cert.verificationCode}`);
    expect(after.body).toMatchObject({ number: cert.number, status: 'revoked', statusLabel: '已撤销' });
    // Why it fails, in words a bank reads: not a code, not the hash alone.
    expect(after.body.statusNote).toMatch(/^核验未通过：[^A-Za-z]*撤销[^A-Za-z]*$/);
    expect(res.body.statusNote).toMatch(/^核验通过/);
    const missing = await t.http().get(`/api/verify/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/^[^A-Za-z]*未找到[^A-Za-z]*$/);
  });

  it('prints as a PDF whose text holds the type, the number and the project name', async () => {
    const projectId = await d.create(1, {});
    await d.passStage(projectId, STAGES.landPlanning);
    const [cert] = (await certificates(projectId)).filter((c) => c.type === '建设用地规划许可证');
    const res = await t
      .http()
      .get(`/api/projects/${projectId}/certificates/${cert.verificationCode}/pdf`)
      .set('Authorization', owner)
      .buffer(true)
      .parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await pdfParse(res.body as Buffer)).text;
    expect(text).toContain('建设用地规划许可证');
    expect(text).toContain(cert.number);
    expect(text).toContain(cert.projectName);
    expect(text).toContain(`verify.html?code=${cert.verificationCode}`);
    const other = await userToken(t, { username: 'cert-other', role: 'enterprise', enterpriseId: 'ent-other' });
    expect(
      (
        await t
          .http()
          .get(`/api/projects/${projectId}/certificates/${cert.verificationCode}/pdf`)
          .set('Authorization', other)
      ).status,
    ).toBe(404);
  });

  it('an unknown or malformed code is a 404 in Chinese', async () => {
    for (const code of ['0'.repeat(32), 'not-a-code']) {
      const res = await t.http().get(`/api/verify/${code}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toContain('未找到该证照');
    }
  });

  it('numbers follow the format the registry holds per certificate type, one for every type of every catalog', async () => {
    const formats: { type: string; template: string }[] = await t.dataSource.query(
      'SELECT type, template FROM certificate_number_format',
    );
    const types = new Set(
      [suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2].flatMap((c) => c.certificateTypes.map((x) => x.code)),
    );
    expect(formats.map((f) => f.type).sort()).toEqual([...types].sort());
    for (const f of formats) expect(f.template).toMatch(/^随高新.*\{year\}\{serial\}号$/);

    // The format is data: a changed template numbers the next certificate of its type.
    await t.dataSource.query(
      "UPDATE certificate_number_format SET template = '随高新试地字〔{year}〕{serial}号' WHERE type = 'landUsePlanningPermit'",
    );
    try {
      const projectId = await d.create(1, {});
      await d.passStage(projectId, STAGES.landPlanning);
      const [cert] = (await certificates(projectId)).filter((c) => c.type === '建设用地规划许可证');
      expect(cert.number).toMatch(/^随高新试地字〔\d{4}〕\d{5}号$/);
    } finally {
      await t.dataSource.query(
        "UPDATE certificate_number_format SET template = '随高新地字第{year}{serial}号' WHERE type = 'landUsePlanningPermit'",
      );
    }
  });

  // Last: it rebuilds the registry of this database.
  it('the migration numbers the certificates issued before it in issue order, keeps revocations; down/up', async () => {
    const rows = async () =>
      t.dataSource.query(
        `SELECT project_id, type, year, serial, number, status FROM certificate ORDER BY type, year, serial`,
      );
    const before = await rows();
    expect(before.some((r: { status: string }) => r.status === 'revoked')).toBe(true);
    const qr = t.dataSource.createQueryRunner();
    try {
      await new CertificateRegistry1796318272708().down(qr);
      await new CertificateRegistry1796318272708().up(qr);
    } finally {
      await qr.release();
    }
    const after = await rows();
    // The same certificates with the same statuses, and per type and year the serials 1…n.
    const key = (r: { project_id: string; type: string; status: string }) => `${r.project_id} ${r.type} ${r.status}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    const serials = new Map<string, number[]>();
    for (const r of after)
      serials.set(`${r.type} ${r.year}`, [...(serials.get(`${r.type} ${r.year}`) ?? []), r.serial]);
    for (const list of serials.values()) expect(list).toEqual(list.map((_, i) => i + 1));
  });
});
