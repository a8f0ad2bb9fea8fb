import { AuditService } from '../src/audit/audit.service';
import { CommandService } from '../src/cases/command.service';
import { AppException } from '../src/common/errors/app-exception';
import { ProjectDriver, STAGES } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

const admin = { userId: 'u-admin', role: 'admin' as const };

describe('definition versions: 四证联发 (v1) and 六证联发 (v2)', () => {
  let t: TestApp;
  let commands: CommandService;
  let audit: AuditService;
  let d: ProjectDriver;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandService);
    audit = t.app.get(AuditService);
    d = new ProjectDriver(t.dataSource, commands);
  });
  afterAll(() => t.close());

  it('a version 1 case keeps running on version 1 after version 2 is released', async () => {
    const v1 = await d.create(1, { jointIssuance: true });
    const v2 = await d.create(2, { jointIssuance: true });
    await d.passStage(v1, STAGES.landPlanning);
    const rows = await t.dataSource.query(
      'SELECT id, definition_version FROM workflow_instance WHERE id = ANY($1) ORDER BY definition_version',
      [[v1, v2]],
    );
    expect(rows.map((r: { definition_version: number }) => r.definition_version)).toEqual([1, 2]);
    const versions = await t.dataSource.query(
      'SELECT DISTINCT definition_version FROM workflow_event WHERE instance_id = $1',
      [v1],
    );
    expect(versions).toEqual([{ definition_version: 1 }]);
    expect((await d.context(v1)).bundle.code).toBe('fourCertificates');
    expect((await d.context(v2)).bundle.code).toBe('sixCertificates');
    expect((await audit.verify(v1)).ok).toBe(true);
  });

  it('migration moves an in-flight v1 case to v2 where its state allows, recorded as an event, and the history still verifies', async () => {
    const id = await d.create(1, { jointIssuance: true });
    await d.passStage(id, STAGES.landPlanning);
    const before = await t.dataSource.query('SELECT seq FROM workflow_instance WHERE id = $1', [id]);
    const applied = await commands.migrate({ instanceId: id, toVersion: 2, actor: admin, reason: '升级为六证联发' });
    expect(applied.type).toBe('INSTANCE_MIGRATED');
    const [ev] = await t.dataSource.query(
      'SELECT payload, actor, definition_version FROM workflow_event WHERE instance_id = $1 AND seq = $2',
      [id, applied.seq],
    );
    expect(ev).toMatchObject({
      payload: { fromVersion: 1, toVersion: 2, reason: '升级为六证联发' },
      actor: { userId: 'u-admin', role: 'admin' },
      definition_version: 2,
    });
    expect((await d.context(id)).bundle.code).toBe('sixCertificates');
    // It runs on v2 from now on, and its whole history (v1 events, the migration, v2 events) replays and verifies.
    await d.passStage(id, STAGES.engineeringPermit);
    await d.passStage(id, STAGES.constructionPermit);
    const certs = Object.values((await d.context(id)).certificates as Record<string, { bundle?: string }>).filter(
      (c) => c.bundle === 'sixCertificates',
    );
    expect(certs).toHaveLength(6);
    expect((await audit.verifyTree(id)).ok).toBe(true);
    const asOfBefore = await audit.stateAsOf(id, { seq: before[0].seq });
    expect(asOfBefore.definitionVersion).toBe(1);
  });

  it('migration is refused with the reason where the state does not allow it, and writes nothing', async () => {
    const id = await d.create(1, { jointIssuance: true });
    await d.passStage(id, STAGES.landPlanning);
    await d.passStage(id, STAGES.engineeringPermit);
    const [before] = await t.dataSource.query('SELECT seq, definition_version FROM workflow_instance WHERE id = $1', [
      id,
    ]);
    const error = await commands.migrate({ instanceId: id, toVersion: 2, actor: admin, reason: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(AppException);
    expect(error.code).toBe('RULE_VIOLATION');
    expect(error.message).toMatch(/designPlanApproval/);
    const [after] = await t.dataSource.query('SELECT seq, definition_version FROM workflow_instance WHERE id = $1', [
      id,
    ]);
    expect(after).toEqual(before);
    // the refusals say in Chinese why (users read them; the English stays for developers)
    await expect(commands.migrate({ instanceId: id, toVersion: 1, actor: admin, reason: 'x' })).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      message: expect.stringMatching(/^办件当前为第1版流程，只能迁移到更新的版本 \/ /),
    });
    await expect(commands.migrate({ instanceId: id, toVersion: 3, actor: admin, reason: 'x' })).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      message: expect.stringMatching(/^迁移被拒绝：仍有事项在办/),
    });
    await expect(commands.migrate({ instanceId: id, toVersion: 99, actor: admin, reason: 'x' })).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      message: expect.stringMatching(/^没有从第1版到第99版的迁移，办件不能迁移 \/ /),
    });
  });
});
