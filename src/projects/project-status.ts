/**
 * The status of a project as an enterprise wants to read it, built from the project row and every instance of
 * its case (items, commitments, foundation permit, sections). Pure: deadlines and allowed events come in as
 * functions, so the shape can be tested without a database.
 */
import type { Actor, DeadlineSpec, EventSpec, TimerState, TimeUnit } from '../../workflows/contract';
import type { RemainingUnit } from '../cases/remaining-unit';
import { certificateName, departmentName, type Catalog, type StageKey } from '../../workflows/catalog';
import { itemReapplyProblem, type ClockPauseReason } from '../../workflows/project-case/project-case.machine';
import { lapsedPermit } from '../../workflows/project-case/v4/work-start-watch';
import { currentStageOf, reopenedStageLabel } from '../../workflows/project-case/v6/reopened-stage';
import { stageReopened } from '../../workflows/project-case/project-case.rules';
import { readableReason } from '../../workflows/core/define';
import { nameCodes } from '../common/errors/zh-names';
import { INVESTOR_TYPES, LAND_SUPPLY_MODES } from './project-options';
import { contextOf } from './instance-contexts';
import { clockUseLabel } from './clock-use-label';
import { bundleState } from './bundle-state';
import { closedItemLabel, reapplyOfferedFor } from './reapplication';
import { STEP_LABELS, stageStep, type StepStatus } from './stage-step';
import type { InstanceRow, ProjectRow } from './projects.repository';

/** Typed by TimerState, so a new clock state without a label does not compile. */
export const TIMER_STATE_LABELS: Record<string, string> = {
  normal: '正常',
  warning: '预警',
  overdue: '逾期',
  paused: '暂停计时',
  stopped: '已停止',
} satisfies Record<TimerState, string>;

const ITEM_STATUS_LABELS: Record<string, string> = {
  pending: '未开始',
  open: '办理中',
  approved: '办结（通过）',
  approvedWithTolerance: '办结（容缺通过）',
  refused: '办结（不通过）',
  closed: '已终止',
  revoked: '已撤销',
};

const CERTIFICATE_STATUS_LABELS: Record<string, string> = { valid: '有效', revoked: '已撤销', lapsed: '已失效' };
/** The causes a project case records for a revoked or lapsed certificate, as people read them. */
const REVOCATION_CAUSE_LABELS: Record<string, string> = {
  toleranceBreach: '容缺承诺未按期履行',
  notifyCommitmentBreach: '告知承诺未履行',
  revoked: '审批部门撤销',
  workNotStarted: '逾期未开工',
};
/** Where a completed project is: past the last stage (the list row and the project page say the same). */
export const COMPLETE_STAGE = { key: 'complete', name: '已竣工验收' } as const;
const MATERIAL_STATUS_LABELS: Record<string, string> = {
  missing: '待补交',
  supplied: '已补交，待审核',
  accepted: '审核通过',
  nonCompliant: '不符合要求',
};
const SECTION_STATUS_LABELS: Record<string, string> = { pending: '未开始', open: '验收中', accepted: '验收通过' };
const PAUSE_LABELS: Record<ClockPauseReason, string> = {
  correction: '待企业补正',
  betweenStages: '待企业申报下一阶段',
  construction: '施工期间（待申请竣工验收）',
  rectification: '待企业整改',
  enterprise: '待企业办理',
  reapplication: '待企业重新申报',
  foundationFirst: '桩基先行施工期间（待±0.000以上施工许可）',
};
export const CIVIL_DEFENSE_LABELS: Record<string, string> = {
  shelter: '修建防空地下室',
  feePaid: '缴纳易地建设费',
  exempt: '免建',
};

export type { StepStatus };

const FOUNDATION_CERTIFICATE = 'foundationConstructionPermit';
const LAPSED_ITEM_LABEL = '已失效（逾期未开工），可重新申报';
const FOUNDATION_FALLBACK_STEP = '按普通程序申请建筑工程施工许可证（施工图审查等通过后办理）';

/** The work-start period of a construction permit, as the project page shows it. */
function workStartOf(inst: InstanceRow | undefined) {
  if (!inst) return null;
  const c = contextOf.workStart(inst);
  return {
    instanceId: inst.id,
    state: inst.state,
    statusLabel: inst.statusLabel,
    extensions: c?.workStart.extensions ?? 0,
    startedAt: c?.workStart.startedAt ?? null,
  };
}

/** The revocation a foundation-permit instance (v2 and later) ended in, or null. */
/** A commitment's outcome with its reason as people read it (released machines store it bilingual). */
function readableOutcome(outcome: unknown): unknown {
  if (!outcome || typeof outcome !== 'object' || !('reason' in outcome) || typeof outcome.reason !== 'string')
    return outcome ?? null;
  return { ...outcome, reason: readableReason(outcome.reason) };
}

function foundationRevocationOf(inst: InstanceRow | null): { reason: string | null; at: string | null } | null {
  if (!inst || inst.state !== 'revoked') return null;
  const revocation = contextOf.foundationPermit(inst)?.revocation;
  // v2–v6 stored a revoked basis by its codes (所依据的审批已撤销：designPlanReview); people read the names.
  const reason = revocation?.reason ? nameCodes(revocation.reason) : null;
  return { reason, at: revocation?.at ?? null };
}

const ABOVE_GROUND_BLOCK_LABEL = '整改确认前，暂不能核发±0.000以上施工许可';

/**
 * The items whose 告知承诺 hold up the above-ground permit (in rectification, breached or revoked), as the
 * foundation case (v4) records them; none once that case has ended (permit issued, lapsed, revoked).
 */
function aboveGroundBlockers(inst: InstanceRow | null): string[] {
  if (!inst || inst.status !== 'active') return [];
  const c = contextOf.foundationPermit(inst);
  return [...(c?.commitmentsInRectification ?? []), ...(c?.commitmentsRevoked ?? [])];
}

export interface DeadlineOut {
  kind: string;
  label: string;
  /** Last day (Asia/Shanghai), e.g. '2026-03-12'. */
  dueDate: string | null;
  dueAt: string | null;
  /** The limit's unit: workingDays, naturalDays or months (a work-start period is 3 months). */
  unit: TimeUnit;
  /** Days left including today, counted in `remainingUnit` (negative when overdue); null while paused. */
  remaining: number | null;
  /** What `remaining` counts: working days, or calendar days (naturalDays and months limits). */
  remainingUnit: RemainingUnit;
  /** @deprecated The same count as `remaining` (calendar days for a months limit, despite the name): read
   * `remaining` with `remainingUnit`. Kept for clients written before. */
  remainingWorkingDays: number | null;
  /** A pause is open: the clock stands, whatever opened it and also once overdue. */
  paused: boolean;
  /** The calendar has no holiday data for these years: the due date is provisional. */
  uncoveredYears: number[];
}

export interface StatusDeps {
  catalog: Catalog;
  deadline(spec: DeadlineSpec | null): DeadlineOut | null;
  /** Events `actor` may send to the instance now. */
  allowedEvents(instance: InstanceRow, actor: Actor): EventSpec[];
  /** The caller as a workflow actor on this project, or null when the caller may only read. */
  caller: Actor | null;
  /** Working days a clock has counted (pauses taken off) and has left, now. */
  clockUse?(spec: DeadlineSpec): { used: number; left: number };
}

const dept = (catalog: Catalog, code: string | null | undefined) =>
  code ? { code, name: departmentName(catalog, code) } : null;
const timer = (state: string | null | undefined) =>
  state
    ? { timerState: state, timerStateLabel: TIMER_STATE_LABELS[state] ?? state }
    : { timerState: null, timerStateLabel: null };
const eventsOut = (events: EventSpec[]) =>
  events.map((e) => ({
    type: e.type,
    label: e.label,
    ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}),
  }));

/** What any of several actors is offered, once per event type: an enabled offer before a greyed-out one. */
function offeredToAny(offers: EventSpec[][]): EventSpec[] {
  const byType = new Map<string, EventSpec>();
  for (const e of offers.flat()) {
    const seen = byType.get(e.type);
    if (!seen || (seen.disabledReason && !e.disabledReason)) byType.set(e.type, e);
  }
  return [...byType.values()];
}

export function buildProjectStatus(project: ProjectRow, instances: InstanceRow[], deps: StatusDeps) {
  const { catalog } = deps;
  const root = instances.find((i) => i.id === project.id);
  if (!root) throw new Error(`project ${project.id} has no case`);
  const ctx = contextOf.projectCase(root);
  if (!ctx) throw new Error(`project ${project.id}'s case is a ${root.definitionId}`);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const childOf = (parent: InstanceRow, key: string) =>
    instances.find((i) => i.parentId === parent.id && i.childKey === key) ?? null;
  const childrenOf = (parent: InstanceRow) => instances.filter((i) => i.parentId === parent.id);
  const itemInstance = (code: string) => {
    const key = ctx.items[code]?.childKey;
    return key ? childOf(root, key) : null;
  };
  // The project case records a revocation's cause (a code); the words are the item's own (its exit reason).
  const revocationReason = (recorded: string | null, itemCode: string): string | null => {
    if (recorded === null) return null;
    const cause = REVOCATION_CAUSE_LABELS[recorded];
    if (!cause) return readableReason(recorded);
    const exit = childrenOf(root)
      .map((i) => contextOf.approvalItem(i))
      .filter((c) => c?.item.code === itemCode && c.exit?.kind === 'revoked')
      .at(-1)?.exit;
    return exit ? `${cause}：${readableReason(exit.reason)}` : cause;
  };
  // The way the item's latest instance ended (不予受理, 撤回, 撤件, 撤销), when it ended without a decision.
  const lastExitOf = (itemCode: string) =>
    childrenOf(root)
      .map((i) => contextOf.approvalItem(i))
      .filter((c) => c?.item.code === itemCode)
      .at(-1)?.exit ?? null;
  const stageOrder = catalog.stages.map((s) => s.key);
  const currentIndex = ctx.stage === 'complete' ? stageOrder.length : stageOrder.indexOf(ctx.stage);
  // A revoked approval reopens its stage for re-application (shown in progress, 已撤销 待重新申报).
  // project-case v4: a construction permit that lapsed (work not started in time) reopens like a revocation.
  const lapse = lapsedPermit(ctx);
  const lapsedItem = lapse ? ctx.certificates[lapse.certificate]?.itemCode : undefined;
  const reopened = (key: StageKey) => stageReopened(ctx, stageOrder, key);
  const stageHeader = (key: StageKey) => {
    const i = stageOrder.indexOf(key);
    const position = i < currentIndex ? 'passed' : i === currentIndex ? 'current' : 'ahead';
    const facts = ctx.itemOrder
      .filter((code) => ctx.items[code].stage === key)
      .map((code) => ({
        required: ctx.items[code].required,
        status: ctx.items[code].status,
        lapsed: code === lapsedItem,
      }));
    return stageStep(position, reopened(key) ? reopenedStageLabel(ctx, key) : null, facts);
  };
  const activeDeadline = (i: InstanceRow | null) => (i && i.status === 'active' ? deps.deadline(i.deadline) : null);
  const category = catalog.projectCategories.find((c) => c.code === project.category);
  const details = project.details as {
    investorType?: keyof typeof INVESTOR_TYPES;
    landSupplyMode?: keyof typeof LAND_SUPPLY_MODES;
    sections?: { key: string; name: string; area?: number | null }[];
  };

  const items = (stageKey: string) =>
    ctx.itemOrder
      .filter((code) => ctx.items[code].stage === stageKey)
      .map((code) => {
        const record = ctx.items[code];
        const item = catalog.items.find((i) => i.code === code)!;
        const inst = itemInstance(code);
        const status =
          record.viaFoundationPermit && record.status === 'pending' ? 'viaFoundationPermit' : record.status;
        return {
          code,
          name: item.name,
          department: dept(catalog, item.department),
          required: record.required,
          instanceId: inst?.id ?? null,
          state: inst?.state ?? null,
          itemStatus: status,
          statusLabel:
            code === lapsedItem && record.status === 'revoked'
              ? LAPSED_ITEM_LABEL
              : (inst?.statusLabel ??
                (status === 'viaFoundationPermit' ? '由桩基先行办理' : ITEM_STATUS_LABELS[record.status])),
          attempts: record.attempts,
          basis: record.basis,
          decidedAt: record.decidedAt,
          /** A commitment (容缺 / 告知承诺) behind the decision is still open. */
          commitmentOpen: record.commitmentOpen,
          /** An approval this one builds on was revoked (受影响). */
          affected: record.flagged,
          certificate: record.certificate
            ? {
                code: record.certificate,
                name: certificateName(catalog, record.certificate),
                status: ctx.certificates[record.certificate]?.status ?? 'notIssued',
              }
            : null,
          deadline: activeDeadline(inst),
          ...timer(inst?.status === 'active' ? inst.timerState : null),
          waitingOn: inst?.status === 'active' ? inst.waitingOn : null,
        };
      });

  const sections = ctx.sectionOrder.map((key) => {
    const s = ctx.sections[key];
    const inst = childOf(root, `section:${key}`);
    const declared = details.sections?.find((d) => d.key === key);
    return {
      key,
      name: s.name,
      area: declared?.area ?? null,
      status: s.status,
      instanceId: inst?.id ?? null,
      state: inst?.state ?? null,
      statusLabel: inst?.statusLabel ?? SECTION_STATUS_LABELS[s.status],
      acceptedAt: s.acceptedAt,
      productionAllowed: s.productionAllowed,
      department: dept(catalog, inst?.status === 'active' ? inst.departmentQueue : null),
      deadline: activeDeadline(inst),
      ...timer(inst?.status === 'active' ? inst.timerState : null),
    };
  });

  const stages = catalog.stages.map((s) => ({
    key: s.key,
    name: s.name,
    leadDepartment: dept(catalog, s.leadDepartment),
    ...stageHeader(s.key),
    items: items(s.key),
    ...(s.key === 'completionAcceptance' ? { sections } : {}),
  }));

  // The foundation permit's own instance knows why it ended: the project case records a revocation (cause
  // 'revoked' on FOUNDATION_PERMIT_LAPSED) like a lapse, so the view reads the cause here.
  const foundationInst = childOf(root, 'foundation');
  const foundationRevocation = foundationRevocationOf(foundationInst);

  // Certificates: issued (with their status) and pending (what they wait for).
  const issued = Object.entries(ctx.certificates).map(([code, c]) => {
    const revokedFoundation = code === FOUNDATION_CERTIFICATE && foundationRevocation !== null;
    const status = revokedFoundation ? 'revoked' : c.status;
    return {
      code,
      name: certificateName(catalog, code),
      itemCode: c.itemCode,
      status,
      statusLabel: CERTIFICATE_STATUS_LABELS[status] ?? status,
      issuedAt: c.issuedAt,
      bundle: c.bundle,
      revokedAt: revokedFoundation ? foundationRevocation.at : c.revokedAt,
      reason: revokedFoundation ? readableReason(foundationRevocation.reason) : revocationReason(c.reason, c.itemCode),
    };
  });
  const pending = ctx.itemOrder
    .filter((code) => {
      const r = ctx.items[code];
      return (
        r.certificate &&
        ctx.certificates[r.certificate]?.status !== 'valid' &&
        !['refused', 'closed'].includes(r.status)
      );
    })
    .map((code) => {
      const r = ctx.items[code];
      const approved = r.status === 'approved' || r.status === 'approvedWithTolerance';
      const inBundle = !!ctx.bundle && ctx.bundle.certificates.includes(r.certificate!) && !ctx.jointIssuedAt;
      const waitingFor = !approved
        ? r.viaFoundationPermit
          ? 'aboveGroundPermit'
          : 'approval'
        : !r.certificateReleasable
          ? 'toleranceMaterials'
          : inBundle
            ? 'jointIssuance'
            : 'issuance';
      const waitingLabel: Record<string, string> = {
        approval: '待事项办结',
        aboveGroundPermit: '待核发±0.000以上施工许可',
        toleranceMaterials: '待补齐容缺材料',
        jointIssuance: `待${ctx.bundle?.name ?? '联合发证'}`,
        issuance: '待发证',
      };
      return {
        code: r.certificate!,
        name: certificateName(catalog, r.certificate!),
        itemCode: code,
        waitingFor,
        waitingForLabel: waitingLabel[waitingFor],
      };
    });
  const bundle = ctx.bundle
    ? {
        code: ctx.bundle.code,
        name: ctx.bundle.name,
        certificates: ctx.bundle.certificates.map((c) => ({ code: c, name: certificateName(catalog, c) })),
        issuedAt: ctx.jointIssuedAt,
        /** A member certificate stands revoked or lapsed after the joint issuance (read from the certificates now,
         * not the case's flag, which a re-issued member never clears). */
        ...bundleState({
          members: ctx.bundle.certificates,
          certificates: ctx.certificates,
          jointIssuedAt: ctx.jointIssuedAt,
          lapsedCertificate: lapse?.certificate ?? null,
          foundationRevoked: foundationRevocation !== null,
        }),
      }
    : null;

  // Commitments: 容缺 (missing materials, supplement deadline) and 告知承诺 (verification). Which 告知承诺 hold up the
  // above-ground permit is the foundation case's own record (foundation-permit v4 decides on it), read while that
  // permit is still to be issued.
  const blocksAboveGround = new Set(aboveGroundBlockers(foundationInst));
  const tolerance: unknown[] = [];
  const notifyCommitments: unknown[] = [];
  for (const itemInst of instances.filter((i) => i.definitionId === 'approval-item')) {
    const itemCtx = contextOf.approvalItem(itemInst);
    if (!itemCtx) continue;
    for (const c of childrenOf(itemInst)) {
      const tc = contextOf.toleranceCommitment(c);
      const nc = contextOf.notifyCommitment(c);
      if (tc) {
        const missing = tc.missing ?? {};
        const notice = tc.notice;
        tolerance.push({
          instanceId: c.id,
          itemCode: itemCtx.item.code,
          itemName: itemCtx.item.name,
          department: dept(catalog, itemCtx.item.department),
          state: c.state,
          statusLabel: c.statusLabel,
          missingMaterials: Object.entries(missing).map(([code, m]) => ({
            code,
            name: m.name,
            form: m.form,
            status: m.status,
            statusLabel: MATERIAL_STATUS_LABELS[m.status] ?? m.status,
            suppliedAt: m.suppliedAt,
          })),
          noticeIssuedAt: notice?.issuedAt ?? null,
          supplementDeadline: c.status === 'active' && notice ? deps.deadline(notice.deadline) : null,
          consequence: notice?.consequence ?? null,
          outcome: readableOutcome(tc.outcome),
        });
      } else if (nc) {
        const rect = nc.rectification;
        const blocks = blocksAboveGround.has(itemCtx.item.code);
        notifyCommitments.push({
          instanceId: c.id,
          itemCode: itemCtx.item.code,
          itemName: itemCtx.item.name,
          department: dept(catalog, itemCtx.item.department),
          state: c.state,
          statusLabel: c.statusLabel,
          conditions: nc.conditions ?? [],
          decidedAt: nc.decidedAt ?? null,
          verification: nc.verification ?? [],
          rectification: rect
            ? {
                order: rect.order,
                reportedAt: rect.reportedAt,
                deadline: c.status === 'active' ? deps.deadline(rect.deadline) : null,
              }
            : null,
          outcome: readableOutcome(nc.outcome),
          /** 桩基先行: this commitment (in rectification, breached or revoked) holds up the above-ground permit. */
          blocksAboveGroundPermit: blocks,
          blockLabel: blocks ? ABOVE_GROUND_BLOCK_LABEL : null,
        });
      }
    }
  }

  const foundationEnded = foundationRevocation !== null || ctx.foundation.status === 'lapsed';
  const foundation = ctx.practices.foundationFirst
    ? {
        status: foundationRevocation ? ('revoked' as const) : ctx.foundation.status,
        instanceId: foundationInst?.id ?? null,
        state: foundationInst?.state ?? null,
        statusLabel: foundationRevocation ? '已撤销' : (foundationInst?.statusLabel ?? '待工程建设许可阶段开始'),
        /** Why a revoked foundation permit was revoked, and when. */
        revocation: foundationRevocation,
        /** The way back once the foundation permit is revoked or lapsed: the plain construction permit. */
        nextStepLabel: foundationEnded ? FOUNDATION_FALLBACK_STEP : null,
        deadline: activeDeadline(foundationInst),
      }
    : null;

  // What happens next: every instance waiting on someone, with who must act and what they can do.
  const subject = (i: InstanceRow): string => {
    const item = contextOf.approvalItem(i);
    if (item) return item.item?.name ?? i.childKey ?? i.id;
    const tolerance = contextOf.toleranceCommitment(i);
    if (tolerance) return `${tolerance.item?.name ?? ''}容缺受理`;
    const notify = contextOf.notifyCommitment(i);
    if (notify) return `${notify.item?.name ?? ''}告知承诺`;
    if (i.definitionId === 'foundation-permit') return '桩基先行施工许可';
    if (i.definitionId === 'work-start') return '施工许可证开工期限';
    const section = contextOf.acceptanceSection(i);
    if (section) return `${String(section.name ?? '')}竣工验收`;
    return i.statusLabel;
  };
  const nextActions = instances
    .filter(
      (i): i is InstanceRow & { waitingOn: 'department' | 'enterprise' } =>
        i.id !== root.id && i.status === 'active' && (i.waitingOn === 'department' || i.waitingOn === 'enterprise'),
    )
    .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'))
    .map((i) => {
      // Who must act: every department that can act now (the definition's reading of its own offers: several at a
      // joint acceptance inspection), the one whose queue it heads first; what they can do, each its own part.
      const departments =
        i.waitingOn === 'enterprise'
          ? []
          : [...new Set([i.departmentQueue, ...i.actingDepartments].filter((d): d is string => !!d))];
      const actors: Actor[] =
        i.waitingOn === 'enterprise'
          ? [{ userId: 'enterprise', role: 'enterprise', enterpriseId: project.enterpriseId }]
          : departments.length
            ? departments.map((department): Actor => ({ userId: 'clerk', role: 'clerk', department }))
            : [{ userId: 'clerk', role: 'clerk' }];
      return {
        instanceId: i.id,
        definitionId: i.definitionId,
        subject: subject(i),
        state: i.state,
        statusLabel: i.statusLabel,
        seq: i.seq,
        waitingOn: i.waitingOn,
        who:
          i.waitingOn === 'enterprise'
            ? { kind: 'enterprise' as const, label: '建设单位（或项目管家代办）' }
            : {
                kind: 'department' as const,
                label: departments.map((d) => departmentName(catalog, d)).join('、') || '部门',
                department: dept(catalog, departments[0]),
                departments: departments.map((code) => ({ code, name: departmentName(catalog, code) })),
              },
        expectedEvents: eventsOut(offeredToAny(actors.map((actor) => deps.allowedEvents(i, actor)))),
        yourEvents: deps.caller ? eventsOut(deps.allowedEvents(i, deps.caller)) : [],
        deadline: activeDeadline(i),
        ...timer(i.timerState),
      };
    });

  // A refused or revoked item: the next step is the enterprise's re-application (重新申报). An item that ended
  // without a decision (不予受理, 撤回, 撤件) likewise, where the project case offers its re-application (xa C5, xb 16).
  const enterpriseActor: Actor = { userId: 'enterprise', role: 'enterprise', enterpriseId: project.enterpriseId };
  const rootEvents = (actor: Actor) => deps.allowedEvents(root, actor).filter((e) => e.type === 'REAPPLY_ITEM');
  const reapplyOffered = reapplyOfferedFor(rootEvents(enterpriseActor));
  const reapplications = ctx.itemOrder
    .filter((code) => {
      const status = ctx.items[code].status;
      if (itemReapplyProblem(ctx, code) !== null) return false;
      return status === 'closed' ? reapplyOffered(code) : status === 'revoked' || status === 'refused';
    })
    .map((code) => {
      const name = catalog.items.find((i) => i.code === code)?.name ?? code;
      const status = ctx.items[code].status;
      return {
        instanceId: root.id,
        definitionId: root.definitionId,
        subject: name,
        state: root.state,
        statusLabel:
          code === lapsedItem
            ? LAPSED_ITEM_LABEL
            : status === 'revoked'
              ? '已撤销，可重新申报'
              : status === 'closed'
                ? closedItemLabel(lastExitOf(code))
                : '不予通过，可重新申报',
        seq: root.seq,
        waitingOn: 'enterprise' as const,
        who: { kind: 'enterprise' as const, label: '建设单位（或项目管家代办）' },
        expectedEvents: eventsOut(rootEvents(enterpriseActor)),
        yourEvents: deps.caller ? eventsOut(rootEvents(deps.caller)) : [],
        payload: { itemCode: code },
        deadline: null,
        ...timer(null),
      };
    });

  // Timeline: every step of the process, done / in progress / not reached.
  const timeline: {
    key: string;
    label: string;
    status: StepStatus;
    statusLabel: string;
    at: string | null;
    detail: string | null;
  }[] = [];
  const step = (key: string, label: string, status: StepStatus, at: string | null, detail: string | null = null) =>
    timeline.push({ key, label, status, statusLabel: STEP_LABELS[status], at, detail });
  step('project', '项目创建（申报）', 'done', project.createdAt);
  for (const s of stages) {
    for (const it of s.items) {
      const decided = ['approved', 'approvedWithTolerance', 'refused', 'closed', 'revoked'].includes(it.itemStatus);
      const status: StepStatus = decided ? 'done' : it.itemStatus === 'open' ? 'inProgress' : 'notReached';
      step(`item:${it.code}`, `${s.name}：${it.name}`, status, it.decidedAt, it.statusLabel);
    }
    if (s.key === 'engineeringPermit' && foundation) {
      const f = ctx.foundation.status;
      const status: StepStatus = [
        'permitted',
        'aboveGroundPermitted',
        'stoppedAtFoundation',
        'refused',
        'lapsed',
      ].includes(f)
        ? 'done'
        : f === 'inProgress'
          ? 'inProgress'
          : 'notReached';
      step(
        'foundation',
        '桩基先行：桩基阶段施工许可',
        status,
        ctx.certificates.foundationConstructionPermit?.issuedAt ?? null,
        foundation.statusLabel,
      );
    }
    if (s.key === 'constructionPermit' && bundle) {
      step(
        'jointIssuance',
        bundle.name,
        ctx.jointIssuedAt ? 'done' : currentIndex >= 0 ? 'inProgress' : 'notReached',
        ctx.jointIssuedAt,
        bundle.statusLabel,
      );
    }
  }
  for (const sec of sections) {
    const status: StepStatus = sec.status === 'accepted' ? 'done' : sec.status === 'open' ? 'inProgress' : 'notReached';
    step(`section:${sec.key}`, `竣工验收：${sec.name}`, status, sec.acceptedAt, sec.statusLabel);
  }
  step('complete', '竣工验收完成', ctx.completedAt ? 'done' : 'notReached', ctx.completedAt);

  // A revocation reopens its stage: the project is back there (the earliest reopened stage), whatever later stage the
  // case had reached. The same rule as project-case v6's summary, so the list and its queue agree.
  const at = currentStageOf(ctx, stageOrder);
  const currentStage = catalog.stages.find((s) => s.key === at);
  return {
    id: project.id,
    code: project.code,
    name: project.name,
    enterprise: { id: project.enterpriseId, name: project.enterpriseName },
    category: category
      ? { code: category.code, name: category.name, targetWorkingDays: category.targetWorkingDays }
      : { code: project.category, name: project.category, targetWorkingDays: null },
    investorType: details.investorType
      ? { code: details.investorType, name: INVESTOR_TYPES[details.investorType] ?? details.investorType }
      : null,
    landSupplyMode: details.landSupplyMode
      ? { code: details.landSupplyMode, name: LAND_SUPPLY_MODES[details.landSupplyMode] ?? details.landSupplyMode }
      : null,
    practices: ctx.practices,
    /** 总投资（万元）; null for a project filed before it was asked. */
    investmentAmount: project.investmentAmount,
    createdAt: project.createdAt,
    case: {
      id: root.id,
      definition: { id: root.definitionId, version: root.definitionVersion },
      seq: root.seq,
      status: root.status,
      statusLabel: root.statusLabel,
    },
    currentStage: currentStage ? { key: currentStage.key, name: currentStage.name } : COMPLETE_STAGE,
    flags: ctx.flags
      ? {
          industrial: ctx.flags.industrial,
          specialConstruction: ctx.flags.specialConstruction,
          civilDefense: { code: ctx.flags.civilDefense, name: CIVIL_DEFENSE_LABELS[ctx.flags.civilDefense] },
        }
      : null,
    wholeProcess: {
      deadline: root.status === 'active' ? deps.deadline(ctx.wholeProcess) : null,
      ...timer(root.status === 'active' ? (root.timerState ?? ctx.timerState) : ctx.timerState),
      /** v3 cases count government time only; their pauses say what the project waited on. */
      governmentTimeOnly: ctx.clockPauses !== undefined,
      ...(deps.clockUse && ctx.clockPauses
        ? (() => {
            const use = deps.clockUse(ctx.wholeProcess);
            return { daysUsed: use.used, daysLeft: use.left, daysLabel: clockUseLabel(use.used, use.left) };
          })()
        : { daysUsed: null, daysLeft: null, daysLabel: null }),
      pauses: (ctx.clockPauses ?? []).map((p) => ({ ...p, reasonLabel: PAUSE_LABELS[p.reason] })),
    },
    stages,
    certificates: { issued, pending, bundle },
    commitments: { tolerance, notifyCommitments },
    foundation,
    /** project-case v4: the latest construction permit's work-start period (建筑法 art. 9). */
    workStart: workStartOf(instances.filter((i) => i.parentId === root.id && i.definitionId === 'work-start').at(-1)),
    nextActions: [...nextActions, ...reapplications],
    timeline,
    // Instances by id, for clients that follow links to /api/cases/{id}.
    instanceCount: byId.size,
  };
}

export type ProjectStatus = ReturnType<typeof buildProjectStatus>;
