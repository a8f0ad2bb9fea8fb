/**
 * project-case v3 and approval-item v2 on the corrected catalog (catalog v2): issue #18, points 1, 2, 6, 10, 11,
 * 12, 13 and the catalog corrections. Each test fails on the released v1/v2 behaviour.
 */
import { Harness } from '../testing/harness';
import { actors, ENTERPRISE_ID } from '../testing/fixtures';
import { acceptItem, approveItem, must } from '../testing/drive';
import { getDefinition } from '../registry';
import type { ProjectFlags } from '../catalog/types';
import { defaultCalendar, resolveDeadline } from '../calendar';
import type { ProjectCaseContext } from './project-case.machine';
import type { ApprovalItemContext } from '../approval-item/approval-item.machine';

const T = '2026-03-02T01:00:00.000Z';
const LATER = '2026-03-10T01:00:00.000Z';
const practices = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: true,
  stagedAcceptance: false,
};
const FULL: ProjectFlags = { industrial: false, specialConstruction: true, civilDefense: 'shelter' };
const PLANT: ProjectFlags = { industrial: true, specialConstruction: false, civilDefense: 'exempt' };

function newProject(flags: ProjectFlags, version = 3) {
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
      practices,
      ...(version >= 3 ? { flags } : {}),
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

const itemDef = getDefinition('approval-item', 2)!;
const allowed = (h: Harness, itemId: string, department: string) =>
  itemDef.allowedEvents(h.get(itemId).snapshot, actors.clerk(department)).map((e) => e.type);

describe('project-case v3 on catalog v2', () => {
  it('an industrial plant that is not a 特殊建设工程 and exempt from 人防 has no fire or 人防 review, and gets 六证联发', () => {
    const { ctx } = newProject(PLANT);
    expect(ctx().itemOrder).not.toContain('fireDesignReview');
    expect(ctx().itemOrder).not.toContain('civilDefenseDesignReview');
    expect(ctx().items.constructionPermit.dependsOn).toEqual(['constructionDrawingReview']);
    expect(ctx().bundle?.code).toBe('sixCertificates');
  });

  it('a non-industrial project keeps 四证联发; a paid 人防 fee is a core material of the permit, not a review', () => {
    const { h, id, ctx } = newProject({ industrial: false, specialConstruction: false, civilDefense: 'feePaid' });
    expect(ctx().bundle?.code).toBe('fourCertificates');
    expect(ctx().itemOrder).not.toContain('civilDefenseDesignReview');
    passStage1(h, id);
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    const permit = h.at(id, 'item:constructionPermit').snapshot.context as unknown as ApprovalItemContext;
    expect(permit.item.materials.find((m) => m.code === 'civilDefenseFeeReceipt')).toMatchObject({
      core: true,
      tolerable: false,
    });
    expect(permit.item.promisedLimit).toEqual({ amount: 3, unit: 'workingDays' });
  });

  it('point 1: the construction permit waits for the drawing, fire and 人防 reviews (not offered, refused if sent)', () => {
    const { h, id, ctx } = newProject(FULL);
    passStage1(h, id);
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    // 联合审图 follows the design plan, not the planning permit: it is open before stage 3.
    expect(ctx().stage).toBe('engineeringPermit');
    expect(ctx().items.constructionDrawingReview.status).toBe('open');
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    expect(ctx().stage).toBe('constructionPermit');
    const permit = acceptItem(h, id, 'item:constructionPermit', 'housing', T);
    expect(allowed(h, permit, 'housing')).not.toContain('APPROVE');
    const refused = h.send(permit, 'APPROVE', actors.clerk('housing'), T, {});
    expect(refused).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect(!refused.ok && refused.message).toContain('施工图设计文件联合审查');
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:fireDesignReview', 'housing', T);
    expect(allowed(h, permit, 'housing')).not.toContain('APPROVE');
    approveItem(h, id, 'item:civilDefenseDesignReview', 'civilDefense', T);
    expect(allowed(h, permit, 'housing')).toContain('APPROVE');
    must(h.send(permit, 'APPROVE', actors.clerk('housing'), T, {}));
    expect(ctx().stage).toBe('completionAcceptance');
  });

  it('point 1: a revoked dependency makes an undecided item wait again', () => {
    const { h, id } = newProject(PLANT);
    passStage1(h, id);
    const plan = h.at(id, 'item:designPlanReview').id;
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    const drawings = acceptItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    expect(allowed(h, drawings, 'housing')).toContain('APPROVE');
    must(h.send(plan, 'REVOKE', actors.clerk('planning'), LATER, { reason: '方案失实' }));
    expect(h.context<ApprovalItemContext>(drawings).blockedBy).toEqual(['designPlanReview']);
    expect(allowed(h, drawings, 'housing')).not.toContain('APPROVE');
  });

  it('point 2: an item opened after its application had a decision (联合审图 opened early) offers no 撤件', () => {
    const { h, id } = newProject(PLANT);
    passStage1(h, id);
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    const permit = h.at(id, 'item:constructionPermit').id;
    expect(itemDef.allowedEvents(h.get(permit).snapshot, actors.enterprise()).map((e) => e.type)).not.toContain(
      'WITHDRAW',
    );
    expect(h.send(permit, 'WITHDRAW', actors.enterprise(), T, { reason: '撤回' }).ok).toBe(false);
  });

  it('point 2: 撤件 is refused once any item of the application was decided, a refusal included', () => {
    const { h, id } = newProject(FULL);
    const a = acceptItem(h, id, 'item:projectFiling', 'development', T);
    must(h.send(a, 'REFUSE', actors.clerk('development'), T, { reason: '不符合产业政策' }));
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    const c = h.at(id, 'item:landUsePlanningPermit').id;
    const withdraw = h.send(c, 'WITHDRAW', actors.enterprise(), T, { reason: '撤回申请' });
    expect(withdraw).toMatchObject({ ok: false });
    expect(itemDef.allowedEvents(h.get(c).snapshot, actors.enterprise()).map((e) => e.type)).not.toContain('WITHDRAW');
  });

  it('point 6: the whole-process clock counts government time only, its pauses visible with a reason', () => {
    const { h, id, ctx } = newProject(PLANT);
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);
    // 补正 on the only open item left: everything waits on the enterprise.
    approveItem(h, id, 'item:projectFiling', 'development', T);
    approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    const title = acceptItem(h, id, 'item:landTitleRegistration', 'planning', T);
    must(h.send(title, 'REQUEST_CORRECTION', actors.clerk('planning'), T, { missingMaterials: ['deedTaxReceipt'] }));
    expect(ctx().clockPauses).toEqual([{ from: T, to: null, reason: 'correction' }]);
    expect(h.timersOf(id)).toEqual([]);
    expect(getDefinition('project-case', 3)!.describe(h.get(id).snapshot).timerState).toBe('paused');
    must(h.send(title, 'COMPLETE_CORRECTION', actors.enterprise(), LATER, { suppliedMaterials: ['deedTaxReceipt'] }));
    expect(ctx().clockPauses).toEqual([{ from: T, to: LATER, reason: 'correction' }]);
    expect(ctx().wholeProcess.pauses).toEqual([{ from: T, to: LATER }]);
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);
    must(h.send(title, 'APPROVE', actors.clerk('planning'), LATER, {}));
    approveItem(h, id, 'item:designPlanReview', 'planning', LATER);
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', LATER);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', LATER);
    approveItem(h, id, 'item:constructionPermit', 'housing', LATER);
    // Construction: nothing with a department until the acceptance is applied for.
    expect(ctx().stage).toBe('completionAcceptance');
    expect(ctx().clockPauses?.at(-1)).toEqual({ from: LATER, to: null, reason: 'construction' });
    expect(h.timersOf(id)).toEqual([]);
    const inspected = '2026-09-01T01:00:00.000Z';
    must(h.send(id, 'SECTION_WITH_DEPARTMENT', actors.system, inspected, { sectionKey: 'whole' }));
    expect(ctx().clockPauses?.at(-1)).toEqual({ from: LATER, to: inspected, reason: 'construction' });
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);
  });

  it('point 13: a revoked bundle certificate marks the bundle affected; the item can be applied for again', () => {
    const { h, id, ctx } = newProject(PLANT);
    passStage1(h, id);
    approveItem(h, id, 'item:designPlanReview', 'planning', T);
    approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
    approveItem(h, id, 'item:constructionPermit', 'housing', T);
    expect(ctx().jointIssuedAt).toBe(T);
    must(h.send(h.at(id, 'item:constructionPermit').id, 'REVOKE', actors.clerk('housing'), LATER, { reason: '违法' }));
    expect(ctx().bundleAffected).toBe(true);
    expect(getDefinition('project-case', 3)!.describe(h.get(id).snapshot).statusLabel).toContain('六证联发受撤销影响');
    must(h.send(id, 'REAPPLY_ITEM', actors.enterprise(), LATER, { itemCode: 'constructionPermit' }));
    expect(h.at(id, 'item:constructionPermit:2').definitionVersion).toBe(2);
  });
});

describe('approval-item v2', () => {
  function item(code = 'landTitleRegistration') {
    const h = new Harness();
    const id = h.create(
      'i',
      'approval-item',
      2,
      { projectId: 'p', enterpriseId: ENTERPRISE_ID, itemCode: code },
      actors.system,
      T,
    );
    return { h, id, ctx: () => h.context<ApprovalItemContext>(id) };
  }

  it('point 11: the window has 5 working days; then the application is deemed accepted from the day received', () => {
    const { h, id, ctx } = item();
    const timer = h.timers.get(`${id}|window:deemedAcceptance`)!;
    expect(timer.effect.deadline).toMatchObject({ startedAt: T, amount: 5, unit: 'workingDays' });
    must(h.fire(id, 'window:deemedAcceptance', LATER));
    expect(h.state(id)).toBe('windowAccepted');
    expect(ctx().deemedAcceptedAt).toBe(LATER);
    expect(ctx().clock).toMatchObject({ startedAt: T, amount: 5 });
    expect(h.timersOf(id).sort()).toEqual(['promised:due', 'promised:warning']);
  });

  it('point 11: the window’s one notice (一次性告知) stops the deemed acceptance; the resubmission restarts its 5 days', () => {
    const { h, id, ctx } = item();
    must(
      h.send(id, 'WINDOW_REQUEST_CORRECTION', actors.clerk('window'), T, {
        missingMaterials: ['deedTaxReceipt', 'landPriceReceipt'],
      }),
    );
    expect(h.state(id)).toBe('windowCorrection');
    expect(h.timersOf(id)).not.toContain('window:deemedAcceptance');
    expect(itemDef.describe(h.get(id).snapshot).waitingOn).toBe('enterprise');
    must(
      h.send(id, 'COMPLETE_CORRECTION', actors.enterprise(), LATER, {
        suppliedMaterials: ['deedTaxReceipt', 'landPriceReceipt'],
      }),
    );
    expect(h.state(id)).toBe('received');
    expect(h.timers.get(`${id}|window:deemedAcceptance`)!.effect.deadline.startedAt).toBe(LATER);
    expect(ctx().lastResubmission).toEqual(['deedTaxReceipt', 'landPriceReceipt']);
    const other = h.send(id, 'WINDOW_REQUEST_CORRECTION', actors.clerk('window'), LATER, {
      missingMaterials: ['landGrantContract'],
    });
    expect(other).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
  });

  it('point 11: a window decision cancels the deemed-acceptance timer', () => {
    const { h, id } = item();
    must(h.send(id, 'WINDOW_ACCEPT', actors.clerk('window'), T, {}));
    expect(h.timersOf(id)).not.toContain('window:deemedAcceptance');
  });

  it('point 12: 补正 all at once: a second request only names what was resubmitted', () => {
    const { h, id } = item();
    must(h.send(id, 'WINDOW_ACCEPT', actors.clerk('window'), T, {}));
    must(h.send(id, 'DEPARTMENT_ACCEPT', actors.clerk('planning'), T, {}));
    must(h.send(id, 'REQUEST_CORRECTION', actors.clerk('planning'), T, { missingMaterials: ['deedTaxReceipt'] }));
    const again = h.send(id, 'REQUEST_CORRECTION', actors.clerk('planning'), T, {
      missingMaterials: ['landGrantContract'],
    });
    expect(again.ok).toBe(false);
    must(h.send(id, 'COMPLETE_CORRECTION', actors.enterprise(), LATER, { suppliedMaterials: ['deedTaxReceipt'] }));
    const other = h.send(id, 'REQUEST_CORRECTION', actors.clerk('planning'), LATER, {
      missingMaterials: ['landGrantContract'],
    });
    expect(other).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    must(h.send(id, 'REQUEST_CORRECTION', actors.clerk('planning'), LATER, { missingMaterials: ['deedTaxReceipt'] }));
  });

  it('point 10: a decided item has no deadline left in its summary (query columns agree with the detail)', () => {
    const { h, id } = item();
    must(h.send(id, 'WINDOW_ACCEPT', actors.clerk('window'), T, {}));
    must(h.send(id, 'DEPARTMENT_ACCEPT', actors.clerk('planning'), T, {}));
    must(h.send(id, 'APPROVE', actors.clerk('planning'), T, {}));
    expect(itemDef.describe(h.get(id).snapshot)).toMatchObject({ deadline: null, timerState: 'stopped' });
    expect(getDefinition('approval-item', 1)!.describe(h.get(id).snapshot).deadline).not.toBeNull();
  });
});

describe('migrations to the corrected versions', () => {
  it('approval-item v1 → v2 moves; project-case v2 → v3 is refused while items are open on v1', () => {
    const { h, id } = newProject(FULL, 2);
    const child = h.at(id, 'item:projectFiling').id;
    expect(h.migrate(child, 2, actors.admin, T)).toEqual({ ok: true });
    const refused = h.migrate(id, 3, actors.admin, T);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toContain('仍有事项在办');
  });
});

describe('on the calendar (holidays and 调休)', () => {
  it('point 11: the window’s 5 working days skip the Spring Festival and count its make-up Sunday', () => {
    const h = new Harness();
    // Received Tue 2024-02-06 10:00 CST: Wed 07 (1), Thu 08 (2), Fri 09 (3), [10..17 off], Sun 18 调休 (4), Mon 19 (5).
    const id = h.create(
      'i',
      'approval-item',
      2,
      { projectId: 'p', enterpriseId: ENTERPRISE_ID, itemCode: 'projectFiling' },
      actors.system,
      '2024-02-06T02:00:00.000Z',
    );
    const timer = h.timers.get(`${id}|window:deemedAcceptance`)!;
    expect(resolveDeadline(defaultCalendar, timer.effect.deadline)).toMatchObject({ dueDate: '2024-02-19' });
  });

  it('point 6: days used leave out the pause; National Day off and its 调休 Saturday counted', () => {
    // Filed Mon 2026-09-21 09:00 CST. Working days to Wed 2026-10-14: Sep 22–24 (3; Fri 25 is 中秋), 28–30 (3),
    // Oct 8, 9, Sat 10 (调休), 12, 13, 14 (6) = 12 without a pause.
    const h = new Harness();
    const filed = '2026-09-21T01:00:00.000Z';
    const id = h.create(
      'p',
      'project-case',
      3,
      {
        projectId: 'p',
        name: '测试',
        enterpriseId: ENTERPRISE_ID,
        category: 'socialInvestment',
        practices,
        flags: PLANT,
      },
      actors.enterprise(),
      filed,
    );
    const now = '2026-10-15T01:00:00.000Z';
    const used = () => resolveDeadline(defaultCalendar, h.context<ProjectCaseContext>(id).wholeProcess).elapsed(now);
    expect(used()).toBe(12);
    // Everything waits on the enterprise from Mon 09-28 to Fri 10-09 (补正 on the last open item).
    approveItem(h, id, 'item:projectFiling', 'development', filed);
    approveItem(h, id, 'item:landUsePlanningPermit', 'planning', filed);
    const title = acceptItem(h, id, 'item:landTitleRegistration', 'planning', filed);
    must(
      h.send(title, 'REQUEST_CORRECTION', actors.clerk('planning'), '2026-09-28T01:00:00.000Z', {
        missingMaterials: ['deedTaxReceipt'],
      }),
    );
    must(
      h.send(title, 'COMPLETE_CORRECTION', actors.enterprise(), '2026-10-09T01:00:00.000Z', {
        suppliedMaterials: ['deedTaxReceipt'],
      }),
    );
    expect(h.context<ProjectCaseContext>(id).clockPauses).toEqual([
      { from: '2026-09-28T01:00:00.000Z', to: '2026-10-09T01:00:00.000Z', reason: 'correction' },
    ]);
    // Sep 28–30 and Oct 8 no longer count (the day it came back, Oct 9, does): 12 − 4.
    expect(used()).toBe(8);
  });
});
