import type { PersistedSnapshot, StepOutcome } from '../contract';
import { getDefinition, latestVersion } from '../registry';
import { actors, created, ev } from '../testing/fixtures';

const def = getDefinition('approval-item', 1)!;
const T = '2026-03-02T01:00:00.000Z';
const planning = actors.clerk('planning');
const windowClerk = actors.clerk('window');

function ok(outcome: StepOutcome): { snapshot: PersistedSnapshot; effects: any[] } {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

function startItem(extra: Record<string, unknown> = {}) {
  return ok(
    def.start(
      created({ projectId: 'p1', enterpriseId: 'ent-demo', itemCode: 'engineeringPlanningPermit', ...extra }, T),
    ),
  );
}

function run(snapshot: PersistedSnapshot, ...events: ReturnType<typeof ev>[]) {
  let s = snapshot;
  const effects: any[] = [];
  for (const e of events) {
    const r = ok(def.step(s, e));
    s = r.snapshot;
    effects.push(...r.effects);
  }
  return { snapshot: s, effects };
}

describe('approval-item (事项实例)', () => {
  it('is registered', () => {
    expect(latestVersion('approval-item')).toBe(4);
  });

  it('goes 已接件 → 窗口受理 → 部门受理 → 办结通过 and notifies the parent', () => {
    const { snapshot } = startItem();
    expect(snapshot.value).toBe('received');
    const r1 = ok(def.step(snapshot, ev('WINDOW_ACCEPT', windowClerk, T)));
    expect(r1.snapshot.value).toBe('windowAccepted');
    expect(r1.effects.map((e) => e.kind)).toEqual(['scheduleTimer', 'scheduleTimer']);
    expect(r1.effects[0].deadline).toMatchObject({
      kind: 'promisedTimeLimit',
      amount: 5,
      unit: 'workingDays',
      startedAt: T,
    });
    const r2 = run(r1.snapshot, ev('DEPARTMENT_ACCEPT', planning, T), ev('APPROVE', planning, T, { opinion: '同意' }));
    expect(r2.snapshot.value).toBe('approved');
    expect(r2.effects).toContainEqual({
      kind: 'notifyParent',
      event: {
        type: 'ITEM_DECIDED',
        payload: {
          itemCode: 'engineeringPlanningPermit',
          outcome: 'approved',
          basis: 'review',
          certificateReleasable: true,
          decidedAt: T,
        },
      },
    });
    expect(def.describe(r2.snapshot)).toMatchObject({
      state: 'approved',
      statusLabel: '办结（通过）',
      timerState: 'stopped',
    });
  });

  it('rejects with the right codes', () => {
    const { snapshot } = startItem();
    expect(def.step(snapshot, ev('APPROVE', planning, T))).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' });
    expect(def.step(snapshot, ev('WINDOW_ACCEPT', planning, T))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(def.step(snapshot, ev('WINDOW_ACCEPT', actors.enterprise(), T))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(def.step(snapshot, ev('NOT_ACCEPT', windowClerk, T, {}))).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
    expect(def.step(snapshot, ev('NOT_ACCEPT', windowClerk, T, { reason: 'x', extra: 1 }))).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
    expect(def.step(snapshot, ev('NOPE', windowClerk, T))).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' });
    expect(def.step(snapshot, { ...ev('WINDOW_ACCEPT', windowClerk, T), occurredAt: 'yesterday' })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
    expect(def.step(snapshot, ev('WITHDRAW', actors.enterprise('other'), T, { reason: 'x' }))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('correction stops the clock and restarts it on completion; special procedure pauses it', () => {
    let { snapshot } = startItem();
    snapshot = run(snapshot, ev('WINDOW_ACCEPT', windowClerk, T), ev('DEPARTMENT_ACCEPT', planning, T)).snapshot;
    const corr = run(snapshot, ev('REQUEST_CORRECTION', planning, T, { missingMaterials: ['buildingDrawings'] }));
    expect(corr.snapshot.value).toEqual({ departmentAccepted: 'correctionRequested' });
    expect(corr.effects.map((e) => e.kind)).toEqual(['cancelTimer', 'cancelTimer']);
    expect(
      def.step(corr.snapshot, ev('COMPLETE_CORRECTION', actors.enterprise(), T, { suppliedMaterials: ['sitePlan'] })),
    ).toMatchObject({
      ok: false,
      code: 'RULE_VIOLATION',
    });
    const later = '2026-03-05T01:00:00.000Z';
    const done = run(
      corr.snapshot,
      ev('COMPLETE_CORRECTION', actors.steward(), later, { suppliedMaterials: ['buildingDrawings'] }),
    );
    expect((done.snapshot.context as any).clock.startedAt).toBe(later);
    const paused = run(
      done.snapshot,
      ev('START_SPECIAL_PROCEDURE', planning, later, { procedure: 'hearing', reason: '听证' }),
    );
    expect(def.describe(paused.snapshot).timerState).toBe('paused');
    const resumed = run(paused.snapshot, ev('END_SPECIAL_PROCEDURE', planning, '2026-03-09T01:00:00.000Z'));
    expect((resumed.snapshot.context as any).clock.pauses).toEqual([{ from: later, to: '2026-03-09T01:00:00.000Z' }]);
    expect(def.describe(resumed.snapshot).timerState).toBe('normal');
  });

  it('timer: normal → warning → overdue', () => {
    let { snapshot } = startItem();
    snapshot = run(snapshot, ev('WINDOW_ACCEPT', windowClerk, T), ev('DEPARTMENT_ACCEPT', planning, T)).snapshot;
    snapshot = run(snapshot, ev('PROMISED_TIME_WARNING', actors.system, T)).snapshot;
    expect(def.describe(snapshot).timerState).toBe('warning');
    snapshot = run(snapshot, ev('PROMISED_TIME_OVERDUE', actors.system, T)).snapshot;
    expect(def.describe(snapshot).timerState).toBe('overdue');
  });

  it('cannot be withdrawn once an item of the application is decided', () => {
    let { snapshot } = startItem();
    snapshot = run(snapshot, ev('APPLICATION_DECIDED', actors.system, T, { itemCode: 'designPlanReview' })).snapshot;
    const r = def.step(snapshot, ev('WITHDRAW', actors.enterprise(), T, { reason: '不建了' }));
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('can no longer be withdrawn');
    const fresh = startItem().snapshot;
    const w = run(fresh, ev('WITHDRAW', actors.enterprise(), T, { reason: '不建了' }));
    expect(w.snapshot.value).toBe('withdrawn');
    expect(w.effects).toContainEqual({
      kind: 'notifyParent',
      event: { type: 'ITEM_CLOSED', payload: { itemCode: 'engineeringPlanningPermit', exit: 'withdrawn' } },
    });
  });

  it('tolerance request: ineligible without the letter or with core materials missing', () => {
    let { snapshot } = startItem({ submittedMaterials: ['applicationForm', 'designPlanApprovalCopy'] });
    snapshot = run(snapshot, ev('WINDOW_ACCEPT', windowClerk, T), ev('DEPARTMENT_ACCEPT', planning, T)).snapshot;
    const r = def.step(snapshot, ev('REQUEST_TOLERANCE', actors.enterprise(), T, { commitmentLetterSigned: true }));
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).message).toContain('核心材料不全');
    expect((r as any).details.reason).toContain('core materials missing');
  });

  it('lists allowed events per actor', () => {
    const { snapshot } = startItem();
    expect(
      def
        .allowedEvents(snapshot, windowClerk)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['NOT_ACCEPT', 'WINDOW_ACCEPT']);
    expect(def.allowedEvents(snapshot, actors.enterprise()).map((e) => e.type)).toEqual(['WITHDRAW']);
    expect(def.allowedEvents(snapshot, planning)).toEqual([]);
  });

  it('offers only the decisions the case allows: 容缺通过 only once tolerance was accepted (send still refuses with the reason)', () => {
    const accepted = run(
      startItem().snapshot,
      ev('WINDOW_ACCEPT', windowClerk, T),
      ev('DEPARTMENT_ACCEPT', planning, T),
    ).snapshot;
    const types = def.allowedEvents(accepted, planning).map((e) => e.type);
    expect(types).toContain('APPROVE');
    expect(types).not.toContain('APPROVE_WITH_TOLERANCE');
    expect(def.step(accepted, ev('APPROVE_WITH_TOLERANCE', planning, T, { opinion: '同意' }))).toMatchObject({
      ok: false,
      code: 'RULE_VIOLATION',
      message: expect.stringContaining('容缺受理通知书'),
    });
  });
});
