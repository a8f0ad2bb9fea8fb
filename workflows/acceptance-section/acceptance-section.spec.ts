import { registry } from '../registry';
import { actors } from '../testing/fixtures';
import { acceptItem, must } from '../testing/drive';
import { newProject, passStage } from '../testing/project-fixture';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { Harness } from '../testing/harness';

const T = '2026-03-02T01:00:00.000Z';
const ent = actors.enterprise();
const DEPTS: Record<string, string> = {
  planningVerification: 'planning',
  fireAcceptance: 'fire',
  civilDefenseAcceptance: 'civilDefense',
  archivesAcceptance: 'archives',
  qualityAcceptance: 'housing',
};

export function inspect(h: Harness, sectionId: string, at: string, results: Record<string, 'pass' | 'rectify'> = {}) {
  for (const [code, dept] of Object.entries(DEPTS)) {
    const ctx = h.context<any>(sectionId);
    if (ctx.results[code].result !== 'pending') continue;
    must(
      h.send(sectionId, 'RECORD_RESULT', actors.clerk(dept), at, {
        acceptanceItem: code,
        result: results[code] ?? 'pass',
      }),
    );
  }
}

function siteWide(h: Harness, sectionId: string, at: string) {
  must(
    h.send(sectionId, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), at, {
      totalFloorArea: 49800,
      greenRatio: 0.16,
    }),
  );
}

function atCompletion(sections: { key: string; name: string }[]) {
  const { h, id } = newProject(
    { stagedAcceptance: true },
    { sections, extra: { permittedFloorArea: 50000, requiredGreenRatio: 0.15 } },
  );
  passStage(h, id, 'landPlanning', T);
  passStage(h, id, 'engineeringPermit', T);
  passStage(h, id, 'constructionPermit', T);
  return { h, id, project: () => h.context<ProjectCaseContext>(id) };
}

describe('acceptance-section (分段竣工验收 / 联合验收)', () => {
  it('rectification and re-inspection; joint acceptance limit as a deadline; site-wide checks only with the last section', () => {
    const { h, id, project } = atCompletion([
      { key: 'a', name: 'A车间' },
      { key: 'b', name: 'B车间' },
    ]);
    const a = h.at(id, 'section:a').id;
    const b = h.at(id, 'section:b').id;
    must(h.send(a, 'APPLY', ent, T));
    expect(h.timers.get(`${a}|jointAcceptance:due`)!.effect.deadline).toMatchObject({
      kind: 'jointAcceptance',
      amount: 15,
      unit: 'workingDays',
    });
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    expect(
      h.send(a, 'RECORD_RESULT', actors.clerk('fire'), T, { acceptanceItem: 'planningVerification', result: 'pass' }),
    ).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    expect(
      h.send(a, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), T, { totalFloorArea: 1, greenRatio: 0.2 }),
    ).toMatchObject({ ok: false });
    inspect(h, a, T, { fireAcceptance: 'rectify' });
    expect(h.state(a)).toBe('rectifying');
    must(h.send(a, 'REPORT_RECTIFIED', ent, T));
    expect(h.context<any>(a).results.planningVerification.result).toBe('pass');
    inspect(h, a, T);
    expect(h.state(a)).toBe('accepted');
    expect(project().sections.a).toMatchObject({ status: 'accepted', productionAllowed: true });
    expect(project().stage).toBe('completionAcceptance');
    // b is now the last: site-wide checks are due with it.
    expect(h.context<any>(b).siteWideChecksDue).toBe(true);
    must(h.send(b, 'APPLY', ent, T));
    must(h.send(b, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, b, T);
    expect(h.state(b)).toBe('jointInspection');
    must(
      h.send(b, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), T, { totalFloorArea: 52000, greenRatio: 0.16 }),
    );
    expect(h.state(b)).toBe('rectifying');
    expect(project().stage).toBe('completionAcceptance');
    must(h.send(b, 'REPORT_RECTIFIED', ent, T));
    must(
      h.send(b, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), T, { totalFloorArea: 49800, greenRatio: 0.16 }),
    );
    expect(h.state(b)).toBe('accepted');
    expect(project().stage).toBe('complete');
    expect(h.timersOf(id)).toEqual([]);
  });

  it('overdue joint acceptance is flagged', () => {
    const { h, id } = atCompletion([{ key: 'a', name: 'A' }]);
    const a = h.at(id, 'section:a').id;
    must(h.send(a, 'APPLY', ent, T));
    must(h.fire(a, 'jointAcceptance:warning', T));
    must(h.fire(a, 'jointAcceptance:due', T));
    expect(h.context<any>(a).timerState).toBe('overdue');
  });

  it('v2: rectification has a deadline (30 working days) and pauses the 15-day joint clock; reported, it resumes', () => {
    const { h, id } = atCompletion([{ key: 'a', name: 'A车间' }]);
    const a = h.at(id, 'section:a').id;
    must(h.send(a, 'APPLY', ent, T));
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, a, '2026-03-04T01:00:00.000Z', { fireAcceptance: 'rectify' });
    siteWide(h, a, '2026-03-04T01:00:00.000Z');
    expect(h.state(a)).toBe('rectifying');
    const ctx = h.context<any>(a);
    expect(ctx.rectification.deadline).toMatchObject({ kind: 'sectionRectification', amount: 30, unit: 'workingDays' });
    expect(ctx.clock.pauses).toEqual([{ from: '2026-03-04T01:00:00.000Z' }]);
    expect(h.timersOf(a).sort()).toEqual(['section:rectification:due']);
    must(h.send(a, 'REPORT_RECTIFIED', ent, '2026-03-20T01:00:00.000Z'));
    expect(h.context<any>(a).clock.pauses).toEqual([
      { from: '2026-03-04T01:00:00.000Z', to: '2026-03-20T01:00:00.000Z' },
    ]);
    expect(h.timersOf(a).sort()).toEqual(['jointAcceptance:due', 'jointAcceptance:warning']);
    inspect(h, a, '2026-03-21T01:00:00.000Z');
    expect(h.state(a)).toBe('accepted');
  });

  it('v2: a failed re-inspection is 不予通过; the enterprise applies again on a new clock and is accepted', () => {
    const { h, id, project } = atCompletion([{ key: 'a', name: 'A车间' }]);
    const a = h.at(id, 'section:a').id;
    must(h.send(a, 'APPLY', ent, T));
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, a, T, { fireAcceptance: 'rectify' });
    siteWide(h, a, T);
    must(h.send(a, 'REPORT_RECTIFIED', ent, T));
    inspect(h, a, T, { fireAcceptance: 'rectify' });
    expect(h.state(a)).toBe('notPassed');
    expect(h.context<any>(a).notPassed.reason).toContain('复验');
    expect(h.timersOf(a)).toEqual([]);
    expect(project().stage).toBe('completionAcceptance');
    must(h.send(a, 'APPLY', ent, '2026-05-04T01:00:00.000Z'));
    expect(h.context<any>(a).clock).toMatchObject({ startedAt: '2026-05-04T01:00:00.000Z', pauses: [] });
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, a, T);
    siteWide(h, a, T);
    expect(h.state(a)).toBe('accepted');
    expect(project().stage).toBe('complete');
  });

  it('v2: not reported by the rectification deadline is 不予通过', () => {
    const { h, id } = atCompletion([{ key: 'a', name: 'A车间' }]);
    const a = h.at(id, 'section:a').id;
    must(h.send(a, 'APPLY', ent, T));
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, a, T, { fireAcceptance: 'rectify' });
    siteWide(h, a, T);
    must(h.fire(a, 'section:rectification:due', '2026-04-14T16:00:00.000Z'));
    expect(h.state(a)).toBe('notPassed');
  });

  it('v2 先建后验: an approval on 告知承诺 is checked at acceptance; the last section is not accepted until it is met', () => {
    const { h, id } = newProject(
      { stagedAcceptance: true, notifyCommit: true },
      { sections: [{ key: 'a', name: 'A车间' }], extra: { permittedFloorArea: 50000, requiredGreenRatio: 0.15 } },
    );
    passStage(h, id, 'landPlanning', T);
    passStage(h, id, 'engineeringPermit', T, ['item:engineeringPlanningPermit']);
    const itemId = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    must(h.send(itemId, 'REQUEST_NOTIFY_COMMITMENT', ent, T, { commitmentSigned: true, conditions: ['退让'] }));
    const nc = h.at(id, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id;
    must(h.send(nc, 'DECIDE_ON_COMMITMENT', actors.clerk('planning'), T));
    passStage(h, id, 'constructionPermit', T);
    const a = h.at(id, 'section:a').id;
    expect(h.context<any>(a).commitmentChecks).toEqual({
      engineeringPlanningPermit: expect.objectContaining({ department: 'planning', result: 'pending' }),
    });
    must(h.send(a, 'APPLY', ent, T));
    must(h.send(a, 'START_JOINT_INSPECTION', actors.clerk('housing'), T));
    inspect(h, a, T);
    siteWide(h, a, T);
    expect(h.state(a)).toBe('jointInspection');
    // offered as accepted: to the responsible department only, naming only its pending check
    const section = h.get(a);
    const definition = registry.getDefinition(section.definitionId, section.definitionVersion)!;
    const offered = (actor: ReturnType<typeof actors.clerk>) =>
      definition.allowedEvents(section.snapshot, actor).find((e) => e.type === 'RECORD_COMMITMENT_CHECK');
    expect(offered(actors.clerk('fire'))).toBeUndefined();
    expect(offered(actors.clerk('planning'))?.payloadSchema.properties).toMatchObject({
      itemCode: { oneOf: [expect.objectContaining({ const: 'engineeringPlanningPermit' })] },
    });
    // only the responsible department checks it
    expect(
      h.send(a, 'RECORD_COMMITMENT_CHECK', actors.clerk('fire'), T, {
        itemCode: 'engineeringPlanningPermit',
        met: true,
      }),
    ).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    must(
      h.send(a, 'RECORD_COMMITMENT_CHECK', actors.clerk('planning'), T, {
        itemCode: 'engineeringPlanningPermit',
        met: false,
        opinion: '退让不足',
      }),
    );
    expect(h.state(a)).toBe('rectifying');
    must(h.send(a, 'REPORT_RECTIFIED', ent, T));
    must(
      h.send(a, 'RECORD_COMMITMENT_CHECK', actors.clerk('planning'), T, {
        itemCode: 'engineeringPlanningPermit',
        met: true,
      }),
    );
    expect(h.state(a)).toBe('accepted');
  });

  it('migrates v1 → v2 except while rectifying', () => {
    const migration = registry.getMigration('acceptance-section', 1, 2)!;
    expect(migration.migrate({ value: 'rectifying', context: {} } as never)).toMatchObject({ ok: false });
    expect(migration.migrate({ value: 'applied', context: {} } as never)).toMatchObject({ ok: true });
  });
});
