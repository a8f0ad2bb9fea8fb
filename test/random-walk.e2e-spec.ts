/**
 * An outside check that walks: fresh projects with random practices, filed through the API and driven at random
 * (fixed seeds) by the people of the process — each department's clerk, the enterprise, the admin's demo clock.
 * Each step one of them picks an ENABLED action the API offers (any 待办 — the clerks', the enterprise's, its
 * 项目长's and 项目管家's — or the case view), fills its payload from the served JSON schema (uploading first when
 * the offer says 请先上传…), and sends it; or the admin sets the project's team or repairs the enterprise's credit;
 * or someone raises a problem (问题清单); or the demo clock moves (now and then to the edge of a holiday or 调休).
 * After every step the rules of test/support/walk/ are checked:
 *   1. offered means accepted (no 4xx for an offered enabled action with a schema-valid payload; never a 5xx);
 *   2. the project list row (and the 仅看逾期 filter) agrees with the project page;
 *   3. the whole-process clock counts exactly while something is with a department;
 *   4. the history verifies; every label/reason served for people, and every 4xx message, is Chinese without
 *      codes, state paths, ids or English inside;
 *   5. no dead end: while not complete, someone can act or a deadline will move the project (or an open problem);
 *   6. every 待办 row is actionable: its owner opens it, it enables something, the case view enables the same;
 *   7. everyone who may see the project reads the same state and deadline (and no one else sees it);
 *   8. 问题清单, the zone view and the 待办 agree with the detail pages, their 仅看逾期 with 逾期.
 *
 * Defaults keep CI short (5 projects × 30 steps, about 25 s); longer runs: WALK_SEEDS=20 WALK_STEPS=60
 * (WALK_FIRST_SEED shifts the seeds; WALK_LOG=1 prints every step and the known violations). A violation names
 * its seed and step; the walk log shows the moves that led there. The seed fixes every choice, but the server's
 * answers depend on the date (the demo clock starts today and is shared by the projects of a run), so a replay
 * (WALK_FIRST_SEED=<seed> WALK_SEEDS=1) follows the same path only until a date-dependent answer differs.
 */
import { demoStaffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { YEAR_2027, type Http } from './projects-support';
import { ProjectWalk, type Violation } from './support/walk/walker';

/**
 * Defects the walk found in released definitions (workflows/: immutable, fixed by a new version), reported and
 * not failing this spec until that version is the one new projects start on. Each is a kind of walker.ts; any
 * other violation fails.
 */
// None now: 'clock-stands-stale-correction' (project-case ≤ v9, a closed item kept "with the enterprise") is fixed by
// project-case v10, which new projects start on (v10/ended-item.ts).
const KNOWN: Record<string, string> = {};

const SEEDS = Number(process.env.WALK_SEEDS ?? 5);
const STEPS = Number(process.env.WALK_STEPS ?? 30);
const FIRST_SEED = Number(process.env.WALK_FIRST_SEED ?? 1);

describe('random walk: fresh projects driven by clerks, enterprises and the demo clock', () => {
  let t: TestApp;
  let u: Record<string, Http> = {};
  let bearers: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, u, bearer: bearers } = await demoStaffedApp());
    // The illustrative 2027 holiday arrangement, so that deadlines next year resolve on a known calendar.
    await t.http().put('/api/calendar/years/2027').set('Authorization', bearers.admin).send(YEAR_2027).expect(200);
  });
  afterAll(() => t?.close());

  it(
    `${SEEDS} projects × ${STEPS} steps break none of the rules`,
    async () => {
      const violations: Violation[] = [];
      let sent = 0;
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
        const walk = new ProjectWalk(t, u, seed);
        walk.bearers = bearers;
        await walk.run(STEPS);
        sent += walk.sent;
        violations.push(...walk.violations);
        if (process.env.WALK_LOG) console.log(`seed ${seed}\n${walk.log.join('\n')}`);
      }
      const known = violations.filter((v) => KNOWN[v.kind]);
      const report = violations
        .filter((v) => !KNOWN[v.kind])
        .map(
          (v) =>
            `rule ${v.invariant} ${v.kind} · seed ${v.seed} step ${v.step} · ${v.actor} · ${v.action}\n  ${v.detail}` +
            (v.response === undefined ? '' : `\n  → ${JSON.stringify(v.response).slice(0, 800)}`),
        );
      if (process.env.WALK_LOG || report.length) {
        const knownLines = known.map((v) => `known ${v.kind} · seed ${v.seed} step ${v.step}: ${KNOWN[v.kind]}`);
        console.log(`${sent} events sent, ${violations.length} violations\n${[...report, ...knownLines].join('\n')}`);
      }
      expect(report).toEqual([]);
    },
    Math.max(120_000, SEEDS * STEPS * 5_000),
  );
});
