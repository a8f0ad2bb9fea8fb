import { notificationsFor, type WrittenEvent } from './notification-rules';

const project = { id: 'p1', name: '甲项目', enterpriseId: 'ent-a', keyProject: true, leaderUserId: 'leader-1' };
const item = (type: string, extra: Partial<WrittenEvent> = {}): WrittenEvent => ({
  instanceId: 'i1',
  seq: 3,
  type,
  definitionId: 'approval-item',
  actorUserId: 'someone',
  context: { item: { name: '建设工程规划许可证', department: 'planning' } },
  departmentQueue: 'planning',
  actingDepartments: ['planning'],
  project,
  ...extra,
});
const problem = (type: string, raisedBy = { userId: 'u-ent', role: 'enterprise' }, extra: Partial<WrittenEvent> = {}) =>
  item(type, {
    definitionId: 'problem',
    context: { title: '临时用电', department: 'housing', raisedBy },
    ...extra,
  });

describe('notification rules (站内消息)', () => {
  it('the enterprise: correction requested, 容缺 deadline near, certificate issued, problem resolved', () => {
    const ent = { kind: 'enterprise', enterpriseId: 'ent-a' };
    expect(notificationsFor(item('REQUEST_CORRECTION'))).toEqual([
      {
        audience: ent,
        kind: 'correctionRequested',
        title: '建设工程规划许可证需补正材料（甲项目）',
        link: '/cases/i1',
      },
    ]);
    expect(notificationsFor(item('SUPPLEMENT_REMINDER', { definitionId: 'tolerance-commitment' }))[0]).toMatchObject({
      audience: ent,
      kind: 'toleranceDeadlineNear',
    });
    expect(notificationsFor(item('APPROVE'))[0]).toMatchObject({
      audience: ent,
      kind: 'certificateIssued',
      link: '/projects/p1',
    });
    expect(notificationsFor(item('APPROVE_WITH_TOLERANCE'))[0]).toMatchObject({ kind: 'certificateIssued' });
    expect(notificationsFor(problem('RESOLVE'))).toEqual([
      { audience: ent, kind: 'problemResolved', title: '问题已解决，请确认：临时用电', link: '/cases/i1' },
    ]);
  });

  it('a problem raised by a steward or leader: its resolution goes to that person', () => {
    expect(notificationsFor(problem('RESOLVE', { userId: 'st-1', role: 'steward' }))[0].audience).toEqual({
      kind: 'user',
      userId: 'st-1',
    });
  });

  it('the clerk: new task and warning, to the department that must act', () => {
    const planning = { kind: 'department', department: 'planning' };
    const housing = { kind: 'department', department: 'housing' };
    expect(notificationsFor(item('WINDOW_ACCEPT'))[0]).toMatchObject({ audience: planning, kind: 'newTask' });
    expect(notificationsFor(item('PROMISED_TIME_WARNING'))[0]).toMatchObject({ audience: planning, kind: 'warning' });
    expect(notificationsFor(item('PROMISED_TIME_WARNING', { departmentQueue: null }))).toEqual([]);
    expect(notificationsFor(problem('ASSIGN'))[0]).toMatchObject({ audience: housing, kind: 'problemAssigned' });
    expect(notificationsFor(problem('REOPEN'))[0]).toMatchObject({ audience: housing, kind: 'problemReopened' });
    expect(notificationsFor(problem('PROBLEM_DEADLINE_WARNING'))[0]).toMatchObject({
      audience: housing,
      kind: 'warning',
    });
  });

  it('the leader: overdue on a key project only, and an escalation by someone else', () => {
    const leader = { kind: 'user', userId: 'leader-1' };
    for (const type of ['PROMISED_TIME_OVERDUE', 'WHOLE_PROCESS_OVERDUE', 'JOINT_ACCEPTANCE_OVERDUE']) {
      expect(notificationsFor(item(type))).toEqual([
        expect.objectContaining({ audience: leader, kind: 'keyProjectOverdue' }),
      ]);
      expect(notificationsFor(item(type, { project: { ...project, keyProject: false } }))).toEqual([]);
    }
    expect(notificationsFor(problem('PROBLEM_DEADLINE_OVERDUE'))[0]).toMatchObject({ audience: leader });
    const escalated = notificationsFor(problem('ESCALATE', undefined, { actorUserId: 'leader-2' }));
    expect(escalated.map((n) => n.audience)).toEqual([{ kind: 'department', department: 'housing' }, leader]);
    // The leader who escalated is not told what they did.
    expect(
      notificationsFor(problem('ESCALATE', undefined, { actorUserId: 'leader-1' })).map((n) => n.audience),
    ).toEqual([{ kind: 'department', department: 'housing' }]);
  });

  it('a joint acceptance inspection: each department that can act, once, naming the section and the project', () => {
    const section = (type: string, extra: Partial<WrittenEvent> = {}) =>
      item(type, {
        definitionId: 'acceptance-section',
        context: { name: '一号厂房' },
        departmentQueue: 'fire',
        actingDepartments: ['fire', 'housing', 'archives'],
        ...extra,
      });
    const told = (type: string) => notificationsFor(section(type));
    expect(told('START_JOINT_INSPECTION')).toEqual(
      ['fire', 'housing', 'archives'].map((department) => ({
        audience: { kind: 'department', department },
        kind: 'newTask',
        title: '新办件：联合验收「一号厂房」请出具验收意见（甲项目）',
        link: '/cases/i1',
      })),
    );
    // The re-inspection after rectification: a task again for those that can act.
    expect(told('REPORT_RECTIFIED').map((n) => [n.audience, n.kind, n.title])).toEqual(
      ['fire', 'housing', 'archives'].map((department) => [
        { kind: 'department', department },
        'newTask',
        '新办件：联合验收「一号厂房」整改完成待复验（甲项目）',
      ]),
    );
    expect(told('JOINT_ACCEPTANCE_WARNING').map((n) => [n.audience, n.kind, n.title])).toEqual(
      ['fire', 'housing', 'archives'].map((department) => [
        { kind: 'department', department },
        'warning',
        '联合验收时限预警：「一号厂房」（甲项目）',
      ]),
    );
    // Overdue stays the key project leader's, as an item's does.
    expect(told('JOINT_ACCEPTANCE_OVERDUE').map((n) => n.audience)).toEqual([{ kind: 'user', userId: 'leader-1' }]);
    // Nobody left to act (the dispatcher came after every opinion): nobody told.
    expect(notificationsFor(section('START_JOINT_INSPECTION', { actingDepartments: [] }))).toEqual([]);
    // A 告知承诺's rectification report is no joint inspection's.
    expect(notificationsFor(item('REPORT_RECTIFIED', { definitionId: 'notify-commitment' }))).toEqual([]);
  });

  it('other events notify nobody', () => {
    expect(notificationsFor(item('DEPARTMENT_ACCEPT'))).toEqual([]);
    expect(notificationsFor(problem('START_HANDLING'))).toEqual([]);
    expect(notificationsFor(problem('CONFIRM_RESOLVED'))).toEqual([]);
  });
});
