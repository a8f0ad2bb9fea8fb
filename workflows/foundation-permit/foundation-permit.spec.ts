import type { Actor, EngineEvent, Payload, PersistedSnapshot } from '../contract';
import { getMigration, registry } from '../registry';
import { defaultCalendar, resolveDeadline } from '../calendar';
import type { FoundationPermitContext } from './foundation-permit.types';
import { actors } from '../testing/fixtures';
import { acceptItem, approveItem, must } from '../testing/drive';
import { aboveGroundProblems } from './foundation-permit.machine';
import { INDUSTRIAL_PERMIT_PATH, industrialProject, newProject, passStage } from '../testing/project-fixture';
import { FOUNDATION_APPLICATION } from '../testing/scenario-data';
import type { ProjectCaseContext } from '../project-case/project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const housing = actors.clerk('housing');
const ent = actors.enterprise();

function foundationPermitted(jointIssuance = false, notifyCommit = false) {
  const { h, id } = newProject({ foundationFirst: true, jointIssuance, notifyCommit });
  passStage(h, id, 'landPlanning', T);
  const fId = h.at(id, 'foundation').id;
  must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, T, FOUNDATION_APPLICATION));
  // Entry condition: design plan approval (catalog) — not yet.
  const early = h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T);
  expect(early).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
  expect((early as any).details.reason).toContain('design plan not approved');
  approveItem(h, id, 'item:designPlanReview', 'planning', T);
  must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T));
  return { h, id, fId, project: () => h.context<ProjectCaseContext>(id) };
}

describe('foundation-permit: a permit not yet issuable is shown greyed with why, never offered enabled', () => {
  const offer = (h: ReturnType<typeof newProject>['h'], fId: string, type: string) => {
    const inst = h.get(fId);
    const def = registry.getDefinition(inst.definitionId, inst.definitionVersion)!;
    return def.allowedEvents(inst.snapshot, housing, { at: T }).find((e) => e.type === type);
  };

  it('ISSUE_FOUNDATION_PERMIT: disabled with the unmet entry conditions, refused with the same words, then enabled', () => {
    const { h, id } = newProject({ foundationFirst: true });
    passStage(h, id, 'landPlanning', T);
    const fId = h.at(id, 'foundation').id;
    must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, T, FOUNDATION_APPLICATION));
    const waiting = offer(h, fId, 'ISSUE_FOUNDATION_PERMIT');
    expect(waiting?.disabledReason).toBe('建设工程设计方案尚未批复');
    const refused = h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T);
    expect(refused).toMatchObject({ ok: false, code: 'RULE_VIOLATION', message: waiting?.disabledReason });
    // The refusal is still offered enabled: the clerk can decide either way.
    expect(offer(h, fId, 'REFUSE_FOUNDATION_PERMIT')).not.toHaveProperty('disabledReason');
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    const ready = offer(h, fId, 'ISSUE_FOUNDATION_PERMIT');
    expect(ready).toBeDefined();
    expect(ready).not.toHaveProperty('disabledReason');
    must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T));
  });

  it('ISSUE_ABOVE_GROUND_PERMIT: disabled naming the reviews still open (by name, no codes) until they pass', () => {
    const { h, id, fId } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    const waiting = offer(h, fId, 'ISSUE_ABOVE_GROUND_PERMIT');
    expect(waiting?.disabledReason).toMatch(/^施工图联合审查（含消防）未全部通过：「/);
    expect(waiting?.disabledReason).not.toMatch(/[A-Za-z]/);
    expect(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T)).toMatchObject({
      ok: false,
      message: waiting?.disabledReason,
    });
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:civilDefenseDesignReview', 'civilDefense', T);
    approveItem(h, id, 'item:fireDesignReview', 'fire', T);
    expect(offer(h, fId, 'ISSUE_ABOVE_GROUND_PERMIT')).not.toHaveProperty('disabledReason');
  });
});

describe('foundation-permit (桩基先行)', () => {
  it('issues the foundation-stage permit on its entry conditions while the drawing review continues', () => {
    const { h, id, fId, project } = foundationPermitted();
    expect(h.state(fId)).toEqual({ foundationPermitted: 'awaitingWorkStart' });
    expect(project().certificates.foundationConstructionPermit.status).toBe('valid');
    expect(project().stage).toBe('engineeringPermit');
    expect(h.timers.get(`${fId}|workStart:due`)!.effect.deadline).toMatchObject({
      kind: 'workStart',
      amount: 3,
      unit: 'months',
    });
    expect(h.get(id).children['item:constructionPermit']).toBeUndefined();
  });

  it('refuses the above-ground permit without the full review (fire included) and a valid foundation permit', () => {
    const { h, id, fId, project } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:civilDefenseDesignReview', 'civilDefense', T);
    const r = h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T);
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('fireDesignReview');
    approveItem(h, id, 'item:fireDesignReview', 'fire', T);
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, '2026-04-01T01:00:00.000Z'));
    expect(h.state(fId)).toBe('aboveGroundPermitted');
    expect(project().items.constructionPermit.status).toBe('approved');
    expect(project().certificates.constructionPermit.status).toBe('valid');
    expect(project().stage).toBe('completionAcceptance');
  });

  it('a refused above-ground permit is not final: the foundation permit stays valid and the enterprise applies again', () => {
    const { h, id, fId, project } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    must(h.send(fId, 'REFUSE_ABOVE_GROUND_PERMIT', housing, T, { reason: '上部结构设计变更未审' }));
    expect(h.state(fId)).toEqual({ foundationPermitted: 'foundationWorkUnderway' });
    expect(h.context<any>(fId).aboveGround.refusedReason).toBe('上部结构设计变更未审');
    expect(project().certificates.foundationConstructionPermit.status).toBe('valid');
    expect(project().items.constructionPermit.status).toBe('pending');
    // after changes: applies again and gets it
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    for (const [key, dept] of [
      ['item:engineeringPlanningPermit', 'planning'],
      ['item:constructionDrawingReview', 'housing'],
      ['item:fireDesignReview', 'fire'],
      ['item:civilDefenseDesignReview', 'civilDefense'],
    ])
      approveItem(h, id, key, dept, T);
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T));
    expect(h.state(fId)).toBe('aboveGroundPermitted');
    expect(project().certificates.constructionPermit.status).toBe('valid');
  });

  it('a 告知承诺 awaiting verification does not block the above-ground permit (checked at acceptance)', () => {
    const { h, id, fId, project } = foundationPermitted(false, true);
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    // 建设工程规划许可证 on 告知承诺, not yet verified
    const itemId = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    must(h.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', ent, T, { commitmentSigned: true, conditions: ['退让'] }));
    must(
      h.send(
        h.at(id, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id,
        'DECIDE_ON_COMMITMENT',
        actors.clerk('planning'),
        T,
      ),
    );
    expect(project().items.engineeringPlanningPermit).toMatchObject({
      commitmentOpen: true,
      basis: 'notifyCommitment',
    });
    for (const [key, dept] of [
      ['item:constructionDrawingReview', 'housing'],
      ['item:fireDesignReview', 'fire'],
      ['item:civilDefenseDesignReview', 'civilDefense'],
    ])
      approveItem(h, id, key, dept, T);
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T));
    expect(h.state(fId)).toBe('aboveGroundPermitted');
  });

  it('an open 容缺 on its own prerequisites still blocks the above-ground permit', () => {
    const { h, fId } = foundationPermitted();
    const ctx = h.context<any>(fId);
    const problems = aboveGroundProblems(
      {
        ...ctx,
        approvedItems: [...ctx.rules.fullReviewItems, ctx.rules.planningPermitItem],
        openCommitments: ['constructionDrawingReview', 'landTitleRegistration'],
        verificationPending: [],
      },
      2,
    );
    expect(problems.join()).toContain('constructionDrawingReview');
    expect(problems.join()).not.toContain('landTitleRegistration');
  });

  it('the refusal names what blocks by item name, never by code', () => {
    const { h, fId } = foundationPermitted();
    must(h.send(fId, 'WORK_STARTED', ent, T));
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    const { snapshot, definitionId, definitionVersion: version } = h.get(fId);
    const ctx = snapshot.context as any;
    const blocked = registry.getDefinition(definitionId, version)!.step(
      {
        ...snapshot,
        context: {
          ...ctx,
          approvedItems: [ctx.rules.planningPermitItem],
          openCommitments: [ctx.rules.planningPermitItem],
        },
      },
      { type: 'ISSUE_ABOVE_GROUND_PERMIT', actor: housing, payload: {}, occurredAt: T },
    );
    expect(blocked).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    const message = (blocked as { message: string }).message;
    expect(message).toContain('施工图联合审查（含消防）未全部通过：「施工图设计文件联合审查」');
    expect(message).toContain('仍有未履行的承诺：「建设工程规划许可证核发」');
    expect(message).not.toMatch(/constructionDrawingReview|engineeringPlanningPermit/);
  });

  it('the housing department revokes the foundation permit; the plain construction permit takes over', () => {
    const { h, id, fId, project } = foundationPermitted();
    expect(h.send(fId, 'REVOKE_FOUNDATION_PERMIT', ent, T, { reason: 'x' })).toMatchObject({ ok: false });
    must(h.send(fId, 'REVOKE_FOUNDATION_PERMIT', housing, T, { reason: '以欺骗手段取得' }));
    expect(h.state(fId)).toBe('revoked');
    expect(h.timersOf(fId)).toEqual([]);
    expect(project().certificates.foundationConstructionPermit.status).not.toBe('valid');
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    expect(h.get(id).children['item:constructionPermit']).toBeDefined();
  });

  it('revoking an approval the foundation permit was issued on revokes it too (the cascade)', () => {
    const { h, id, fId, project } = foundationPermitted();
    // the design plan approval, an entry condition, is revoked
    must(h.send(id, 'ITEM_REVOKED', actors.system, T, { itemCode: 'designPlanReview', cause: 'falseCommitment' }));
    expect(h.state(fId)).toBe('revoked');
    expect(h.context<any>(fId).revocation.reason).toContain('designPlanReview');
    expect(project().certificates.foundationConstructionPermit.status).not.toBe('valid');
  });

  it('two 3-month extensions at most; then the permit lapses and the plain permit takes over', () => {
    const { h, id, fId, project } = foundationPermitted();
    must(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '征迁未完成' }));
    must(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '征迁未完成' }));
    expect(h.context<any>(fId).workStart.deadline.amount).toBe(9);
    expect(h.send(fId, 'EXTEND_WORK_START', housing, T, { reason: '再延' })).toMatchObject({ code: 'RULE_VIOLATION' });
    must(h.fire(fId, 'workStart:due', '2026-12-03T16:00:00.000Z'));
    expect(h.state(fId)).toBe('lapsed');
    expect(project().certificates.foundationConstructionPermit.status).toBe('lapsed');
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    // constructionPermit stage: the construction permit is an ordinary item again
    expect(h.get(id).children['item:constructionPermit']).toBeDefined();
  });

  it('v1 stays as released (a refusal stops at the foundation); v1 → v2 moves every case but one stopped there', () => {
    const def1 = registry.getDefinition('foundation-permit', 1)!;
    const ev = (type: string, actor: Actor, payload: Payload = {}): EngineEvent => ({
      type,
      actor,
      payload,
      occurredAt: T,
    });
    const step = (snap: PersistedSnapshot, type: string, actor: Actor, payload: Payload = {}) => {
      const r = def1.step(snap, ev(type, actor, payload));
      if (!r.ok) throw new Error(r.message);
      return r.snapshot;
    };
    const started = def1.start(
      ev('INSTANCE_CREATED', actors.system, {
        projectId: 'p',
        enterpriseId: 'ent-demo',
        approvedItems: ['designPlanReview'],
        openCommitments: [],
      }),
    );
    if (!started.ok) throw new Error(started.message);
    let snap = step(started.snapshot, 'APPLY_FOUNDATION_PERMIT', ent, FOUNDATION_APPLICATION);
    snap = step(snap, 'ISSUE_FOUNDATION_PERMIT', housing);
    snap = step(snap, 'WORK_STARTED', ent);
    const migration = registry.getMigration('foundation-permit', 1, 2)!;
    expect(migration.migrate(snap)).toMatchObject({ ok: true });
    snap = step(snap, 'APPLY_ABOVE_GROUND_PERMIT', ent);
    snap = step(snap, 'REFUSE_ABOVE_GROUND_PERMIT', housing, { reason: '不予核发' });
    expect(def1.describe(snap).state).toBe('stoppedAtFoundation');
    expect(migration.migrate(snap)).toMatchObject({ ok: false, reason: expect.stringContaining('不能迁移') });
  });
});

/**
 * foundation-permit v5 (as work-start v2): an extension of the work-start period runs from the last day of the
 * period in force, rolled off a rest day (建筑法 art. 9, 民法典 art. 203), and the label says it was extended. v4
 * added the months to the issue date under 桩基阶段施工许可开工期限.
 */
describe('foundation-permit v5: work-start extensions from the end of the period before', () => {
  const ISSUED = '2026-07-01T01:00:00.000Z';

  function issuedOn(version: number) {
    const { h, id } = industrialProject(6, { name: '桩基先行项目', at: ISSUED, practices: { foundationFirst: true } });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(h, id, key, dept, ISSUED);
    const fId = h.at(id, 'foundation').id;
    expect(h.get(fId).definitionVersion).toBe(4);
    if (version !== 4) expect(h.migrate(fId, version, actors.admin, ISSUED)).toEqual({ ok: true });
    must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, ISSUED, FOUNDATION_APPLICATION));
    approveItem(h, id, 'item:designPlanReview', 'planning', ISSUED);
    must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, ISSUED));
    const deadline = () => h.context<FoundationPermitContext>(fId).workStart.deadline!;
    const due = () => resolveDeadline(defaultCalendar, deadline()).dueDate;
    return { h, fId, deadline, due };
  }

  it('issued 2026-07-01: the period ends 10-01 (国庆节) → 10-08; extended, 3 months from 10-08, labelled', () => {
    const { h, fId, deadline, due } = issuedOn(5);
    expect(due()).toBe('2026-10-08');
    must(h.send(fId, 'EXTEND_WORK_START', housing, '2026-09-20T01:00:00.000Z', { reason: '征迁未完成' }));
    expect(due()).toBe('2027-01-08');
    expect(deadline().label).toBe(
      '桩基阶段施工许可开工期限（领证之日起三个月，已延期一次，自原期限届满之日起延长三个月）',
    );
    expect(h.timers.get(`${fId}|workStart:due`)!.effect.deadline).toEqual(deadline());
  });

  it('v4 (released) still counts from the issue date; v4 → v5 moves an unextended case, refuses an extended one', () => {
    const { h, fId, deadline, due } = issuedOn(4);
    const migration = getMigration('foundation-permit', 4, 5)!;
    expect(migration.migrate(h.get(fId).snapshot)).toMatchObject({ ok: true });
    must(h.send(fId, 'EXTEND_WORK_START', housing, '2026-09-20T01:00:00.000Z', { reason: '征迁未完成' }));
    expect(deadline()).toMatchObject({ amount: 6, label: '桩基阶段施工许可开工期限' });
    expect(due()).not.toBe('2027-01-08');
    const refused = migration.migrate(h.get(fId).snapshot);
    expect(!refused.ok && refused.reason).toContain('已按旧版本延期');
  });
});
