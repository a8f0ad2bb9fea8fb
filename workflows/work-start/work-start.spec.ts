/**
 * 建筑法 art. 9 for the ordinary construction permit (project-case v4 + work-start v1): work reported started
 * within 3 months, two extensions of 3 months on request, otherwise the permit lapses (已失效) and can be
 * applied for again. On project-case v3 an ordinary construction permit stayed valid for ever.
 */
import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { industrialProject, INDUSTRIAL_PERMIT_PATH } from '../testing/project-fixture';
import { getDefinition, getMigration } from '../registry';
import { defaultCalendar, resolveDeadline } from '../calendar';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { WorkStartContext } from './work-start.machine';

const T = '2026-07-01T01:00:00.000Z';
const ent = actors.enterprise();

function permitted(version = 4) {
  const { h, id } = industrialProject(version, { name: '厂房项目', at: T });
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) {
    approveItem(h, id, key, dept, T);
  }
  return { h, id, ctx: () => h.context<ProjectCaseContext>(id) };
}

describe('work-start: the ordinary construction permit lapses if work does not start (建筑法 art. 9)', () => {
  it('project-case v3 never watched the permit; v4 starts a 3-month period when it is issued', () => {
    expect(permitted(3).h.get('p').children['workStart:1']).toBeUndefined();
    const { h, id, ctx } = permitted();
    expect(ctx().certificates.constructionPermit).toMatchObject({ status: 'valid', issuedAt: T });
    const watch = h.at(id, 'workStart:1');
    expect(watch.definitionId).toBe('work-start');
    expect(h.context<WorkStartContext>(watch.id).workStart.deadline).toMatchObject({ amount: 3, unit: 'months' });
    expect(h.timersOf(watch.id)).toEqual(['workStart:due']);
    // 民法典 art. 203: 2026-10-01 is National Day; the period ends on the next working day.
    const due = resolveDeadline(defaultCalendar, h.context<WorkStartContext>(watch.id).workStart.deadline!);
    expect(due.dueDate).toBe('2026-10-08');
  });

  it('reported started: the period ends and the permit stays valid', () => {
    const { h, id, ctx } = permitted();
    const watch = h.at(id, 'workStart:1').id;
    must(h.send(watch, 'REPORT_WORK_STARTED', ent, '2026-08-01T01:00:00.000Z', { note: '已开工' }));
    expect(h.state(watch)).toBe('started');
    expect(h.timersOf(watch)).toEqual([]);
    expect(ctx().certificates.constructionPermit.status).toBe('valid');
  });

  it('two extensions on request, not a third; at the deadline the permit lapses, the bundle is affected, and the permit can be applied for again', () => {
    const { h, id, ctx } = permitted();
    const watch = h.at(id, 'workStart:1').id;
    const def = getDefinition('work-start', 1)!;
    must(h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-09-20T01:00:00.000Z', { reason: '设备未到' }));
    must(h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-12-20T01:00:00.000Z', { reason: '资金未到位' }));
    expect(h.context<WorkStartContext>(watch).workStart).toMatchObject({ extensions: 2, deadline: { amount: 9 } });
    expect(def.allowedEvents(h.get(watch).snapshot, ent).map((e) => e.type)).toEqual(['REPORT_WORK_STARTED']);
    const third = h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2027-03-20T01:00:00.000Z', { reason: '再延' });
    expect(third).toMatchObject({ ok: false });
    expect(!third.ok && third.message).toContain('延期以2次为限');

    must(h.fire(watch, 'workStart:due', '2027-04-02T01:00:00.000Z'));
    expect(h.state(watch)).toBe('lapsed');
    expect(ctx().certificates.constructionPermit).toMatchObject({ status: 'lapsed', reason: 'workNotStarted' });
    expect(ctx().items.constructionPermit.status).toBe('revoked');
    expect(ctx().bundleAffected).toBe(true);

    must(h.send(id, 'REAPPLY_ITEM', ent, '2027-04-06T01:00:00.000Z', { itemCode: 'constructionPermit' }));
    approveItem(h, id, 'item:constructionPermit:2', 'housing', '2027-04-07T01:00:00.000Z');
    expect(ctx().certificates.constructionPermit).toMatchObject({
      status: 'valid',
      issuedAt: '2027-04-07T01:00:00.000Z',
    });
    expect(h.at(id, 'workStart:2').definitionId).toBe('work-start');
  });

  it('v3 → v4 moves a case before its construction permit, not after', () => {
    const migration = getMigration('project-case', 3, 4)!;
    expect(migration.migrate(permitted(3).h.get('p').snapshot)).toMatchObject({ ok: false });
    const { h, id } = industrialProject(3, { name: '新项目', at: T, projectId: 'q' });
    expect(migration.migrate(h.get(id).snapshot)).toMatchObject({ ok: true });
  });
});
