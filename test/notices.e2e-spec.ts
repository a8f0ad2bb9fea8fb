import pdfParse from 'pdf-parse';
import { AuditService } from '../src/audit/audit.service';
import { CommandService } from '../src/cases/command.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { clerk, ProjectDriver, STAGES } from './support/project-driver';
import { drivenApp } from './support/driven-app';
import { bytes } from './support/http-bytes';
import type { TestApp } from './support/test-app';

interface NoticeView {
  id: string;
  kind: string;
  title: string;
  number: string;
  verificationCode: string;
  sha256: string;
  storedSeq: number;
}

describe('notices as PDF (/api/cases/:id/notices)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;

  beforeAll(async () => {
    ({ t, d } = await drivenApp());
    owner = await userToken(t, { username: 'notice-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
  });
  afterAll(() => t.close());

  const download = async (path: string, token = owner): Promise<Buffer> => {
    const res = await t.http().get(path).set('Authorization', token).buffer(true).parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return res.body as Buffer;
  };
  const pdfText = async (caseId: string, n: NoticeView) =>
    (await pdfParse(await download(`/api/cases/${caseId}/notices/${n.id}/pdf`))).text.replace(/\s+/g, '');
  const notices = async (caseId: string): Promise<NoticeView[]> => {
    const res = await t.http().get(`/api/cases/${caseId}/notices`).set('Authorization', owner);
    expect(res.status).toBe(200);
    return res.body;
  };
  const projectName = async (projectId: string): Promise<string> =>
    (await t.dataSource.query('SELECT name FROM project WHERE id = $1', [projectId]))[0].name;
  const materialName = async (itemId: string, code: string): Promise<string> =>
    (await d.context(itemId)).item.materials.find((m: { code: string }) => m.code === code).name;

  /** The one notice of `title` of a case: its PDF text (whitespace removed) holds title, number and project name. */
  const theNotice = async (caseId: string, projectId: string, title: string) => {
    const found = (await notices(caseId)).filter((n) => n.title === title);
    expect(found).toHaveLength(1);
    const [n] = found;
    expect(n.number).toMatch(/^随高新.+〔\d{4}〕\d{5}号$/);
    const text = await pdfText(caseId, n);
    expect(text).toContain(n.title);
    expect(text).toContain(n.number);
    expect(text).toContain(await projectName(projectId));
    expect(text).toContain(`verify.html?code=${n.verificationCode}`);
    return { notice: n, text };
  };

  it('受理 and 准予 each give a numbered notice (文号 gapless per department and year) whose PDF holds title, number and project name', async () => {
    const projectId = await d.create(1, {});
    const name = await projectName(projectId);
    const itemId = await d.approve(projectId, 'item:projectFiling', 'development');
    const list = await notices(itemId);
    expect(list.map((n) => n.title)).toEqual(['受理通知书', '准予行政许可决定书']);
    for (const n of list) {
      expect(n.number).toMatch(/^随高新发改(受|许)〔\d{4}〕\d{5}号$/);
      const text = await pdfText(itemId, n);
      expect(text).toContain(n.title);
      expect(text).toContain(n.number);
      expect(text).toContain(name);
      // The QR code's address verifies publicly; the hash shown is the stored PDF's.
      const verified = await t.http().get(`/api/verify/${n.verificationCode}`);
      expect(verified.body).toMatchObject({ type: n.title, number: n.number, projectName: name, statusLabel: '有效' });
      expect(verified.body.documentHash).toBe(n.sha256);
    }

    // The next acceptance of the same department takes the next number.
    const next = await d.approve(await d.create(1, {}), 'item:projectFiling', 'development');
    const [again] = await notices(next);
    const serial = (n: string) => Number(n.slice(-6, -1));
    expect(serial(again.number)).toBe(serial(list[0].number) + 1);

    const other = await userToken(t, { username: 'notice-other', role: 'enterprise', enterpriseId: 'ent-other' });
    expect((await t.http().get(`/api/cases/${itemId}/notices`).set('Authorization', other)).status).toBe(404);
    expect(
      (await t.http().get(`/api/cases/${itemId}/notices/${list[0].id}/pdf`).set('Authorization', other)).status,
    ).toBe(404);
  });

  it('a notice is stored once: every download is the same bytes, whose SHA-256 the hash-chained NOTICE_STORED event holds', async () => {
    const projectId = await d.create(1, {});
    const itemId = await d.accept(projectId, 'item:projectFiling', 'development');
    // Two first readers at once: one stored PDF, one event.
    const [a, b] = await Promise.all([notices(itemId), notices(itemId)]);
    expect(a[0].sha256).toBe(b[0].sha256);
    const first = await download(`/api/cases/${itemId}/notices/${a[0].id}/pdf`);
    const second = await download(`/api/cases/${itemId}/notices/${a[0].id}/pdf`);
    expect(second.equals(first)).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(first).digest('hex')).toBe(a[0].sha256);
    const events: { seq: number; type: string; payload: Record<string, unknown>; hash: string }[] =
      await t.dataSource.query(
        "SELECT seq, type, payload, hash FROM workflow_event WHERE instance_id = $1 AND type = 'NOTICE_STORED'",
        [itemId],
      );
    expect(events).toEqual([
      expect.objectContaining({
        seq: a[0].storedSeq,
        payload: { noticeId: a[0].id, number: a[0].number, sha256: a[0].sha256 },
      }),
    ]);
    // The history still verifies and replays with the event in it.
    expect((await t.app.get(AuditService).verify(itemId)).ok).toBe(true);
    // The case goes on past it.
    await d.send(itemId, 'APPROVE', clerk('development'), { opinion: '同意' });
    expect((await notices(itemId)).map((n) => n.title)).toEqual(['受理通知书', '准予行政许可决定书']);
  });

  it('不予受理决定书 gives the reason, numbered by who refused (the department or the window)', async () => {
    const projectId = await d.create(1, {});
    const itemId = await d.child(projectId, 'item:projectFiling');
    await d.send(itemId, 'WINDOW_ACCEPT', clerk('window'));
    await d.send(itemId, 'REJECT_OUT_OF_SCOPE', clerk('development'), { reason: '不属于本部门职权范围' });
    const { notice, text } = await theNotice(itemId, projectId, '不予受理决定书');
    expect(notice.number).toMatch(/^随高新发改不受〔/);
    expect(text).toContain('不属于本部门职权范围');

    // Not accepted at the window: the service centre's notice, numbered in its own series.
    const atWindow = await d.child(projectId, 'item:landTitleRegistration');
    await d.send(atWindow, 'NOT_ACCEPT', clerk('window'), { reason: '申请人主体不适格' });
    const w = await theNotice(atWindow, projectId, '不予受理决定书');
    expect(w.notice.number).toMatch(/^随高新政服不受〔/);
    expect(w.text).toContain('综合窗口');
  });

  it('补正材料通知书 tells everything at once: every material by name', async () => {
    const projectId = await d.create(1, {});
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    const codes = (await d.context(itemId)).item.materials.slice(0, 2).map((m: { code: string }) => m.code);
    await d.send(itemId, 'REQUEST_CORRECTION', clerk('planning'), { missingMaterials: codes, note: '请加盖公章' });
    const { notice, text } = await theNotice(itemId, projectId, '补正材料通知书');
    expect(notice.number).toMatch(/^随高新规补〔/);
    for (const code of codes) expect(text).toContain(await materialName(itemId, code));
    expect(text).toContain('一次性告知');
  });

  it('容缺受理通知书 lists the missing materials and carries the enterprise’s 容缺承诺书', async () => {
    const projectId = await d.create(
      1,
      { tolerance: true },
      { submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] } },
    );
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    await d.send(await d.child(itemId, 'tolerance:1'), 'ACCEPT_TOLERANCE', clerk('planning'));
    const { notice, text } = await theNotice(itemId, projectId, '容缺受理通知书');
    expect(notice.number).toMatch(/^随高新规容〔/);
    expect(text).toContain('容缺受理承诺书');
    for (const code of (await d.context(itemId)).tolerance.missingMaterials) {
      expect(text).toContain(await materialName(itemId, code));
    }
    await d.send(itemId, 'APPROVE_WITH_TOLERANCE', clerk('planning'), { opinion: '容缺通过' });
    await theNotice(itemId, projectId, '准予行政许可决定书');
  });

  it('告知承诺书 lists the conditions committed to; the decision on it is a 准予行政许可决定书', async () => {
    const projectId = await d.create(1, { notifyCommit: true });
    await d.passStage(projectId, STAGES.landPlanning);
    await d.approve(projectId, 'item:designPlanReview', 'planning');
    const itemId = await d.accept(projectId, 'item:engineeringPlanningPermit', 'planning');
    await d.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', actors.enterprise, {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const { notice, text } = await theNotice(itemId, projectId, '告知承诺书');
    expect(notice.number).toMatch(/^随高新规承〔/);
    expect(text).toContain('建筑退让符合规划条件');
    await d.send(await d.child(itemId, 'notifyCommitment:1'), 'DECIDE_ON_COMMITMENT', clerk('planning'));
    await theNotice(itemId, projectId, '准予行政许可决定书');
  });

  it('不予行政许可决定书 and 撤销决定书 give the reason', async () => {
    const refusedProject = await d.create(1, {});
    const refused = await d.accept(refusedProject, 'item:projectFiling', 'development');
    await d.send(refused, 'REFUSE', clerk('development'), { reason: '不符合产业政策' });
    const r = await theNotice(refused, refusedProject, '不予行政许可决定书');
    expect(r.notice.number).toMatch(/^随高新发改不许〔/);
    expect(r.text).toContain('不符合产业政策');

    const revokedProject = await d.create(1, {});
    await d.passStage(revokedProject, STAGES.landPlanning);
    const revoked = await d.child(revokedProject, 'item:landUsePlanningPermit');
    await d.send(revoked, 'REVOKE', clerk('planning'), { reason: '申请材料不实' });
    const v = await theNotice(revoked, revokedProject, '撤销决定书');
    expect(v.notice.number).toMatch(/^随高新规撤〔/);
    expect(v.text).toContain('申请材料不实');
  });

  it('the joint issuance notice (四证联发) lists the certificates issued together', async () => {
    const projectId = await d.create(1, { jointIssuance: true });
    for (const stage of [STAGES.landPlanning, STAGES.engineeringPermit, STAGES.constructionPermit]) {
      await d.passStage(projectId, stage);
    }
    const { notice, text } = await theNotice(projectId, projectId, '联合发证通知书');
    expect(notice.number).toMatch(/^随高新政服联〔/);
    expect(text).toContain('四证联发');
    expect(text).toContain('建筑工程施工许可证');
  });

  describe('文号 without gaps', () => {
    const serials = async (department: string, kind: string): Promise<number[]> =>
      (
        await t.dataSource.query(
          'SELECT serial FROM notice WHERE department = $1 AND kind = $2 ORDER BY year DESC, serial',
          [department, kind],
        )
      ).map((r: { serial: number }) => r.serial);
    const gapless = (s: number[]) => expect(s).toEqual(s.map((_, i) => i + 1));

    it('concurrent acceptances in one department take consecutive numbers, none twice', async () => {
      const projects = await Promise.all([1, 2, 3, 4, 5, 6].map(() => d.create(1, {})));
      const items = await Promise.all(projects.map((p) => d.child(p, 'item:landTitleRegistration')));
      await Promise.all(items.map((i) => d.send(i, 'WINDOW_ACCEPT', clerk('window'))));
      await Promise.all(items.map((i) => d.send(i, 'DEPARTMENT_ACCEPT', clerk('planning'))));
      const s = await serials('planning', 'acceptance');
      expect(s.length).toBeGreaterThanOrEqual(6);
      gapless(s);
    });

    it('a rolled-back event gives its number back: the next notice takes it', async () => {
      const commands = t.app.get(CommandService);
      const before = await serials('development', 'refusal');
      const itemId = await d.accept(await d.create(1, {}), 'item:projectFiling', 'development');
      await expect(
        commands.transaction(async (m) => {
          const r = await commands.apply(m, {
            instanceId: itemId,
            type: 'REFUSE',
            payload: { reason: '回滚' },
            actor: clerk('development'),
          });
          expect(r.ok).toBe(true);
          // the acceptance's notice, and the refusal's, to be numbered at commit
          const issued = await m.query(
            'SELECT 1 FROM notice WHERE instance_id = $1 UNION ALL SELECT 1 FROM notice_pending WHERE instance_id = $1',
            [itemId],
          );
          expect(issued.length).toBe(2);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await serials('development', 'refusal')).toEqual(before);
      await d.send(itemId, 'REFUSE', clerk('development'), { reason: '不符合产业政策' });
      const after = await serials('development', 'refusal');
      expect(after).toEqual([...before, before.length + 1]);
      gapless(after);
    });
  });
});
