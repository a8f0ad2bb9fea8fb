/**
 * A joint acceptance inspection is acted on by several departments at once (acting_departments, the definition's
 * actingDepartments). Each of them is told when it starts (站内消息, 新办件), and each one's figures in the zone
 * report (部门办件：在办、预警、逾期) count it, as its 待办 lists it: the report agrees with GET /api/tasks.
 */
import { JointInspectionNotices1796430000000 } from '../src/database/migrations/1796430000000-JointInspectionNotices';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  advanceDays,
  caseView,
  DEPARTMENTS,
  filingBody,
  projectView,
  reportWorkStarted,
  send,
  workQueues,
  type Http,
} from './projects-support';

interface Notification {
  kind: string;
  title: string;
  link: string;
}

describe('who can act on a joint inspection: each one is told, and counted in its report figures', () => {
  let t: TestApp;
  let u: Record<string, Http> = {};
  // The inspection the first test starts, and the departments that can act on it (for the second).
  let first = '';
  let acting: string[] = [];

  beforeAll(async () => {
    ({ t, u } = await staffedApp('ad', { env: { DEMO_MODE: 'true' }, enterprise: '壬公司' }));
  });
  afterAll(() => t?.close());

  /** A clerk's 待办 counts and its own department's row of the zone report. */
  async function figuresOf(department: string) {
    const tasks = await u[department].get('/api/tasks?limit=1');
    expect(tasks.status).toBe(200);
    const report = await u[department].get('/api/reports/zone');
    expect(report.status).toBe(200);
    const row = report.body.departments.find((d: { department: string }) => d.department === department);
    return {
      queue: { open: tasks.body.total, overdue: tasks.body.counts.overdue, warning: tasks.body.counts.warning },
      report: { open: row?.open ?? 0, overdue: row?.overdue ?? 0, warning: row?.warning ?? 0 },
    };
  }
  const noticesOf = async (department: string, link: string): Promise<Notification[]> => {
    const res = await u[department].get('/api/notifications');
    expect(res.status).toBe(200);
    return (res.body.items as Notification[])
      .filter((n) => n.link === link)
      .map((n) => ({ kind: n.kind, title: n.title, link: n.link }));
  };

  it('START_JOINT_INSPECTION: every acting department gets one 新办件 and counts the section in its figures', async () => {
    const filed = await u.ent
      .post(
        '/api/projects',
        filingBody(
          '壬公司分段验收项目',
          { stagedAcceptance: true },
          { sections: [{ name: '一号厂房', area: 8000 }, { name: '二号厂房' }] },
        ),
      )
      .expect(201);
    const projectId: string = filed.body.id;
    await workQueues(
      DEPARTMENTS.map((d) => u[d]),
      projectId,
    );
    [first] = (await projectView(u.admin, projectId)).stages
      .find((x: { key: string }) => x.key === 'completionAcceptance')
      .sections.map((s: { instanceId: string }) => s.instanceId);
    // project-case v11: a section applies only once work is reported started.
    await reportWorkStarted(u.ent, projectId);
    await send(u.ent, first, 'APPLY', { note: '具备验收条件' });
    // Applied: in the lead department's queue alone, until it starts the inspection.
    const [{ department_queue: lead }] = await t.dataSource.query(
      `SELECT department_queue FROM workflow_instance WHERE id = $1`,
      [first],
    );
    const before = Object.fromEntries(await Promise.all(DEPARTMENTS.map(async (d) => [d, await figuresOf(d)])));

    await send(u.housing, first, 'START_JOINT_INSPECTION');
    const section = await caseView(u.admin, first);
    acting = [...new Set((section.data.acceptanceItems as { department: string }[]).map((a) => a.department))].sort();
    expect(acting.length).toBeGreaterThan(1);
    const [{ acting_departments: written }] = await t.dataSource.query(
      `SELECT acting_departments FROM workflow_instance WHERE id = $1`,
      [first],
    );
    expect([...written].sort()).toEqual(acting);

    for (const department of DEPARTMENTS) {
      const now = await figuresOf(department);
      const counted = acting.includes(department) ? 1 : 0;
      // The report says what the 待办 says, for every department, acting or not.
      expect({ department, ...now.report }).toEqual({ department, ...now.queue });
      expect({ department, more: now.report.open - before[department].report.open }).toEqual({
        department,
        more: counted - (department === lead ? 1 : 0),
      });
      const notices = await noticesOf(department, `/cases/${first}`);
      if (!acting.includes(department)) {
        expect({ department, notices }).toEqual({ department, notices: [] });
        continue;
      }
      expect({ department, notices }).toEqual({
        department,
        notices: [
          {
            kind: 'newTask',
            title: '新办件：联合验收「一号厂房」请出具验收意见（壬公司分段验收项目）',
            link: `/cases/${first}`,
          },
        ],
      });
    }
  });

  it('JOINT_ACCEPTANCE_WARNING warns each acting department; 预警 and 逾期 agree with each 待办 on the way', async () => {
    const timerState = async () =>
      (await t.dataSource.query(`SELECT timer_state FROM workflow_instance WHERE id = $1`, [first]))[0].timer_state;
    for (let day = 0; day < 40 && (await timerState()) !== 'warning'; day++) await advanceDays(u.admin, 1);
    expect(await timerState()).toBe('warning');
    for (const department of DEPARTMENTS) {
      const now = await figuresOf(department);
      expect({ department, ...now.report }).toEqual({ department, ...now.queue });
      const warned = (await noticesOf(department, `/cases/${first}`)).filter((n) => n.kind === 'warning');
      expect({ department, warned: warned.map((n) => n.title) }).toEqual({
        department,
        warned: acting.includes(department) ? ['联合验收时限预警：「一号厂房」（壬公司分段验收项目）'] : [],
      });
    }
    for (let day = 0; day < 40 && (await timerState()) !== 'overdue'; day++) await advanceDays(u.admin, 1);
    expect(await timerState()).toBe('overdue');
    for (const department of DEPARTMENTS) {
      const now = await figuresOf(department);
      expect({ department, ...now.report }).toEqual({ department, ...now.queue });
      if (acting.includes(department))
        expect({ department, overdue: now.report.overdue > 0 }).toEqual({ department, overdue: true });
    }
  });

  it('migration JointInspectionNotices: down narrows the outbox trigger to the earlier list, up widens it again', async () => {
    const trigger = async () =>
      (
        await t.dataSource.query(
          `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'workflow_event_notification_outbox'`,
        )
      )[0].def as string;
    const widened = await trigger();
    expect(widened).toContain(`'START_JOINT_INSPECTION'`);
    await t.dataSource.transaction(async (m) => {
      const migration = new JointInspectionNotices1796430000000();
      await migration.down(m.queryRunner!);
      const narrowed = (
        await m.query(
          `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'workflow_event_notification_outbox'`,
        )
      )[0].def as string;
      expect(narrowed).not.toContain('START_JOINT_INSPECTION');
      expect(narrowed).toContain(`'WINDOW_ACCEPT'`);
      await migration.up(m.queryRunner!);
    });
    expect(await trigger()).toEqual(widened);
  });
});
