/**
 * project-case v5 (issue #18, DOMAIN.md "Above-ground permit under 桩基先行"): a 告知承诺 in rectification or
 * revoked blocks the above-ground permit; one awaiting verification does not. v4 (foundation-permit v3) issued it
 * while the 告知承诺 was being rectified: nobody told the foundation permit.
 */
import type { Harness } from '../../testing/harness';
import { actors, ENTERPRISE_ID } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, foundationIssued, housing, planning, T } from '../project-case.fixtures';

/** A 桩基先行 project with its foundation permit issued and work started. */
function foundationProject(version: number) {
  const { h, id, fId } = foundationIssued(version, { notifyCommit: true });
  must(h.send(fId, 'WORK_STARTED', ent, T));
  // 建设工程规划许可证 on 告知承诺
  const itemId = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
  must(h.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', ent, T, { commitmentSigned: true, conditions: ['退让'] }));
  const commitment = h.at(id, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id;
  must(h.send(commitment, 'DECIDE_ON_COMMITMENT', planning, T));
  approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
  must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
  const offered = () =>
    registry
      .getDefinition('foundation-permit', h.get(fId).definitionVersion)!
      .allowedEvents(h.get(fId).snapshot, housing, { facts: h.facts(ENTERPRISE_ID, T), at: T })
      // Offered enabled: a permit not yet issuable is listed greyed (disabledReason), not as an action.
      .filter((e) => !e.disabledReason)
      .map((e) => e.type);
  return { h, id, fId, commitment, offered, project: () => h.context<ProjectCaseContext>(id) };
}

const orderRectification = (h: Harness, commitment: string) =>
  must(h.send(commitment, 'VERIFY', planning, T, { method: 'siteInspection', compliant: false, findings: '退让不足' }));

describe('project-case v5: a 告知承诺 in rectification blocks the above-ground permit', () => {
  it('starts the new children: approval-item v3, notify-commitment v4, foundation-permit v4', () => {
    const { h, id, fId, commitment } = foundationProject(5);
    expect(h.get(fId).definitionVersion).toBe(4);
    expect(h.get(h.at(id, 'item:engineeringPlanningPermit').id).definitionVersion).toBe(3);
    expect(h.get(commitment).definitionVersion).toBe(4);
  });

  it('refuses it while rectification is ordered, naming the item; allows it once the rectification is confirmed', () => {
    const { h, fId, commitment, offered, project } = foundationProject(5);
    orderRectification(h, commitment);
    expect(project().commitmentsInRectification).toEqual(['engineeringPlanningPermit']);
    const refused = h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T);
    expect(refused).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect((refused as any).message).toContain('告知承诺正在限期整改：「建设工程规划许可证核发」');
    expect(offered()).not.toContain('ISSUE_ABOVE_GROUND_PERMIT');
    // Reported, not yet verified: still in rectification.
    must(h.send(commitment, 'REPORT_RECTIFIED', ent, T, { note: '已整改' }));
    expect(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T)).toMatchObject({ ok: false });
    must(h.send(commitment, 'CONFIRM_RECTIFIED', planning, T, { note: '符合' }));
    expect(project().commitmentsInRectification).toEqual([]);
    expect(offered()).toContain('ISSUE_ABOVE_GROUND_PERMIT');
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T));
    expect(h.state(fId)).toBe('aboveGroundPermitted');
  });

  it('a 告知承诺 awaiting verification does not block it', () => {
    const { h, fId, offered } = foundationProject(5);
    expect(offered()).toContain('ISSUE_ABOVE_GROUND_PERMIT');
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T));
  });

  it('a revoked 告知承诺 blocks it, named', () => {
    const { h, fId, commitment } = foundationProject(5);
    must(h.send(commitment, 'FIND_FALSE_COMMITMENT', planning, T, { reason: '承诺不实' }));
    const refused = h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T);
    expect((refused as any).message).toContain('告知承诺已撤销：「建设工程规划许可证核发」');
  });

  it('an item revoked by its department while its 告知承诺 rectifies ends the 告知承诺; the revocation blocks', () => {
    const { h, id, fId, commitment, project } = foundationProject(5);
    orderRectification(h, commitment);
    must(h.send(h.at(id, 'item:engineeringPlanningPermit').id, 'REVOKE', planning, T, { reason: '依法撤销' }));
    expect(h.state(commitment)).toBe('cancelled');
    expect(project().commitmentsInRectification).toEqual([]);
    const refused = h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T);
    expect((refused as any).message).toContain('告知承诺已撤销：「建设工程规划许可证核发」');
  });

  it('v4 (foundation-permit v3) issued it while the 告知承诺 was being rectified', () => {
    const { h, fId, commitment } = foundationProject(4);
    orderRectification(h, commitment);
    must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, T));
  });
});

describe('rectification versions: migrations', () => {
  it('project-case v4 → v5 moves; a foundation permit already started stays on v3 and keeps v3 notices', () => {
    const { h, id, fId, commitment } = foundationProject(4);
    expect(h.migrate(id, 5, actors.admin, T)).toEqual({ ok: true });
    expect(h.context<ProjectCaseContext>(id)).toMatchObject({
      commitmentsInRectification: [],
      rectificationNotice: false,
    });
    expect(h.get(fId).definitionVersion).toBe(3);
    const fMove = h.migrate(fId, 4, actors.admin, T);
    expect(fMove.ok).toBe(false);
    expect((fMove as { reason: string }).reason).toContain('不能迁移');
    const cMove = h.migrate(commitment, 4, actors.admin, T);
    expect(cMove.ok).toBe(false);
    expect((cMove as { reason: string }).reason).toContain('不能接收整改通知');
    // A revocation reaches the v3 foundation permit with v3's notice (it would refuse v4's fields).
    must(h.send(commitment, 'FIND_FALSE_COMMITMENT', planning, T, { reason: '承诺不实' }));
    expect(h.context<{ approvedItems: string[] }>(fId).approvedItems).not.toContain('engineeringPlanningPermit');
  });

  it('approval-item v2 → v3 moves and keeps starting its 告知承诺 on v3', () => {
    const { h, id } = foundationProject(4);
    const item = h.at(id, 'item:constructionDrawingReview').id;
    expect(h.migrate(item, 3, actors.admin, T)).toEqual({ ok: true });
    expect(h.context<{ rectificationNotices: boolean }>(item).rectificationNotices).toBe(false);
  });
});
