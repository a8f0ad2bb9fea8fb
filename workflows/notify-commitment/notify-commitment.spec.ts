import type { Actor, EngineEvent, Payload, StepOutcome, StepResult } from '../contract';
import { Harness } from '../testing/harness';
import { actors } from '../testing/fixtures';
import { acceptItem, must } from '../testing/drive';
import { newProject, passStage } from '../testing/project-fixture';
import type { ProjectCaseContext } from '../project-case/project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const planning = actors.clerk('planning');
const ent = actors.enterprise();

function decidedOnCommitment() {
  const { h, id } = newProject({ notifyCommit: true });
  passStage(h, id, 'landPlanning', T);
  approveDesign(h, id);
  const itemId = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
  must(
    h.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', ent, T, {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    }),
  );
  const ncId = h.at(id, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id;
  must(h.send(ncId, 'DECIDE_ON_COMMITMENT', planning, T));
  return { h, id, itemId, ncId, project: () => h.context<ProjectCaseContext>(id) };
}

function approveDesign(h: ReturnType<typeof newProject>['h'], id: string) {
  passStage(h, id, 'engineeringPermit', T, ['item:engineeringPlanningPermit']);
}

const h0 = () => new Harness();
function ok(outcome: StepOutcome): StepResult {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

describe('notify-commitment (告知承诺 / 先建后验)', () => {
  it('decides at once on a signed commitment; the certificate is issued the same day', () => {
    const { h, itemId, ncId, project } = decidedOnCommitment();
    expect(h.state(itemId)).toBe('approved');
    expect(h.context<any>(itemId).decision.basis).toBe('notifyCommitment');
    expect(h.state(ncId)).toBe('awaitingVerification');
    expect(project().certificates.engineeringPlanningPermit).toMatchObject({ status: 'valid', issuedAt: T });
    expect(project().items.engineeringPlanningPermit.commitmentOpen).toBe(true);
  });

  it('verification at completion acceptance (对标验收) closes the commitment', () => {
    const { h, ncId, project } = decidedOnCommitment();
    must(h.send(ncId, 'VERIFY', planning, T, { method: 'completionAcceptance', compliant: true }));
    expect(h.state(ncId)).toBe('verified');
    expect(project().items.engineeringPlanningPermit.commitmentOpen).toBe(false);
  });

  it('finding → rectification order with a deadline → rectified → verified', () => {
    const { h, ncId } = decidedOnCommitment();
    must(
      h.send(ncId, 'VERIFY', planning, T, {
        method: 'siteInspection',
        compliant: false,
        findings: '退让不足',
        rectificationDays: 10,
      }),
    );
    expect(h.state(ncId)).toBe('rectifying');
    expect(h.timers.get(`${ncId}|rectification:due`)!.effect.deadline).toMatchObject({
      kind: 'rectification',
      amount: 10,
    });
    must(h.send(ncId, 'REPORT_RECTIFIED', ent, T));
    must(h.send(ncId, 'CONFIRM_RECTIFIED', planning, T));
    expect(h.state(ncId)).toBe('verified');
    expect(h.timersOf(ncId)).toEqual([]);
  });

  it('unfixed by the deadline → revoked, certificate revoked, 告知承诺 barred for 6 months', () => {
    const { h, id, itemId, ncId, project } = decidedOnCommitment();
    must(h.send(ncId, 'VERIFY', planning, T, { method: 'siteInspection', compliant: false, findings: '退让不足' }));
    must(h.fire(ncId, 'rectification:due', '2026-04-01T16:00:00.000Z'));
    expect(h.state(ncId)).toBe('revoked');
    expect(h.state(itemId)).toBe('revoked');
    expect(project().certificates.engineeringPlanningPermit.status).toBe('revoked');
    expect(h.credit).toEqual([
      expect.objectContaining({ barsTolerance: false, barsCommitmentUntil: '2026-10-01T16:00:00.000Z' }),
    ]);
    // Applying again within the 6 months is refused; the facts carry the bar.
    must(h.send(id, 'REAPPLY_ITEM', ent, T, { itemCode: 'engineeringPlanningPermit' }));
    const again = acceptItem(h, id, 'item:engineeringPlanningPermit:2', 'planning', '2026-05-01T01:00:00.000Z');
    const r = h.send(again, 'REQUEST_NOTIFY_COMMITMENT', ent, '2026-05-01T01:00:00.000Z', { commitmentSigned: true });
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('barred');
    // After the bar it is allowed again.
    must(h.send(again, 'REQUEST_NOTIFY_COMMITMENT', ent, '2026-10-02T01:00:00.000Z', { commitmentSigned: true }));
  });

  it('reported before the deadline and not yet verified: the deadline passes without revocation; the department clock runs', () => {
    const { h, itemId, ncId, project } = decidedOnCommitment();
    must(h.send(ncId, 'VERIFY', planning, T, { method: 'siteInspection', compliant: false, findings: '退让不足' }));
    must(h.send(ncId, 'REPORT_RECTIFIED', ent, '2026-03-03T01:00:00.000Z', { note: '已整改' }));
    // the enterprise's clock stopped; the department's verification clock runs
    expect(h.timersOf(ncId).sort()).toEqual(['rectification:verification:due', 'rectification:verification:warning']);
    const def = h.registry.getDefinition('notify-commitment', 2)!;
    const summary = () => def.describe(h.get(ncId).snapshot);
    expect(summary()).toMatchObject({
      waitingOn: 'department',
      timerState: 'normal',
      deadline: { kind: 'rectificationVerification', startedAt: '2026-03-03T01:00:00.000Z' },
    });
    must(h.fire(ncId, 'rectification:verification:due', '2026-04-10T16:00:00.000Z'));
    expect(summary().timerState).toBe('overdue');
    expect(h.state(ncId)).toBe('rectificationReported');
    expect(h.state(itemId)).toBe('approved');
    expect(h.credit).toEqual([]);
    expect(project().certificates.engineeringPlanningPermit.status).toBe('valid');
    // verified non-compliant after the second chance: revoked
    must(h.send(ncId, 'REJECT_RECTIFICATION', planning, '2026-04-12T01:00:00.000Z', { reason: '仍未退让' }));
    expect(h.state(ncId)).toBe('revoked');
    expect(h.timersOf(ncId)).toEqual([]);
  });

  it('version 1 stays as released: a reported but unverified rectification is revoked at the deadline', () => {
    const def1 = h0().registry.getDefinition('notify-commitment', 1)!;
    const at = (type: string, actor: Actor, payload: Payload = {}): EngineEvent => ({
      type,
      actor,
      payload,
      occurredAt: T,
    });
    let snap = ok(
      def1.start(
        at('INSTANCE_CREATED', actors.system, {
          projectId: 'p',
          enterpriseId: 'ent-demo',
          itemCode: 'engineeringPlanningPermit',
          commitmentSigned: true,
        }),
      ),
    ).snapshot;
    for (const [type, actor, payload] of [
      ['DECIDE_ON_COMMITMENT', planning, {}],
      ['VERIFY', planning, { method: 'siteInspection', compliant: false }],
      ['REPORT_RECTIFIED', ent, {}],
      ['RECTIFICATION_DEADLINE_PASSED', actors.system, {}],
    ] as [string, Actor, Payload][])
      snap = ok(def1.step(snap, at(type, actor, payload))).snapshot;
    expect(def1.describe(snap).state).toBe('revoked');
    // and it migrates to v2 in any state
    expect(h0().registry.getMigration('notify-commitment', 1, 2)!.migrate(snap)).toMatchObject({ ok: true });
  });

  it('a false commitment is revoked at once', () => {
    const { h, ncId, itemId } = decidedOnCommitment();
    must(h.send(ncId, 'FIND_FALSE_COMMITMENT', planning, T, { reason: '承诺内容与实际不符' }));
    expect(h.state(itemId)).toBe('revoked');
  });

  it('items that do not allow it are refused with a reason', () => {
    const { h, id } = newProject({ notifyCommit: true });
    const itemId = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    const r = h.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', ent, T, { commitmentSigned: true });
    expect(r).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((r as any).details.reason).toContain('does not allow approval on commitment');
  });
});
