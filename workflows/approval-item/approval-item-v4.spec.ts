/** approval-item v4: the 容缺's fulfilment before the decision (the last material accepted early). */
import type { PersistedSnapshot, StepOutcome } from '../contract';
import type { RuntimeDefinition } from '../core/define';
import { getDefinition, getMigration, latestVersion } from '../registry';
import { actors, created, ev } from '../testing/fixtures';
import { acceptItem, approveItem, must } from '../testing/drive';
import { newProject } from '../testing/project-fixture';
import { suizhouHighTechZoneCatalogV2 } from '../catalog';
import { prerequisitesPayload } from '../project-case/project-case.effects';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { ToleranceCommitmentContext } from '../tolerance-commitment/tolerance-commitment.machine';
import type { ApprovalItemContext } from './approval-item.machine';

const T = '2026-03-02T01:00:00.000Z';
const planning = actors.clerk('planning');
const windowClerk = actors.clerk('window');
const system = actors.system;

function ok(outcome: StepOutcome): { snapshot: PersistedSnapshot; effects: any[] } {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

const definition = (version: number): RuntimeDefinition<ApprovalItemContext> =>
  getDefinition('approval-item', version)!;

function run(version: number, snapshot: PersistedSnapshot, ...events: ReturnType<typeof ev>[]) {
  const def = definition(version);
  let s = snapshot;
  const effects: any[] = [];
  for (const e of events) {
    const r = ok(def.step(s, e));
    s = r.snapshot;
    effects.push(...r.effects);
  }
  return { snapshot: s, effects };
}

/** 建设工程规划许可证 with one tolerable material missing, its 容缺 accepted, not decided. */
function toleranceAccepted(version: number): PersistedSnapshot {
  const start = ok(
    definition(version).start(
      created(
        {
          projectId: 'p1',
          enterpriseId: 'ent-demo',
          itemCode: 'engineeringPlanningPermit',
          submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
        },
        T,
      ),
    ),
  );
  return run(
    version,
    start.snapshot,
    ev('WINDOW_ACCEPT', windowClerk, T),
    ev('DEPARTMENT_ACCEPT', planning, T),
    ev('REQUEST_TOLERANCE', actors.enterprise(), T, { commitmentLetterSigned: true }),
    ev('TOLERANCE_ACCEPTED', system, T),
  ).snapshot;
}

const offered = (version: number, snapshot: PersistedSnapshot, actor = planning) =>
  definition(version)
    .allowedEvents(snapshot, actor)
    .map((e) => e.type);

describe('approval-item v4: 容缺 fulfilled before the decision', () => {
  it('is the latest version', () => {
    expect(latestVersion('approval-item')).toBe(4);
  });

  it('v3 (released) still refuses TOLERANCE_FULFILLED before the decision and does not offer it', () => {
    const accepted = toleranceAccepted(3);
    expect(offered(3, accepted, system)).not.toContain('TOLERANCE_FULFILLED');
    expect(definition(3).step(accepted, ev('TOLERANCE_FULFILLED', system, T))).toMatchObject({
      ok: false,
      code: 'EVENT_NOT_ALLOWED',
    });
  });

  it('takes TOLERANCE_FULFILLED before the decision; the file is complete and the decision is 办结通过 on review', () => {
    const accepted = toleranceAccepted(4);
    expect(offered(4, accepted)).toContain('APPROVE_WITH_TOLERANCE');
    expect(offered(4, accepted)).not.toContain('APPROVE');
    expect(offered(4, accepted, system)).toContain('TOLERANCE_FULFILLED');

    const fulfilled = run(4, accepted, ev('TOLERANCE_FULFILLED', system, T));
    expect(fulfilled.snapshot.value).toEqual({ departmentAccepted: 'reviewing' });
    // No decision rests on the commitment: nothing to tell the project yet.
    expect(fulfilled.effects).toEqual([]);
    const ctx = definition(4).contextOf(fulfilled.snapshot);
    expect(ctx.tolerance).toMatchObject({ status: 'fulfilled', missingMaterials: ['landTitleCopy'] });
    expect(ctx.submittedMaterials).toEqual(expect.arrayContaining(['landTitleCopy']));
    expect(ctx.decision).toBeNull();

    // Offers and acceptance agree: 办结通过, not 容缺通过 (nothing is missing), and no second fulfilment.
    const types = offered(4, fulfilled.snapshot);
    expect(types).toContain('APPROVE');
    expect(types).not.toContain('APPROVE_WITH_TOLERANCE');
    expect(offered(4, fulfilled.snapshot, system)).not.toContain('TOLERANCE_FULFILLED');
    expect(definition(4).step(fulfilled.snapshot, ev('APPROVE_WITH_TOLERANCE', planning, T))).toMatchObject({
      ok: false,
      code: 'RULE_VIOLATION',
    });
    expect(definition(4).step(fulfilled.snapshot, ev('TOLERANCE_FULFILLED', system, T))).toMatchObject({
      ok: false,
      code: 'RULE_VIOLATION',
    });

    const approved = run(4, fulfilled.snapshot, ev('APPROVE', planning, T, { opinion: '同意' }));
    expect(approved.snapshot.value).toBe('approved');
    expect(approved.effects).toContainEqual({
      kind: 'notifyParent',
      event: {
        type: 'ITEM_DECIDED',
        payload: {
          itemCode: 'engineeringPlanningPermit',
          outcome: 'approved',
          basis: 'review',
          certificateReleasable: true,
          decidedAt: T,
        },
      },
    });
    expect(definition(4).describe(approved.snapshot)).toMatchObject({ statusLabel: '办结（通过）', done: false });
  });

  it('takes it in 补正 and 特别程序 too, and not before the 容缺 is accepted', () => {
    const accepted = toleranceAccepted(4);
    const correcting = run(
      4,
      accepted,
      ev('REQUEST_CORRECTION', planning, T, { missingMaterials: ['applicationForm'] }),
    );
    const inCorrection = run(4, correcting.snapshot, ev('TOLERANCE_FULFILLED', system, T));
    expect(inCorrection.snapshot.value).toEqual({ departmentAccepted: 'correctionRequested' });
    expect(definition(4).contextOf(inCorrection.snapshot).tolerance?.status).toBe('fulfilled');

    const special = run(
      4,
      accepted,
      ev('START_SPECIAL_PROCEDURE', planning, T, { procedure: 'hearing', reason: '听证' }),
    );
    const inSpecial = run(4, special.snapshot, ev('TOLERANCE_FULFILLED', system, T));
    expect(inSpecial.snapshot.value).toEqual({ departmentAccepted: 'specialProcedure' });

    const requested = run(
      4,
      ok(
        definition(4).start(
          created(
            {
              projectId: 'p1',
              enterpriseId: 'ent-demo',
              itemCode: 'engineeringPlanningPermit',
              submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
            },
            T,
          ),
        ),
      ).snapshot,
      ev('WINDOW_ACCEPT', windowClerk, T),
      ev('DEPARTMENT_ACCEPT', planning, T),
      ev('REQUEST_TOLERANCE', actors.enterprise(), T, { commitmentLetterSigned: true }),
    ).snapshot;
    expect(offered(4, requested, system)).not.toContain('TOLERANCE_FULFILLED');
    expect(definition(4).step(requested, ev('TOLERANCE_FULFILLED', system, T))).toMatchObject({ ok: false });
  });

  it('decided 容缺通过 first, it is fulfilled as on v3', () => {
    const decided = run(4, toleranceAccepted(4), ev('APPROVE_WITH_TOLERANCE', planning, T, { opinion: '容缺通过' }));
    const fulfilled = run(4, decided.snapshot, ev('TOLERANCE_FULFILLED', system, T));
    expect(fulfilled.snapshot.value).toBe('approved');
    expect(fulfilled.effects).toContainEqual({
      kind: 'notifyParent',
      event: {
        type: 'ITEM_COMMITMENT_FULFILLED',
        payload: { itemCode: 'engineeringPlanningPermit', commitment: 'tolerance' },
      },
    });
  });

  it('v3 → v4: every item moves as it is; one awaiting its decision then takes the fulfilment', () => {
    const migration = getMigration('approval-item', 3, 4)!;
    const v3 = toleranceAccepted(3);
    const moved = migration.migrate(v3);
    expect(moved).toEqual({ ok: true, snapshot: v3 });
    if (!moved.ok) throw new Error('not moved');
    expect(run(4, moved.snapshot, ev('TOLERANCE_FULFILLED', system, T)).snapshot.value).toEqual({
      departmentAccepted: 'reviewing',
    });
  });

  it('in a new project (project-case v8): fulfilled early, approved on review, no open commitment for the project', () => {
    const { h, id } = newProject(
      { tolerance: true, foundationFirst: true },
      {
        version: 8,
        at: T,
        submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] },
        extra: { flags: { industrial: false, specialConstruction: false, civilDefense: 'feePaid' } },
      },
    );
    approveItem(h, id, 'item:projectFiling', 'development', T);
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    const item = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    expect(h.get(item).definitionVersion).toBe(4);
    must(h.send(item, 'REQUEST_TOLERANCE', actors.enterprise(), T, { commitmentLetterSigned: true }));
    const tolerance = h.at(id, 'item:landUsePlanningPermit', 'tolerance:1').id;
    must(h.send(tolerance, 'ACCEPT_TOLERANCE', planning, T));
    const commitment: ToleranceCommitmentContext = getDefinition('tolerance-commitment', 3)!.contextOf(
      h.get(tolerance).snapshot,
    );
    const [material] = Object.keys(commitment.missing);
    must(h.send(tolerance, 'SUPPLY_MATERIAL', actors.enterprise(), T, { material }));
    must(h.send(tolerance, 'REVIEW_MATERIAL', planning, T, { material, compliant: true }));
    expect(h.get(tolerance).snapshot.value).toBe('fulfilled');
    must(h.send(item, 'APPROVE', planning, T, { opinion: '同意' }));

    const project: ProjectCaseContext = getDefinition('project-case', 8)!.contextOf(h.get(id).snapshot);
    expect(project.items.landUsePlanningPermit).toMatchObject({
      status: 'approved',
      basis: 'review',
      commitmentOpen: false,
    });
    // The foundation permit's prerequisites (桩基先行): approved, with no open 容缺 behind it.
    const prerequisites = prerequisitesPayload(project, suizhouHighTechZoneCatalogV2);
    expect(prerequisites.approvedItems).toContain('landUsePlanningPermit');
    expect(prerequisites.openCommitments).toEqual([]);
  });
});
