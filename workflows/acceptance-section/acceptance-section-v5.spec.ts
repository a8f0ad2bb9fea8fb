/**
 * acceptance-section v5: the section waits for what its project waits for (ACCEPTANCE_CONDITIONS, sent by
 * project-case v11 to every open section): APPLY is greyed and refused while the project blocks acceptance, a
 * section whose checks all passed is not accepted while a blocker stands, nor the last one while a commitment is
 * open (findings xb 1, 4, 7, xa F1, F4, F5); the 对标验收 is the commitment's own case's (xb 2); a new application
 * after 不予通过 gets its rectification chance again (xb 18). The definition is driven here as its parent would.
 */
import type { Actor, Effect, EngineEvent, PersistedSnapshot, StepOutcome } from '../contract';
import { INSTANCE_CREATED } from '../contract';
import { getDefinition, getMigration } from '../registry';
import { actors, CLEAN_FACTS } from '../testing/fixtures';
import { ACCEPTANCE_CONDITIONS, SECTION_ACCEPTED, SECTION_WITH_DEPARTMENT, SECTION_WITH_ENTERPRISE } from '../protocol';
import type { AcceptanceConditionsPayload, OpenCommitment } from '../protocol';
import type { AcceptanceSectionContext } from './acceptance-section.types';

const T = '2026-09-01T01:00:00.000Z';
const LATER = '2026-09-03T01:00:00.000Z';
const ent = actors.enterprise();
const planning = actors.clerk('planning');
const housing = actors.clerk('housing');
const system = actors.system;

const PLANNING_PERMIT: OpenCommitment = {
  itemCode: 'engineeringPlanningPermit',
  itemName: '建设工程规划许可证核发',
  kind: 'notifyCommitment',
};
const DRAWINGS: OpenCommitment = {
  itemCode: 'constructionDrawingReview',
  itemName: '施工图设计文件审查',
  kind: 'tolerance',
};
const NOT_ISSUED = '施工许可证尚未核发';

const conditions = (
  applyBlockedBy: string | null,
  openCommitments: OpenCommitment[] = [],
): AcceptanceConditionsPayload => ({ applyBlockedBy, openCommitments });

/** One section on a definition version, stepped as the engine would, keeping the effects of the last step. */
class Section {
  snapshot: PersistedSnapshot;
  effects: Effect[] = [];
  readonly definition;

  constructor(
    readonly version: number,
    input: Record<string, unknown> = {},
  ) {
    this.definition = getDefinition('acceptance-section', version)!;
    const started = this.definition.start({
      type: INSTANCE_CREATED,
      payload: {
        projectId: 'p',
        enterpriseId: ent.enterpriseId,
        sectionKey: 'a',
        name: 'A车间',
        permittedFloorArea: 5000,
        requiredGreenRatio: 0.1,
        ...input,
      },
      actor: system,
      occurredAt: T,
      facts: CLEAN_FACTS,
    });
    if (!started.ok) throw new Error(started.message);
    this.snapshot = started.snapshot;
  }

  try(type: string, actor: Actor, payload: Record<string, unknown> = {}, at = T): StepOutcome {
    const event: EngineEvent = { type, payload, actor, occurredAt: at, facts: CLEAN_FACTS };
    const outcome = this.definition.step(this.snapshot, event);
    if (outcome.ok) {
      this.snapshot = outcome.snapshot;
      this.effects = outcome.effects;
    }
    return outcome;
  }

  send(type: string, actor: Actor, payload: Record<string, unknown> = {}, at = T): this {
    const outcome = this.try(type, actor, payload, at);
    if (!outcome.ok) throw new Error(`${type}: ${outcome.code} ${outcome.message}`);
    return this;
  }

  conditions(payload: AcceptanceConditionsPayload, at = T): this {
    return this.send(ACCEPTANCE_CONDITIONS, system, payload, at);
  }

  get ctx(): AcceptanceSectionContext {
    return this.snapshot.context as unknown as AcceptanceSectionContext;
  }
  get state(): string {
    return this.definition.describe(this.snapshot).state;
  }
  get summary() {
    return this.definition.describe(this.snapshot);
  }
  offered(actor: Actor) {
    return this.definition.allowedEvents(this.snapshot, actor, { facts: CLEAN_FACTS, at: T });
  }
  notices(): string[] {
    return this.effects.flatMap((e) => (e.kind === 'notifyParent' ? [e.event.type] : []));
  }

  /** Every pending result recorded, pass unless named; the site-wide checks when due. */
  inspect(rectify: string[] = [], at = T): this {
    for (const a of this.ctx.acceptanceItems) {
      if (this.ctx.results[a.code].result !== 'pending' || this.state !== 'jointInspection') continue;
      this.send(
        'RECORD_RESULT',
        actors.clerk(a.department),
        { acceptanceItem: a.code, result: rectify.includes(a.code) ? 'rectify' : 'pass' },
        at,
      );
    }
    if (this.ctx.siteWideChecksDue && this.ctx.siteWide === null && this.state === 'jointInspection') {
      this.send('RECORD_SITE_WIDE_CHECKS', planning, { totalFloorArea: 4000, greenRatio: 0.2 }, at);
    }
    return this;
  }
}

const apply = (s: Section, at = T) => s.send('APPLY', ent, {}, at).send('START_JOINT_INSPECTION', housing, {}, at);

/** A defect, its re-inspection still defective: 不予通过. */
function failTwice(s: Section) {
  apply(s).inspect(['archivesAcceptance']);
  expect(s.state).toBe('rectifying');
  s.send('REPORT_RECTIFIED', ent).inspect(['archivesAcceptance']);
  expect(s.state).toBe('notPassed');
}

describe('acceptance-section v5: the project’s acceptance conditions', () => {
  it('starts with nothing in the way: a section of a project that sends no conditions behaves as v4', () => {
    const s = new Section(5);
    expect(s.ctx).toMatchObject({ applyBlockedBy: null, openCommitments: [] });
    const applyOffer = s.offered(ent).find((e) => e.type === 'APPLY');
    expect(applyOffer).toBeDefined();
    expect(applyOffer!.disabledReason).toBeUndefined();
    apply(s).inspect();
    expect(s.state).toBe('accepted');
  });

  it('takes ACCEPTANCE_CONDITIONS from the system in every state that is not final, from no one else', () => {
    const s = new Section(5);
    const seen: string[] = [];
    const take = () => {
      seen.push(s.state);
      s.conditions(conditions(null, [PLANNING_PERMIT]));
      expect(s.ctx.openCommitments).toEqual([PLANNING_PERMIT]);
      s.conditions(conditions(null));
    };
    take(); // ready
    expect(s.try(ACCEPTANCE_CONDITIONS, ent, { ...conditions(NOT_ISSUED) })).toMatchObject({ ok: false });
    expect(s.offered(ent).map((e) => e.type)).not.toContain(ACCEPTANCE_CONDITIONS);
    s.send('APPLY', ent);
    take(); // applied
    s.send('START_JOINT_INSPECTION', housing);
    take(); // jointInspection
    s.inspect(['qualityAcceptance']);
    take(); // rectifying
    s.send('REPORT_RECTIFIED', ent).inspect(['qualityAcceptance']);
    take(); // notPassed
    expect(seen).toEqual(['ready', 'applied', 'jointInspection', 'rectifying', 'notPassed']);
    s.send('APPLY', ent).send('START_JOINT_INSPECTION', housing).inspect();
    expect(s.state).toBe('accepted');
    expect(s.try(ACCEPTANCE_CONDITIONS, system, { ...conditions(null) })).toMatchObject({ ok: false });
  });

  it('APPLY is greyed with the project’s reason and refused with the same words while it blocks acceptance', () => {
    const s = new Section(5).conditions(conditions(NOT_ISSUED));
    const offer = s.offered(ent).find((e) => e.type === 'APPLY');
    expect(offer?.disabledReason).toBe(NOT_ISSUED);
    const refused = s.try('APPLY', ent);
    expect(refused).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect(!refused.ok && refused.message).toContain(NOT_ISSUED);
    expect(s.state).toBe('ready');

    s.conditions(conditions(null));
    expect(s.offered(ent).find((e) => e.type === 'APPLY')?.disabledReason).toBeUndefined();
    s.send('APPLY', ent);
    expect(s.state).toBe('applied');
  });

  it('APPLY again after 不予通过 waits as the first one does', () => {
    const s = new Section(5);
    apply(s).inspect(['qualityAcceptance']);
    s.send('REPORT_RECTIFIED', ent).inspect(['qualityAcceptance']);
    expect(s.state).toBe('notPassed');
    s.conditions(conditions('施工许可证已失效（逾期未开工），待重新申报'));
    expect(s.offered(ent).find((e) => e.type === 'APPLY')?.disabledReason).toBe(
      '施工许可证已失效（逾期未开工），待重新申报',
    );
    expect(s.try('APPLY', ent)).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    s.conditions(conditions(null));
    s.send('APPLY', ent);
    expect(s.state).toBe('applied');
  });

  it('a section whose checks all passed waits in inspection while the project blocks acceptance, with the enterprise', () => {
    const s = new Section(5);
    apply(s);
    s.conditions(conditions('建设工程设计方案批复已撤销，待重新申报'));
    s.inspect();
    expect(s.state).toBe('jointInspection');
    expect(s.summary).toMatchObject({
      statusLabel: 'A车间：检查均合格，暂不能通过：建设工程设计方案批复已撤销，待重新申报',
      waitingOn: 'enterprise',
      departmentQueue: null,
    });
    // The last result put it in the enterprise's hands: the project hears so (its whole-process clock).
    expect(s.notices()).toEqual([SECTION_WITH_ENTERPRISE]);
    // Nobody has anything to record on it meanwhile.
    for (const dept of ['planning', 'housing', 'archives']) {
      expect(s.offered(actors.clerk(dept)).filter((e) => !e.disabledReason)).toEqual([]);
    }

    s.conditions(conditions(null), LATER);
    expect(s.state).toBe('accepted');
    expect(s.ctx.acceptedAt).toBe(LATER);
    expect(s.notices()).toEqual([SECTION_ACCEPTED]);
  });

  it('the last section waits for every open commitment, with the departments that verify or review them', () => {
    const s = new Section(5, { siteWideChecksDue: true });
    apply(s);
    expect(s.notices()).toEqual([]);
    s.conditions(conditions(null, [PLANNING_PERMIT, DRAWINGS]));
    s.inspect();
    expect(s.state).toBe('jointInspection');
    expect(s.summary).toMatchObject({
      statusLabel:
        'A车间：检查均合格，待承诺办结：建设工程规划许可证核发（告知承诺待核查）、施工图设计文件审查（容缺材料待审核）',
      waitingOn: 'department',
    });
    // Still with the departments, as the project was told when it was applied for.
    expect(s.notices()).toEqual([]);

    // One commitment settled: still waiting, for the other one.
    s.conditions(conditions(null, [DRAWINGS]));
    expect(s.state).toBe('jointInspection');
    expect(s.summary.statusLabel).toBe('A车间：检查均合格，待承诺办结：施工图设计文件审查（容缺材料待审核）');
    expect(s.ctx.openCommitments).toEqual([DRAWINGS]);

    s.conditions(conditions(null), LATER);
    expect(s.state).toBe('accepted');
    expect(s.notices()).toEqual([SECTION_ACCEPTED]);
  });

  it('the blocker cleared while a commitment is still open: the last section goes back to the departments', () => {
    const s = new Section(5, { siteWideChecksDue: true });
    apply(s);
    s.conditions(conditions(NOT_ISSUED, [PLANNING_PERMIT]));
    s.inspect();
    expect(s.notices()).toEqual([SECTION_WITH_ENTERPRISE]);
    s.conditions(conditions(null, [PLANNING_PERMIT]));
    expect(s.state).toBe('jointInspection');
    expect(s.notices()).toEqual([SECTION_WITH_DEPARTMENT]);
    expect(s.summary).toMatchObject({ waitingOn: 'department' });
    expect(s.summary.statusLabel).toContain('待承诺办结');
    // The same conditions again: nothing changes hands, nothing is said.
    s.conditions(conditions(null, [PLANNING_PERMIT]));
    expect(s.notices()).toEqual([]);
    s.conditions(conditions(null));
    expect(s.state).toBe('accepted');
  });

  it('an earlier section is not held by open commitments (only the last one is)', () => {
    const s = new Section(5);
    s.conditions(conditions(null, [PLANNING_PERMIT]));
    apply(s).inspect();
    expect(s.state).toBe('accepted');
  });

  it('a section that becomes the last while it waits has its site-wide checks to record, by planning', () => {
    const s = new Section(5);
    apply(s);
    s.conditions(conditions(NOT_ISSUED));
    s.inspect();
    expect(s.notices()).toEqual([SECTION_WITH_ENTERPRISE]);
    s.send('SITE_WIDE_CHECKS_DUE', system, {});
    expect(s.notices()).toEqual([SECTION_WITH_DEPARTMENT]);
    expect(s.summary.statusLabel).toBe('A车间：联合验收中');
    expect(s.offered(planning).map((e) => e.type)).toContain('RECORD_SITE_WIDE_CHECKS');
    s.inspect();
    expect(s.notices()).toEqual([SECTION_WITH_ENTERPRISE]);
    s.conditions(conditions(null));
    expect(s.state).toBe('accepted');
  });

  it('keeps no 对标验收 of its own: RECORD_COMMITMENT_CHECK is neither offered nor accepted', () => {
    const s = new Section(5, {
      siteWideChecksDue: true,
      commitmentChecks: [
        { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' },
      ],
    });
    expect(s.ctx.commitmentChecks).toBeUndefined();
    apply(s);
    s.conditions(conditions(null, [PLANNING_PERMIT]));
    expect(s.offered(planning).map((e) => e.type)).not.toContain('RECORD_COMMITMENT_CHECK');
    const refused = s.try('RECORD_COMMITMENT_CHECK', planning, { itemCode: 'engineeringPlanningPermit', met: true });
    expect(refused).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' });
    expect(Object.keys(s.definition.events)).not.toContain('RECORD_COMMITMENT_CHECK');
    // The commitment's own case records it; when it is settled the project says so and the section is accepted.
    s.inspect();
    expect(s.state).toBe('jointInspection');
    s.conditions(conditions(null));
    expect(s.state).toBe('accepted');
  });
});

describe('acceptance-section v5: a new application after 不予通过 has its own rectification round (xb 18)', () => {
  it('the first defect of the new application orders rectification with a deadline; its re-inspection can fail', () => {
    const s = new Section(5);
    failTwice(s);
    apply(s, LATER).inspect(['qualityAcceptance'], LATER);
    expect(s.state).toBe('rectifying');
    expect(s.summary.statusLabel).toBe('A车间：整改中');
    expect(s.summary.deadline).toMatchObject({ kind: 'sectionRectification' });
    expect(s.ctx.notPassed).toBeNull();
    s.send('REPORT_RECTIFIED', ent, {}, LATER).inspect(['qualityAcceptance'], LATER);
    expect(s.state).toBe('notPassed');
  });

  it('after 不予通过 for a missed deadline too', () => {
    const s = new Section(5);
    apply(s).inspect(['archivesAcceptance']);
    s.send('RECTIFICATION_DEADLINE_PASSED', system);
    expect(s.state).toBe('notPassed');
    apply(s, LATER).inspect(['qualityAcceptance'], LATER);
    expect(s.state).toBe('rectifying');
  });

  it('v4 counted every round since the first application (the behaviour v5 corrects)', () => {
    const s = new Section(4);
    failTwice(s);
    apply(s, LATER).inspect(['qualityAcceptance'], LATER);
    expect(s.state).toBe('notPassed');
  });
});

describe('acceptance-section v4 → v5', () => {
  const migration = () => getMigration('acceptance-section', 4, 5)!;
  const check = { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' };

  it('moves a section in any state, with nothing blocking and its application’s rounds', () => {
    const s = new Section(4);
    const moved = migration().migrate(s.snapshot);
    expect(moved).toMatchObject({
      ok: true,
      snapshot: { context: { applyBlockedBy: null, openCommitments: [], applicationRound: 1 } },
    });

    // Under re-inspection (round 2 of the first application): a defect is still 不予通过 on v5.
    const r = new Section(4);
    apply(r).inspect(['qualityAcceptance']);
    r.send('REPORT_RECTIFIED', ent);
    const reinspection = migration().migrate(r.snapshot);
    expect(reinspection).toMatchObject({ ok: true, snapshot: { context: { applicationRound: 1 } } });
    const v5 = new Section(5);
    v5.snapshot = reinspection.ok ? reinspection.snapshot : v5.snapshot;
    v5.inspect(['qualityAcceptance']);
    expect(v5.state).toBe('notPassed');

    // Rectifying: the round it rectifies is its application's first (so its re-inspection may still fail).
    const f = new Section(4);
    apply(f).inspect(['qualityAcceptance']);
    expect(f.state).toBe('rectifying');
    expect(migration().migrate(f.snapshot)).toMatchObject({ ok: true, snapshot: { context: { applicationRound: 1 } } });

    // 不予通过, then applied again: the new application begins at the next round, whatever v4 counted.
    const n = new Section(4);
    failTwice(n);
    const movedNotPassed = migration().migrate(n.snapshot);
    const again = new Section(5);
    again.snapshot = movedNotPassed.ok ? movedNotPassed.snapshot : again.snapshot;
    apply(again).inspect(['qualityAcceptance']);
    expect(again.state).toBe('rectifying');
  });

  it('drops the commitment checks all met, and keeps on v4 a section whose 对标验收 is still open', () => {
    const open = new Section(4, { siteWideChecksDue: true, commitmentChecks: [check] });
    const refused = migration().migrate(open.snapshot);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.reason).toContain('对标验收');

    apply(open).send('RECORD_COMMITMENT_CHECK', planning, { itemCode: 'engineeringPlanningPermit', met: true });
    const moved = migration().migrate(open.snapshot);
    expect(moved.ok).toBe(true);
    expect(moved.ok && moved.snapshot.context.commitmentChecks).toBeUndefined();
    const v5 = new Section(5);
    v5.snapshot = moved.ok ? moved.snapshot : v5.snapshot;
    v5.inspect();
    expect(v5.state).toBe('accepted');
  });
});
