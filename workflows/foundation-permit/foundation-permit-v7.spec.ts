/**
 * foundation-permit v7: the work-start period is extended on the enterprise's request (as work-start's
 * REQUEST_WORK_START_EXTENSION), not by the department unasked; a revocation for a revoked basis names the
 * approvals; and the v6 → v7 migration. project-case v11 starts v7 (another branch): here a v6 case of a
 * project-case v10 project is moved to v7, which the migration allows in every state.
 */
import { defaultCalendar, resolveDeadline } from '../calendar';
import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { FOUNDATION_APPLICATION } from '../testing/scenario-data';
import { industrialProject } from '../testing/project-fixture';
import { registry } from '../registry';
import type { Actor } from '../contract';
import type { FoundationPermitContext } from './foundation-permit.types';
import { ent, foundationIssued, housing, T } from '../project-case/project-case.fixtures';

const planning = actors.clerk('planning');
const steward = actors.steward();

/** A foundation permit issued on `version` (6, or 7 by the migration before it was applied for). */
function issued(version: 6 | 7, at = T) {
  const { h, id } = industrialProject(10, { name: '桩基项目', at, practices: { foundationFirst: true } });
  approveItem(h, id, 'item:projectFiling', 'development', at);
  approveItem(h, id, 'item:landTitleRegistration', 'planning', at);
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', at);
  const fId = h.at(id, 'foundation').id;
  expect(h.get(fId).definitionVersion).toBe(6);
  if (version === 7) expect(h.migrate(fId, 7, actors.admin, at)).toEqual({ ok: true });
  must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, at, FOUNDATION_APPLICATION));
  approveItem(h, id, 'item:designPlanReview', 'planning', at);
  must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, at));
  const context = () => h.context<FoundationPermitContext>(fId);
  const due = () => resolveDeadline(defaultCalendar, context().workStart.deadline!).dueDate;
  const offered = (actor: Actor) => {
    const inst = h.get(fId);
    const def = registry.getDefinition(inst.definitionId, inst.definitionVersion)!;
    return def.allowedEvents(inst.snapshot, actor, { at }).map((e) => e.type);
  };
  return { h, id, fId, context, due, offered };
}

describe('foundation-permit v7: the enterprise asks for the work-start extension', () => {
  const ISSUED = '2026-07-01T01:00:00.000Z';
  const BEFORE_DEADLINE = '2026-09-20T01:00:00.000Z';

  it('offers the enterprise and its steward 申请延期开工（3个月）, and the department nothing to extend', () => {
    const { fId, offered, h } = issued(7, ISSUED);
    expect(offered(ent)).toEqual(expect.arrayContaining(['WORK_STARTED', 'REQUEST_WORK_START_EXTENSION']));
    expect(offered(steward)).toContain('REQUEST_WORK_START_EXTENSION');
    expect(offered(housing)).not.toContain('EXTEND_WORK_START');
    expect(offered(housing)).not.toContain('REQUEST_WORK_START_EXTENSION');
    const def = registry.getDefinition('foundation-permit', 7)!;
    const label = def
      .allowedEvents(h.get(fId).snapshot, ent, { at: ISSUED })
      .find((e) => e.type === 'REQUEST_WORK_START_EXTENSION');
    expect(label?.label).toBe('申请延期开工（3个月）');
  });

  it('the request is the grant: 3 months from the end of the period before, twice; a third is refused', () => {
    const { h, fId, context, due, offered } = issued(7, ISSUED);
    expect(due()).toBe('2026-10-08');
    must(h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, BEFORE_DEADLINE, { reason: '征迁未完成' }));
    expect(due()).toBe('2027-01-08');
    expect(context().workStart.deadline!.label).toBe(
      '桩基阶段施工许可开工期限（领证之日起三个月，已延期一次，自原期限届满之日起延长三个月）',
    );
    expect(h.timers.get(`${fId}|workStart:due`)!.effect.deadline).toEqual(context().workStart.deadline);
    must(h.send(fId, 'REQUEST_WORK_START_EXTENSION', steward, '2026-12-20T01:00:00.000Z', { reason: '桩机进场延迟' }));
    expect(context().workStart.extensions).toBe(2);
    expect(context().extensionRequests).toEqual([
      { at: BEFORE_DEADLINE, reason: '征迁未完成' },
      { at: '2026-12-20T01:00:00.000Z', reason: '桩机进场延迟' },
    ]);
    expect(offered(ent)).not.toContain('REQUEST_WORK_START_EXTENSION');
    expect(
      h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, '2027-01-05T01:00:00.000Z', { reason: '再延' }),
    ).toMatchObject({ ok: false, code: 'RULE_VIOLATION', message: '延期以2次为限，已不能再延期' });
    // Nothing asked after the deadline: the permit has lapsed.
    must(h.fire(fId, 'workStart:due', '2027-04-09T16:00:00.000Z'));
    expect(h.state(fId)).toBe('lapsed');
    expect(
      h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, '2027-04-10T01:00:00.000Z', { reason: '晚了' }),
    ).toMatchObject({ ok: false });
  });

  it('a request needs a reason, and comes from the enterprise that holds the permit', () => {
    const { h, fId } = issued(7, ISSUED);
    expect(h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, BEFORE_DEADLINE, {})).toMatchObject({ ok: false });
    const other = actors.enterprise('another-enterprise');
    expect(h.send(fId, 'REQUEST_WORK_START_EXTENSION', other, BEFORE_DEADLINE, { reason: '征迁未完成' })).toMatchObject(
      { ok: false },
    );
    expect(h.context<FoundationPermitContext>(fId).workStart.extensions).toBe(0);
  });

  it("the department's unasked EXTEND_WORK_START is refused", () => {
    const { h, fId, context } = issued(7, ISSUED);
    const r = h.send(fId, 'EXTEND_WORK_START', housing, BEFORE_DEADLINE, { reason: '征迁未完成' });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/[\u4e00-\u9fff]/);
    expect(context().workStart.extensions).toBe(0);
  });

  it('v6 keeps the department extending unasked and offers the enterprise no request', () => {
    const { h, fId, offered } = issued(6, ISSUED);
    expect(offered(ent)).not.toContain('REQUEST_WORK_START_EXTENSION');
    expect(offered(housing)).toContain('EXTEND_WORK_START');
    expect(h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, BEFORE_DEADLINE, { reason: '征迁未完成' })).toMatchObject({
      ok: false,
    });
    must(h.send(fId, 'EXTEND_WORK_START', housing, BEFORE_DEADLINE, { reason: '征迁未完成' }));
  });
});

describe('foundation-permit v7: a revocation for a revoked basis names the approvals', () => {
  it('「所依据的审批已撤销：建设工程设计方案审查」, no code', () => {
    const { h, id, fId } = issued(7);
    must(h.send(h.at(id, 'item:designPlanReview').id, 'REVOKE', planning, T, { reason: '方案违规' }));
    expect(h.state(fId)).toBe('revoked');
    expect(h.context<FoundationPermitContext>(fId).revocation?.reason).toBe('所依据的审批已撤销：建设工程设计方案审查');
  });

  it('v6 (released) keeps the code it stored', () => {
    const { h, id, fId } = issued(6);
    must(h.send(h.at(id, 'item:designPlanReview').id, 'REVOKE', planning, T, { reason: '方案违规' }));
    expect(h.context<FoundationPermitContext>(fId).revocation?.reason).toBe('所依据的审批已撤销：designPlanReview');
  });
});

describe('migration v6 → v7', () => {
  const migration = registry.getMigration('foundation-permit', 6, 7)!;

  it('moves a case waiting for the work start; extensions the department granted on v6 count towards the two', () => {
    const { h, fId } = foundationIssued(10);
    must(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '征迁未完成' }));
    expect(h.migrate(fId, 7, actors.admin, T)).toEqual({ ok: true });
    must(h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, T, { reason: '征迁未完成' }));
    expect(h.send(fId, 'REQUEST_WORK_START_EXTENSION', ent, T, { reason: '再延' })).toMatchObject({
      ok: false,
      message: '延期以2次为限，已不能再延期',
    });
    expect(h.context<FoundationPermitContext>(fId).extensionRequests).toEqual([{ at: T, reason: '征迁未完成' }]);
  });

  it('moves every other state too: under review, the work underway, ended', () => {
    const { h, fId } = foundationIssued(10);
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    expect(migration.migrate(h.get(fId).snapshot)).toMatchObject({ ok: true });
    must(h.send(fId, 'REVOKE_FOUNDATION_PERMIT', housing, T, { reason: '违法施工' }));
    expect(migration.migrate(h.get(fId).snapshot)).toMatchObject({ ok: true });
  });
});
