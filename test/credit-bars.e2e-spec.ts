import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  caseView,
  childIdOf,
  filingBody,
  itemIdOf,
  send,
  workQueues,
  type Http,
  type Practices,
} from './projects-support';

/**
 * Issue #18, point 9, through HTTP on fresh projects: the engine's credit bars are the credit view's. A revoked
 * 告知承诺 writes a record that bars 告知承诺 and 容缺 (DOMAIN.md, Credit); the enterprise's next 容缺 request is
 * refused, naming the record and the date, and is not offered; a repair by an admin lifts the bar.
 */

const project = (name: string, practices: Partial<Practices>, missing: Record<string, string[]> = {}) =>
  filingBody(name, practices, { missingMaterials: missing });

describe('credit bars over HTTP: the engine refuses what the credit view says is barred (issue #18, point 9)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('cb', { env: { DEMO_MODE: 'true' }, enterprise: '辛公司' }));
  });
  afterAll(() => t?.close());

  const caseOf = (id: string, who: Http = u.admin) => caseView(who, id);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);
  const offered = async (id: string, who: Http) =>
    (await caseOf(id, who)).allowedEvents.map((e: { type: string }) => e.type) as string[];
  const beijingDate = (iso: string) => {
    const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
    return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  };

  /** A 告知承诺 on 建设工程规划许可证, verified non-compliant, rectified, rejected again: revoked (a credit record). */
  async function revokedNotifyCommitment() {
    const filed = await u.ent.post('/api/projects', project('辛公司告知承诺项目', { notifyCommit: true })).expect(201);
    const projectId: string = filed.body.id;
    await workQueues(
      [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense],
      projectId,
      'landPlanning',
    );
    const design = await itemId(projectId, 'designPlanReview');
    await send(u.window, design, 'WINDOW_ACCEPT');
    await send(u.planning, design, 'DEPARTMENT_ACCEPT');
    await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    const item = await itemId(projectId, 'engineeringPlanningPermit');
    await send(u.window, item, 'WINDOW_ACCEPT');
    await send(u.planning, item, 'DEPARTMENT_ACCEPT');
    await send(u.ent, item, 'REQUEST_NOTIFY_COMMITMENT', {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const nc = await childId(item, 'notifyCommitment:1');
    await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
    await send(u.planning, nc, 'VERIFY', { method: 'siteInspection', compliant: false, findings: '退让不足' });
    await send(u.ent, nc, 'REPORT_RECTIFIED', { note: '已按要求退让' });
    await send(u.planning, nc, 'REJECT_RECTIFICATION', { reason: '仍未退让' });
    expect((await caseOf(nc)).state).toBe('revoked');
  }

  it('a revoked 告知承诺 bars 容缺 as the credit view says: refused and not offered, naming the record and the date; a repair lifts it', async () => {
    await revokedNotifyCommitment();
    const credit = (await u.ent.get('/api/enterprises/ent-cb/credit').expect(200)).body;
    expect(credit.records).toHaveLength(1);
    const record = credit.records[0];
    expect(record).toMatchObject({ kind: 'notifyCommitment', barsToleranceNow: true, barsNotifyCommitmentNow: true });
    const until: string = record.barsNotifyCommitmentUntil;
    // six months after it was recorded (the event's time, the service clock's)
    const recorded = new Date(record.createdAt);
    const sixMonths = new Date(recorded);
    sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);
    expect(Math.abs(new Date(until).getTime() - sixMonths.getTime())).toBeLessThan(3 * 86_400_000);
    expect(credit.tolerance).toMatchObject({
      barred: true,
      barredBy: { recordId: record.id, reason: record.reason, until },
    });
    expect(credit.tolerance.label).toContain(`${beijingDate(until)}前`);
    expect(record.barLabel).toBe(`${beijingDate(until)}前不得适用告知承诺和容缺受理（信用修复后解除）`);

    // A fresh project of the same enterprise asks for 容缺 on a material on the 容缺清单.
    const filed = await u.ent
      .post(
        '/api/projects',
        project('辛公司容缺项目', { tolerance: true }, { landUsePlanningPermit: ['projectFilingProof'] }),
      )
      .expect(201);
    const projectId: string = filed.body.id;
    const filing = await itemId(projectId, 'projectFiling');
    await send(u.window, filing, 'WINDOW_ACCEPT');
    await send(u.development, filing, 'DEPARTMENT_ACCEPT');
    await send(u.development, filing, 'APPROVE', { opinion: '同意' });
    const item = await itemId(projectId, 'landUsePlanningPermit');
    await send(u.window, item, 'WINDOW_ACCEPT');
    await send(u.planning, item, 'DEPARTMENT_ACCEPT');
    expect(await offered(item, u.ent)).not.toContain('REQUEST_TOLERANCE');
    const refused = await u.ent
      .post(`/api/cases/${item}/events`, { type: 'REQUEST_TOLERANCE', payload: { commitmentLetterSigned: true } })
      .expect(422);
    expect(refused.body.message).toContain(
      `申请人有未修复的告知承诺失信记录（${record.reason}，${beijingDate(record.createdAt)}记录），${beijingDate(until)}前不得适用容缺受理`,
    );
    expect(refused.body.message).not.toMatch(/REQUEST_TOLERANCE|notifyCommitment/);
    expect(await t.dataSource.query(`SELECT 1 FROM workflow_instance WHERE parent_id = $1`, [item])).toEqual([]);

    // The admin records the repair: the bar is lifted, in the view and in the engine.
    await u.admin
      .post(`/api/credit-records/${record.id}/repair`, { reason: '已整改到位', evidence: '复查记录' })
      .expect(200);
    const repaired = (await u.ent.get('/api/enterprises/ent-cb/credit').expect(200)).body;
    expect(repaired.tolerance).toMatchObject({ barred: false, barredBy: null });
    expect(await offered(item, u.ent)).toContain('REQUEST_TOLERANCE');
    await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
    await send(u.planning, await childId(item, 'tolerance:1'), 'ACCEPT_TOLERANCE');
  });
});
