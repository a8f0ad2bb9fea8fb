/**
 * 建筑法 art. 9 for the ordinary construction permit (project-case v4 + work-start v1): work reported started
 * within 3 months, two extensions of 3 months on request, otherwise the permit lapses (已失效) and can be
 * applied for again. On project-case v3 an ordinary construction permit stayed valid for ever.
 */
import { actors, created, ENTERPRISE_ID } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { industrialProject, INDUSTRIAL_PERMIT_PATH } from '../testing/project-fixture';
import { getDefinition, getMigration } from '../registry';
import { defaultCalendar, resolveDeadline } from '../calendar';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { WorkStartContext } from './work-start.machine';
import { workStartVersionFor } from '../project-case/v4/work-start-watch';
import {
  CONSTRUCTION_WORK_STARTED,
  EXTENSION_FROM_END_PROJECT_VERSION,
  PROJECT_CASE_V11,
  V11_CHILD_VERSIONS,
} from '../protocol';

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

/**
 * work-start v2 (issue #18 leftover): an extension runs 3 months from the last day of the period in force (建筑法
 * art. 9 每次不超过三个月; 民法典 art. 203: that last day is rolled off a rest day), and the deadline's label says
 * the period was extended. v1 added the months to the issue date under the label 领证之日起三个月.
 */
describe('work-start v2: extensions from the end of the period before, labelled', () => {
  const V2 = 2;

  function watchedOn(version: number) {
    const { h, id } = permitted();
    const watch = h.at(id, 'workStart:1').id;
    if (version !== 1) expect(h.migrate(watch, version, actors.admin, T)).toEqual({ ok: true });
    const period = () => h.context<WorkStartContext>(watch).workStart;
    const due = () => resolveDeadline(defaultCalendar, period().deadline!).dueDate;
    return { h, watch, period, due };
  }

  it('one extension: 3 months from the rolled end 2026-10-08 (not from the issue date: 2027-01-01), labelled 已延期一次', () => {
    const { h, watch, period, due } = watchedOn(V2);
    expect(due()).toBe('2026-10-08');
    expect(period().deadline!.label).toBe('施工许可证开工期限（领证之日起三个月）');
    must(h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-09-20T01:00:00.000Z', { reason: '设备未到' }));
    expect(due()).toBe('2027-01-08');
    expect(period().deadline!.label).toBe(
      '施工许可证开工期限（领证之日起三个月，已延期一次，自原期限届满之日起延长三个月）',
    );
    // the timer follows the same spec, so it fires after the new last day
    expect(h.timersOf(watch)).toEqual(['workStart:due']);

    must(h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-12-20T01:00:00.000Z', { reason: '资金未到位' }));
    expect(due()).toBe('2027-04-08');
    expect(period().deadline!.label).toBe(
      '施工许可证开工期限（领证之日起三个月，已延期两次，每次自前一期限届满之日起延长三个月）',
    );
    expect(h.get(watch).definitionVersion).toBe(V2);
    const summary = getDefinition('work-start', V2)!.describe(h.get(watch).snapshot);
    expect(summary).toMatchObject({
      statusLabel: '施工许可证已核发，待开工（已延期2次）',
      deadline: period().deadline,
    });
    const third = h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2027-03-20T01:00:00.000Z', { reason: '再延' });
    expect(!third.ok && third.message).toContain('延期以2次为限');
  });

  it('v1 (kept as released) still counts from the issue date under the first label', () => {
    const { h, watch, period, due } = watchedOn(1);
    must(h.send(watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-09-20T01:00:00.000Z', { reason: '设备未到' }));
    expect(period().deadline).toMatchObject({ amount: 6, label: '施工许可证开工期限（领证之日起三个月）' });
    expect(due()).not.toBe('2027-01-08');
  });

  it('v1 → v2 moves a case waiting with no extension (same period); refuses in Chinese one already extended or ended', () => {
    const migration = getMigration('work-start', 1, 2)!;
    const fresh = watchedOn(1);
    expect(migration.migrate(fresh.h.get(fresh.watch).snapshot)).toEqual({
      ok: true,
      snapshot: fresh.h.get(fresh.watch).snapshot,
    });

    must(
      fresh.h.send(fresh.watch, 'REQUEST_WORK_START_EXTENSION', ent, '2026-09-20T01:00:00.000Z', {
        reason: '设备未到',
      }),
    );
    const extended = migration.migrate(fresh.h.get(fresh.watch).snapshot);
    expect(extended).toMatchObject({ ok: false });
    expect(!extended.ok && extended.reason).toContain('已按旧版本延期');

    const started = watchedOn(1);
    must(started.h.send(started.watch, 'REPORT_WORK_STARTED', ent, '2026-08-01T01:00:00.000Z', { note: '已开工' }));
    const ended = migration.migrate(started.h.get(started.watch).snapshot);
    expect(!ended.ok && ended.reason).toContain('开工期限已结束');
  });

  it('project-case v4–v6 start v1 (released); the next project-case version starts v2', () => {
    expect([4, 5, 6].map(workStartVersionFor)).toEqual([1, 1, 1]);
    expect(workStartVersionFor(EXTENSION_FROM_END_PROJECT_VERSION)).toBe(V2);
    expect(getDefinition('work-start', V2)).toBeDefined();
  });
});

/**
 * work-start v3 (project-case v11): the report of the start is passed on to the project (CONSTRUCTION_WORK_STARTED),
 * whose acceptance waits for it. v1/v2 told it nothing.
 */
describe('work-start v3: tells the project when work is reported started', () => {
  const STARTED_AT = '2026-08-01T01:00:00.000Z';
  const input = {
    projectId: 'p',
    enterpriseId: ENTERPRISE_ID,
    itemCode: 'constructionPermit',
    certificate: 'constructionPermit',
  };

  function reportStart(version: number) {
    const def = getDefinition('work-start', version)!;
    const started = def.start(created(input, T));
    if (!started.ok) throw new Error(started.message);
    const outcome = def.step(started.snapshot, {
      type: 'REPORT_WORK_STARTED',
      payload: { note: '已开工' },
      actor: ent,
      occurredAt: STARTED_AT,
    });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.effects;
  }

  it('v3 notifies the parent with the item, the certificate and the instant, and cancels the timer', () => {
    expect(reportStart(3)).toEqual([
      { kind: 'cancelTimer', timerKey: 'workStart:due' },
      {
        kind: 'notifyParent',
        event: {
          type: CONSTRUCTION_WORK_STARTED,
          payload: { itemCode: 'constructionPermit', certificate: 'constructionPermit', at: STARTED_AT },
        },
      },
    ]);
  });

  it('v2 (kept as released) only cancels the timer', () => {
    expect(reportStart(2)).toEqual([{ kind: 'cancelTimer', timerKey: 'workStart:due' }]);
  });

  it('v2 → v3 moves every case as it is (waiting, extended, started or lapsed)', () => {
    const migration = getMigration('work-start', 2, 3)!;
    const waiting = permitted(EXTENSION_FROM_END_PROJECT_VERSION);
    const watch = waiting.h.at(waiting.id, 'workStart:1').id;
    expect(migration.migrate(waiting.h.get(watch).snapshot)).toEqual({
      ok: true,
      snapshot: waiting.h.get(watch).snapshot,
    });
    must(waiting.h.send(watch, 'REPORT_WORK_STARTED', ent, STARTED_AT, { note: '已开工' }));
    expect(migration.migrate(waiting.h.get(watch).snapshot)).toMatchObject({ ok: true });
  });

  it('project-case v11 starts v3', () => {
    expect(workStartVersionFor(PROJECT_CASE_V11)).toBe(V11_CHILD_VERSIONS.workStart);
    expect(V11_CHILD_VERSIONS.workStart).toBe(3);
  });
});
