/**
 * 桩基先行 over HTTP (project-case v9, foundation-permit v6): the project page's whole-process clock counts the
 * housing department's review of the foundation-stage permit and of the above-ground (±0.000以上) permit, and stands
 * while the enterprise holds them. Before, the foundation permit told the project nothing: the clock stood through
 * both reviews under the pause 桩基先行施工期间（待±0.000以上施工许可）.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  advanceDays,
  approveItem,
  caseView,
  childIdOf,
  fileProject,
  filingBody,
  foundationApplication,
  projectView,
  send,
  workQueues,
  type Http,
} from './projects-support';

type Pause = { from: string; to: string | null; reason: string; reasonLabel: string };

describe('桩基先行: the housing department’s review runs the whole-process clock', () => {
  let t: TestApp;
  let u: Record<string, Http> = {};

  beforeAll(async () => {
    ({ t, u } = await staffedApp('fc', {
      env: { DEMO_MODE: 'true' },
      departments: ['window', 'development', 'planning', 'housing'],
      enterprise: '辛公司',
    }));
  });
  afterAll(() => t?.close());

  it('counts both reviews, pauses between them, and no 桩基先行 pause covers a review', async () => {
    const projectId = await fileProject(
      u.ent,
      filingBody('辛公司桩基先行厂房', { foundationFirst: true }, { industrial: true }),
    );
    await workQueues([u.window, u.development, u.planning, u.housing], projectId);
    const clock = async () => (await projectView(u.ent, projectId)).wholeProcess;
    const foundation = await childIdOf(u.ent, projectId, 'foundation');

    // Every item decided: only the foundation permit is left, and the enterprise has not applied yet.
    const before = await clock();
    expect(before.timerState).toBe('paused');
    expect(before.pauses.at(-1)).toMatchObject({ reason: 'foundationFirst', to: null });
    const advance = (days: number) => advanceDays(u.admin, days);
    await advance(3);
    expect((await clock()).daysUsed).toBe(before.daysUsed);

    const reviews: [string, string][] = [];
    const review = async (apply: () => Promise<unknown>, decide: () => Promise<unknown>) => {
      await apply();
      const running = await clock();
      expect(running.timerState).not.toBe('paused');
      expect(running.pauses.at(-1).to).not.toBeNull();
      await advance(7);
      const reviewed = await clock();
      // Seven calendar days hold working days whatever the demo date (the longest break is 国庆, 7 days with 调休).
      expect(reviewed.daysUsed).toBeGreaterThan(running.daysUsed);
      await decide();
      // The review: from the instant the pause before it closed to the instant the next one opened.
      reviews.push([running.pauses.at(-1).to, (await clock()).pauses.at(-1).from]);
      return reviewed.daysUsed as number;
    };

    const afterFoundation = await review(
      () =>
        send(
          u.ent,
          foundation,
          'APPLY_FOUNDATION_PERMIT',
          foundationApplication([{ name: '1#生产厂房', area: 18000, includesSuperstructure: true }]),
        ),
      () => send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT'),
    );
    // The enterprise holds it again (work start, then its above-ground application): the clock stands.
    const waiting = await clock();
    expect(waiting.timerState).toBe('paused');
    expect(waiting.pauses.at(-1)).toMatchObject({
      reason: 'foundationFirst',
      reasonLabel: '桩基先行施工期间（待±0.000以上施工许可）',
      to: null,
    });
    await send(u.ent, foundation, 'WORK_STARTED');
    await advance(5);
    expect((await clock()).daysUsed).toBe(afterFoundation);

    await review(
      () => send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', { note: '申请±0.000以上施工许可' }),
      () => send(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT'),
    );
    const done = await projectView(u.ent, projectId);
    expect(done.currentStage.key).toBe('completionAcceptance');
    expect(done.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: null });

    // No 桩基先行 pause overlaps a review: the department's days are counted.
    const pauses: Pause[] = done.wholeProcess.pauses;
    expect(reviews.every(([from, to]) => Date.parse(to) > Date.parse(from))).toBe(true);
    for (const p of pauses.filter((x) => x.reason === 'foundationFirst')) {
      for (const [from, to] of reviews) {
        const overlaps = (p.to === null || Date.parse(p.to) > Date.parse(from)) && Date.parse(p.from) < Date.parse(to);
        expect({ pause: p, review: [from, to], overlaps }).toMatchObject({ overlaps: false });
      }
    }
    expect(pauses.filter((x) => x.reason === 'foundationFirst')).toHaveLength(2);
  });

  /**
   * A project filed before v9 (project-case v8, its foundation permit on v5). A fresh v9 project whose foundation
   * permit waits for its application is v8's in every field but `foundationWithDepartment`, and its permit v5's (v6
   * adds only the notices), so the fixture sets the versions back.
   */
  it('moves a v5 foundation permit to v6 only once its project is on v9 (v8 would refuse the notices); then its review counts', async () => {
    const projectId = await fileProject(
      u.ent,
      filingBody('辛公司桩基先行旧项目', { foundationFirst: true }, { industrial: true }),
    );
    await approveItem(u, projectId, 'projectFiling', 'development');
    await approveItem(u, projectId, 'landTitleRegistration', 'planning');
    await approveItem(u, projectId, 'landUsePlanningPermit', 'planning');
    const foundation = await childIdOf(u.ent, projectId, 'foundation');
    await t.dataSource.query(
      `UPDATE workflow_instance SET definition_version = 8, snapshot = snapshot #- '{context,foundationWithDepartment}'
       WHERE id = $1`,
      [projectId],
    );
    await t.dataSource.query(`UPDATE workflow_instance SET definition_version = 5 WHERE id = $1`, [foundation]);
    const migrate = (id: string, toVersion: number) =>
      u.admin.post(`/api/cases/${id}/migrate`, { toVersion, reason: '桩基先行审查计入全流程用时' });

    const refused = await migrate(foundation, 6);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(String(refused.body.message)).toContain('请先将项目迁移到第9版');
    expect(String(refused.body.message)).not.toMatch(/[A-Za-z]{2,}/);
    expect((await caseView(u.ent, foundation)).definition.version).toBe(5);

    expect((await migrate(projectId, 9)).status).toBe(200);
    expect((await migrate(foundation, 6)).status).toBe(200);
    expect((await caseView(u.ent, foundation)).definition.version).toBe(6);
    await send(
      u.ent,
      foundation,
      'APPLY_FOUNDATION_PERMIT',
      foundationApplication([{ name: '1#生产厂房', area: 18000, includesSuperstructure: true }]),
    );
    expect((await caseView(u.ent, projectId)).timerState).not.toBe('paused');
  });
});
