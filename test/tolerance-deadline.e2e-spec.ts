import { SystemClock } from '../src/common/clock';
import { CommandService } from '../src/cases/command.service';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { AuditService } from '../src/audit/audit.service';
import { CaseViewService } from '../src/cases/case-view.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { clerk, ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/** 建设用地规划许可证 applied for without 项目备案证明 (on the 容缺清单), decided at once under tolerance. */
async function approvedUnderTolerance(d: ProjectDriver) {
  const projectId = await d.create(
    1,
    { tolerance: true },
    {
      submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] },
    },
  );
  const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
  await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
  const toleranceId = await d.child(itemId, 'tolerance:1');
  await d.send(toleranceId, 'ACCEPT_TOLERANCE', clerk('planning'));
  await d.send(itemId, 'APPROVE_WITH_TOLERANCE', clerk('planning'), { opinion: '容缺通过' });
  return { projectId, itemId, toleranceId };
}

describe('容缺 supplement deadline on the real scheduler', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let clock: SystemClock;

  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'false' });
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    clock = t.app.get(SystemClock);
  });
  afterAll(() => t.close());

  it('supplied in time: the commitment is fulfilled and nothing is revoked', async () => {
    const { projectId, itemId, toleranceId } = await approvedUnderTolerance(d);
    expect((await d.context(projectId)).certificates.landUsePlanningPermit.status).toBe('valid');
    await d.send(toleranceId, 'SUPPLY_MATERIAL', actors.enterprise, { material: 'projectFilingProof' });
    await d.send(toleranceId, 'REVIEW_MATERIAL', clerk('planning'), {
      material: 'projectFilingProof',
      compliant: true,
    });
    expect(await d.state(toleranceId)).toBe('fulfilled');
    expect(await d.state(itemId)).toBe('approved');
    const pending = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM workflow_timer WHERE instance_id = $1 AND status = 'pending'`,
      [toleranceId],
    );
    expect(pending[0].n).toBe(0);
    expect((await d.context(projectId)).certificates.landUsePlanningPermit.status).toBe('valid');
    const credit = await t.dataSource.query('SELECT count(*)::int AS n FROM credit_record WHERE instance_id = $1', [
      toleranceId,
    ]);
    expect(credit[0].n).toBe(0);
  });

  it('deadline passes: breached, the certificate issued under it revoked, and the credit record bars a new tolerance application', async () => {
    const { projectId, itemId, toleranceId } = await approvedUnderTolerance(d);
    const [timer] = await t.dataSource.query(
      `SELECT due_at FROM workflow_timer WHERE instance_id = $1 AND timer_key = 'tolerance:due' AND status = 'pending'`,
      [toleranceId],
    );
    expect(timer).toBeDefined();
    // Move the service clock past the deadline and let the scheduler do what it does every second.
    clock.advance(new Date(timer.due_at).getTime() - clock.now().getTime() + 60_000);
    await t.app.get(TimerScheduler).runOnce();

    expect(await d.state(toleranceId)).toBe('breached');
    expect(await d.state(itemId)).toBe('revoked');
    expect((await d.context(projectId)).certificates.landUsePlanningPermit).toMatchObject({ status: 'revoked' });
    const credit = await t.dataSource.query(
      'SELECT enterprise_id, bars_tolerance FROM credit_record WHERE instance_id = $1',
      [toleranceId],
    );
    expect(credit).toEqual([{ enterprise_id: ENTERPRISE_ID, bars_tolerance: true }]);

    // A new tolerance application by the same enterprise is refused while the breach is unrepaired.
    const next = await d.create(
      1,
      { tolerance: true },
      {
        submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] },
      },
    );
    const nextItem = await d.accept(next, 'item:landUsePlanningPermit', 'planning');
    // Offered means accepted: the case view does not offer 申请容缺受理 to a barred enterprise.
    const view = await t.app.get(CaseViewService).view(nextItem, actors.enterprise);
    expect(view.allowedEvents.map((e) => e.type)).not.toContain('REQUEST_TOLERANCE');
    expect(view.allowedEvents.map((e) => e.type)).toContain('WITHDRAW');
    await expect(
      d.send(nextItem, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true }),
    ).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
    });
    expect((await t.app.get(AuditService).verifyTree(projectId)).ok).toBe(true);
  });
});
