/**
 * 桩基先行 over HTTP (project-case v9, foundation-permit v6): the project page's whole-process clock counts the
 * housing department's review of the foundation-stage permit and of the above-ground (±0.000以上) permit, and stands
 * while the enterprise holds them. Before, the foundation permit told the project nothing: the clock stood through
 * both reviews under the pause 桩基先行施工期间（待±0.000以上施工许可）.
 */
import { startTestApp, type TestApp } from './support/test-app';
import {
  advanceDays,
  childIdOf,
  clerksAndAdmin,
  fileProject,
  filingBody,
  foundationApplication,
  projectView,
  send,
  staff,
  workQueues,
  type Http,
} from './projects-support';

type Pause = { from: string; to: string | null; reason: string; reasonLabel: string };

describe('桩基先行: the housing department’s review runs the whole-process clock', () => {
  let t: TestApp;
  const u: Record<string, Http> = {};

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    Object.assign(
      u,
      await staff(
        t,
        { 'ent-fc': '辛公司' },
        {
          ent: { username: 'fc-ent', role: 'enterprise', enterpriseId: 'ent-fc' },
          ...clerksAndAdmin('fc', ['window', 'development', 'planning', 'housing']),
        },
      ),
    );
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
});
