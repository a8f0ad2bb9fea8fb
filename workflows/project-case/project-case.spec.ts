import { Harness } from '../testing/harness';
import { actors, ENTERPRISE_ID } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { getDefinition, getMigration } from '../registry';
import type { ProjectCaseContext } from './project-case.machine';

const T = '2026-03-02T01:00:00.000Z';
const practicesOff = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: false,
  stagedAcceptance: false,
};

function newProject(version: number, practices: Partial<typeof practicesOff> = {}) {
  const h = new Harness();
  const id = h.create(
    'p',
    'project-case',
    version,
    {
      projectId: 'p',
      name: '测试项目',
      enterpriseId: ENTERPRISE_ID,
      category: 'socialInvestment',
      practices: { ...practicesOff, ...practices },
    },
    actors.enterprise(),
    T,
  );
  return { h, id, ctx: () => h.context<ProjectCaseContext>(id) };
}

function passStage1(h: Harness, id: string, at = T) {
  approveItem(h, id, 'item:projectFiling', 'development', at);
  approveItem(h, id, 'item:landTitleRegistration', 'planning', at);
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', at);
}
function passStage2(h: Harness, id: string, at = T) {
  approveItem(h, id, 'item:designPlanReview', 'planning', at);
  approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', at);
}
function passStage3(h: Harness, id: string, at = T) {
  approveItem(h, id, 'item:constructionDrawingReview', 'housing', at);
  approveItem(h, id, 'item:fireDesignReview', 'fire', at);
  approveItem(h, id, 'item:civilDefenseDesignReview', 'civilDefense', at);
  approveItem(h, id, 'item:constructionPermit', 'housing', at);
}

describe('project-case (项目)', () => {
  it('opens stage items in parallel and gates stages on approvals; schedules the whole-process target', () => {
    const { h, id, ctx } = newProject(1);
    expect(Object.keys(h.get(id).children)).toEqual([
      'item:projectFiling',
      'item:landTitleRegistration',
      'item:landUsePlanningPermit',
    ]);
    expect(ctx().wholeProcess).toMatchObject({ kind: 'wholeProcess', amount: 60, unit: 'workingDays' });
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);
    approveItem(h, id, 'item:projectFiling', 'development', T);
    expect(ctx().stage).toBe('landPlanning');
    // The first decision tells the other items of the application: no more 撤件.
    expect((h.at(id, 'item:landTitleRegistration').snapshot.context as any).applicationDecided).toBe(true);
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    expect(ctx().stage).toBe('engineeringPermit');
    // Without joint issuance each certificate comes out on approval.
    expect(Object.keys(ctx().certificates).sort()).toEqual(['landUsePlanningPermit', 'realEstateTitle']);
  });

  it('四证联发 (v1): the bundle is held until every member is approved, then issued on one date', () => {
    const { h, id, ctx } = newProject(1, { jointIssuance: true });
    passStage1(h, id);
    passStage2(h, id);
    expect(ctx().certificates.realEstateTitle).toBeUndefined();
    expect(ctx().certificates.designPlanApproval?.status).toBe('valid'); // not in the v1 bundle
    const day = '2026-04-01T02:00:00.000Z';
    passStage3(h, id, day);
    const c = ctx();
    expect(c.jointIssuedAt).toBe(day);
    for (const cert of [
      'realEstateTitle',
      'landUsePlanningPermit',
      'engineeringPlanningPermit',
      'constructionPermit',
    ]) {
      expect(c.certificates[cert]).toMatchObject({ status: 'valid', issuedAt: day, bundle: 'fourCertificates' });
    }
    expect(h.state(id)).toMatchObject({ jointIssuance: 'issued', stages: 'completionAcceptance' });
  });

  it('六证联发 (v2) bundles six certificates', () => {
    const { h, id, ctx } = newProject(2, { jointIssuance: true });
    passStage1(h, id);
    passStage2(h, id);
    expect(ctx().certificates.designPlanApproval).toBeUndefined();
    passStage3(h, id);
    expect(Object.values(ctx().certificates).filter((c) => c.bundle === 'sixCertificates')).toHaveLength(6);
  });

  it('revocation of an approved item revokes its certificate and flags what builds on it', () => {
    const { h, id, ctx } = newProject(1);
    passStage1(h, id);
    must(
      h.send(h.at(id, 'item:landUsePlanningPermit').id, 'REVOKE', actors.clerk('planning'), T, { reason: '违法审批' }),
    );
    expect(ctx().certificates.landUsePlanningPermit).toMatchObject({ status: 'revoked' });
    expect(ctx().items.landUsePlanningPermit.status).toBe('revoked');
    // designPlanReview depends on landUsePlanningPermit but is not yet approved: not flagged
    expect(ctx().items.designPlanReview.flagged).toBe(false);
  });

  it('a refused item can be applied for again', () => {
    const { h, id, ctx } = newProject(1);
    const item = h.at(id, 'item:projectFiling');
    must(h.send(item.id, 'WINDOW_ACCEPT', actors.clerk('window'), T));
    must(h.send(item.id, 'DEPARTMENT_ACCEPT', actors.clerk('development'), T));
    must(h.send(item.id, 'REFUSE', actors.clerk('development'), T, { reason: '不符合产业政策' }));
    expect(ctx().items.projectFiling.status).toBe('refused');
    must(h.send(id, 'REAPPLY_ITEM', actors.steward(), T, { itemCode: 'projectFiling' }));
    expect(h.get(id).children['item:projectFiling:2']).toBeDefined();
    const def = getDefinition('project-case', 1)!;
    expect(
      def.step(h.get(id).snapshot, {
        type: 'REAPPLY_ITEM',
        payload: { itemCode: 'projectFiling' },
        actor: actors.enterprise(),
        occurredAt: T,
      }),
    ).toMatchObject({
      ok: false,
      code: 'RULE_VIOLATION',
    });
  });

  it('migrates v1 → v2 while the bundle can still be issued whole, refuses after', () => {
    const early = newProject(1, { jointIssuance: true });
    passStage1(early.h, early.id);
    expect(early.h.migrate(early.id, 2, actors.admin, T)).toEqual({ ok: true });
    expect(early.ctx().bundle?.code).toBe('sixCertificates');
    passStage2(early.h, early.id);
    passStage3(early.h, early.id);
    expect(Object.values(early.ctx().certificates).filter((c) => c.bundle === 'sixCertificates')).toHaveLength(6);

    const late = newProject(1, { jointIssuance: true });
    passStage1(late.h, late.id);
    passStage2(late.h, late.id);
    const midway = getMigration('project-case', 1, 2)!.migrate(late.h.get(late.id).snapshot);
    expect(midway).toMatchObject({ ok: false });
    expect((midway as any).reason).toContain('designPlanApproval');
    passStage3(late.h, late.id);
    const after = late.h.migrate(late.id, 2, actors.admin, T);
    expect(after).toMatchObject({ ok: false });
    expect((after as any).reason).toContain('联合发证');
  });
});
