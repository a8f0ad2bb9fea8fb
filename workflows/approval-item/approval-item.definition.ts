/** The 事项实例 definition: events, who may send them, payload schemas, and the human summary. */
import type { Actor, Circumstances, DefinitionMigration, InstanceSummary, PersistedSnapshot } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { narrowProperty, s } from '../core/json-schema';
import { toleranceIneligibility } from '../tolerance-commitment/eligibility';
import { COMMITMENT_RECTIFICATION_ORDERED, DEFINITION_IDS } from '../protocol';
import { migrateContext } from '../core/kit';
import {
  approvalItemGuards,
  correctionRequestProblem,
  createApprovalItemMachine,
  dependencyProblem,
  DEPENDENCY_APPROVED,
  DEPENDENCY_REVOKED,
  notifyCommitIneligibility,
  WINDOW_DEEMED_ACCEPTED,
  WINDOW_REQUEST_CORRECTION,
  type ApprovalItemContext,
} from './approval-item.machine';
import { approvalItemPayloads, type ApprovalItemPayloads } from './approval-item.events';

type C = ApprovalItemContext;

export const STATUS_LABELS: Record<string, string> = {
  received: '已接件',
  windowAccepted: '窗口已受理',
  'departmentAccepted.reviewing': '部门审查中',
  'departmentAccepted.correctionRequested': '待补正',
  windowCorrection: '待补正（窗口一次性告知）',
  'departmentAccepted.specialProcedure': '特别程序中',
  approved: '办结（通过）',
  approvedWithTolerance: '办结（容缺通过）',
  refused: '办结（不通过）',
  notAccepted: '不予受理',
  withdrawn: '已撤件',
  recalled: '已撤回',
  revoked: '已撤销',
};

export function createApprovalItemDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const machine = createApprovalItemMachine(catalog, version);
  const payloads = approvalItemPayloads(catalog);
  const allMaterials = [...new Map(catalog.items.flatMap((i) => i.materials.map((m) => [m.code, m]))).values()];
  const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name;

  const window = (_: C, actor: Actor) => who.department('window', actor, departmentName('window'));
  const dept = (ctx: C, actor: Actor) =>
    who.department(ctx.item.department, actor, departmentName(ctx.item.department));
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const itemMaterials = (ctx: C) => ctx.item.materials.map((m) => m.code);
  /** The request as the applicant would best make it (signed), so the case's own rules can be judged before asking. */
  const signedRequest = (circumstances: Circumstances) => ({
    signed: true,
    at: circumstances.at ?? '1970-01-01T00:00:00.000Z',
    facts: circumstances.at ? circumstances.facts : undefined,
  });

  const withdrawCheck = (ctx: C) =>
    ctx.applicationDecided
      ? rule(
          '同一申请中已有事项办结，不能撤件',
          'an item of this application has been decided; it can no longer be withdrawn',
        )
      : null;

  const events: Record<string, EventRule<C>> = {
    WINDOW_ACCEPT: {
      spec: spec('WINDOW_ACCEPT', '窗口受理', ['clerk'], payloads.WINDOW_ACCEPT),
      authorize: window,
    },
    NOT_ACCEPT: { spec: spec('NOT_ACCEPT', '不受理', ['clerk'], payloads.NOT_ACCEPT), authorize: window },
    DEPARTMENT_ACCEPT: {
      spec: spec('DEPARTMENT_ACCEPT', '部门受理', ['clerk'], payloads.DEPARTMENT_ACCEPT),
      authorize: dept,
    },
    REJECT_OUT_OF_SCOPE: {
      spec: spec('REJECT_OUT_OF_SCOPE', '不予受理', ['clerk'], payloads.REJECT_OUT_OF_SCOPE),
      authorize: dept,
    },
    REQUEST_CORRECTION: {
      spec: spec('REQUEST_CORRECTION', '一次性告知补正', ['clerk'], payloads.REQUEST_CORRECTION),
      authorize: dept,
      offer: (ctx, _actor, schema) => narrowProperty(schema, 'missingMaterials', itemMaterials(ctx)),
    },
    COMPLETE_CORRECTION: {
      spec: spec('COMPLETE_CORRECTION', '补正材料', ['enterprise', 'steward'], payloads.COMPLETE_CORRECTION),
      authorize: owner,
      // Must cover every requested material (the correctionCovered guard): exactly those, all of them.
      offer: (ctx, _actor, schema) =>
        ctx.correction?.requested.length
          ? narrowProperty(schema, 'suppliedMaterials', ctx.correction.requested, { all: true })
          : rule('没有待补正的材料', 'no correction was requested'),
    },
    START_SPECIAL_PROCEDURE: {
      spec: spec('START_SPECIAL_PROCEDURE', '启动特别程序', ['clerk'], payloads.START_SPECIAL_PROCEDURE),
      authorize: dept,
    },
    END_SPECIAL_PROCEDURE: {
      spec: spec('END_SPECIAL_PROCEDURE', '结束特别程序', ['clerk'], payloads.END_SPECIAL_PROCEDURE),
      authorize: dept,
    },
    APPROVE: {
      spec: spec('APPROVE', '办结（通过）', ['clerk'], payloads.APPROVE),
      authorize: dept,
      precondition: (ctx) => {
        if (ctx.tolerance && ['requested', 'accepted'].includes(ctx.tolerance.status)) {
          return rule(
            '本事项按容缺受理办理，应选择「办结（容缺通过）」',
            'tolerance is in progress; decide with APPROVE_WITH_TOLERANCE',
          );
        }
        if (ctx.notifyCommitment?.status === 'requested') {
          return rule('告知承诺审批进行中', 'a notify-commitment decision is pending');
        }
        const codes = new Set(ctx.submittedMaterials);
        const missing = ctx.item.materials.filter((m) => !codes.has(m.code));
        if (missing.length) {
          return rule(
            `材料不全：${missing.map((m) => m.name).join('、')}，请一次性告知补正或按容缺受理`,
            `materials missing: ${missing.map((m) => m.code).join(', ')}; request a correction or use tolerance`,
          );
        }
        return approvalItemGuards.materialsComplete({ context: ctx })
          ? null
          : rule('容缺受理或告知承诺尚未办结', 'a tolerance or notify-commitment decision is still open');
      },
    },
    APPROVE_WITH_TOLERANCE: {
      spec: spec('APPROVE_WITH_TOLERANCE', '办结（容缺通过）', ['clerk'], payloads.APPROVE_WITH_TOLERANCE),
      authorize: dept,
      precondition: (ctx) =>
        ctx.tolerance?.status === 'accepted'
          ? null
          : rule('尚未出具容缺受理通知书', 'tolerance has not been accepted (no 容缺受理通知书 issued)'),
    },
    REFUSE: { spec: spec('REFUSE', '办结（不通过）', ['clerk'], payloads.REFUSE), authorize: dept },
    REQUEST_TOLERANCE: {
      spec: spec('REQUEST_TOLERANCE', '申请容缺受理', ['enterprise', 'steward'], payloads.REQUEST_TOLERANCE),
      authorize: owner,
      precondition: (ctx, circumstances) => {
        if (!ctx.practices.tolerance)
          return rule('本项目未申报容缺受理', 'the project did not declare tolerance acceptance');
        if (ctx.tolerance && ['requested', 'accepted'].includes(ctx.tolerance.status)) {
          return rule('容缺受理已在办理中', 'a tolerance request is already in progress');
        }
        if (ctx.tolerance?.status === 'breached') {
          return rule('本事项容缺承诺已失信', 'a tolerance commitment on this item was breached');
        }
        if (ctx.notifyCommitment?.status === 'requested') {
          return rule(
            '告知承诺审批办理中，不能同时申请容缺受理',
            '告知承诺 in progress; cannot also request tolerance',
          );
        }
        // The guard's own eligibility rule, asked with the commitment letter signed (the schema requires it).
        const reasons = toleranceIneligibility(
          {
            itemName: ctx.item.name,
            toleranceMode: ctx.item.toleranceMode,
            materials: ctx.item.materials,
            submittedMaterials: ctx.submittedMaterials,
          },
          true,
          circumstances.facts,
        );
        return reasons.length ? reasons.join('；') : null;
      },
    },
    REQUEST_NOTIFY_COMMITMENT: {
      spec: spec(
        'REQUEST_NOTIFY_COMMITMENT',
        '申请告知承诺审批',
        ['enterprise', 'steward'],
        payloads.REQUEST_NOTIFY_COMMITMENT,
      ),
      authorize: owner,
      precondition: (ctx, circumstances) => {
        if (ctx.notifyCommitment?.status === 'requested') return rule('告知承诺审批已在办理中', 'already requested');
        if (ctx.tolerance && ['requested', 'accepted'].includes(ctx.tolerance.status)) {
          return rule('容缺受理办理中，不能同时申请告知承诺', 'tolerance in progress; cannot also request 告知承诺');
        }
        // The guard's own eligibility rule, asked with the commitment signed (the schema requires it).
        const reasons = notifyCommitIneligibility(ctx, signedRequest(circumstances));
        return reasons.length ? reasons.join('；') : null;
      },
    },
    WITHDRAW: {
      spec: spec('WITHDRAW', '撤件', ['enterprise', 'steward'], payloads.WITHDRAW),
      authorize: owner,
      precondition: withdrawCheck,
    },
    RECALL: { spec: spec('RECALL', '撤回', ['clerk'], payloads.RECALL), authorize: window },
    REVOKE: { spec: spec('REVOKE', '撤销', ['clerk'], payloads.REVOKE), authorize: dept },
    APPLICATION_DECIDED: {
      spec: spec('APPLICATION_DECIDED', '同一申请已有事项办结', ['system'], payloads.APPLICATION_DECIDED),
      authorize: system,
    },
    PROMISED_TIME_WARNING: {
      spec: spec('PROMISED_TIME_WARNING', '承诺时限预警', ['system'], payloads.PROMISED_TIME_WARNING),
      authorize: system,
    },
    PROMISED_TIME_OVERDUE: {
      spec: spec('PROMISED_TIME_OVERDUE', '承诺时限逾期', ['system'], payloads.PROMISED_TIME_OVERDUE),
      authorize: system,
    },
    TOLERANCE_ACCEPTED: {
      spec: spec('TOLERANCE_ACCEPTED', '容缺受理通知书已出具', ['system'], payloads.TOLERANCE_ACCEPTED),
      authorize: system,
    },
    TOLERANCE_REJECTED: {
      spec: spec('TOLERANCE_REJECTED', '容缺受理未获同意', ['system'], payloads.TOLERANCE_REJECTED),
      authorize: system,
    },
    TOLERANCE_FULFILLED: {
      spec: spec('TOLERANCE_FULFILLED', '容缺材料已补齐', ['system'], payloads.TOLERANCE_FULFILLED),
      authorize: system,
    },
    TOLERANCE_BREACHED: {
      spec: spec('TOLERANCE_BREACHED', '容缺承诺失信', ['system'], payloads.TOLERANCE_BREACHED),
      authorize: system,
    },
    COMMITMENT_DECIDED: {
      spec: spec('COMMITMENT_DECIDED', '告知承诺审批办结', ['system'], payloads.COMMITMENT_DECIDED),
      authorize: system,
    },
    COMMITMENT_REFUSED: {
      spec: spec('COMMITMENT_REFUSED', '告知承诺不予适用', ['system'], payloads.COMMITMENT_REFUSED),
      authorize: system,
    },
    COMMITMENT_VERIFIED: {
      spec: spec('COMMITMENT_VERIFIED', '承诺核查通过', ['system'], payloads.COMMITMENT_VERIFIED),
      authorize: system,
    },
    COMMITMENT_REVOKED: {
      spec: spec('COMMITMENT_REVOKED', '承诺不实或未整改', ['system'], payloads.COMMITMENT_REVOKED),
      authorize: system,
    },
  };

  if (version >= 2) addVersionTwoRules(catalog, payloads, events);
  if (version >= 3) {
    events[COMMITMENT_RECTIFICATION_ORDERED] = {
      spec: spec(
        COMMITMENT_RECTIFICATION_ORDERED,
        '告知承诺限期整改',
        ['system'],
        payloads[COMMITMENT_RECTIFICATION_ORDERED],
      ),
      authorize: system,
    };
  }
  if (version >= 4) {
    // v4: taken before the decision too, while the 容缺 stands accepted (the machine's toleranceAccepted guard).
    events.TOLERANCE_FULFILLED = {
      ...events.TOLERANCE_FULFILLED,
      precondition: (ctx) =>
        approvalItemGuards.toleranceAccepted({ context: ctx })
          ? null
          : rule('没有已受理的容缺承诺', 'no accepted tolerance commitment to fulfil'),
    };
  }

  return defineWorkflow<C>({
    id: DEFINITION_IDS.approvalItem,
    version,
    title: '事项实例',
    machine,
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        itemCode: s.choice(catalog.items, '事项'),
        applicationKey: s.string('所属申请（阶段）'),
        submittedMaterials: s.array(s.choice(allMaterials, '材料'), '已提交材料（缺省为全部）'),
        practices: s.object({ tolerance: s.boolean('容缺受理'), notifyCommit: s.boolean('告知承诺制') }, [], {
          description: '申报的办理方式',
        }),
        department: s.choice(catalog.departments, '（忽略，由目录决定）'),
        ...(version >= 2
          ? {
              blockedBy: s.array(s.choice(catalog.items, '事项'), '尚未办结通过的前置事项'),
              applicationDecided: s.boolean('同一申请已有事项办结'),
              // The catalog's materials as they apply to the project (the project case passes them); typed, so
              // a client, and the walk's generator, can only send materials the item can hold.
              materials: s.array(
                s.object(
                  {
                    code: s.choice(allMaterials, '材料'),
                    name: s.string('材料名称'),
                    core: s.boolean('核心材料'),
                    tolerable: s.boolean('列入容缺清单'),
                    form: s.string('补交形式（原件/复印件/电子件）'),
                    appliesWhen: { type: 'object', description: '适用条件（按项目属性）' },
                  },
                  ['code', 'name', 'core', 'tolerable'],
                ),
                '按项目情况适用的材料（缺省为目录所列）',
              ),
            }
          : {}),
      },
      ['projectId', 'enterpriseId', 'itemCode'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const waitingOn: InstanceSummary['waitingOn'] = done
        ? 'none'
        : state === 'departmentAccepted.correctionRequested' || state === 'windowCorrection'
          ? 'enterprise'
          : state === 'approved' || state === 'approvedWithTolerance'
            ? 'none'
            : 'department';
      const queue =
        state === 'received'
          ? 'window'
          : state.startsWith('departmentAccepted') || state === 'windowAccepted'
            ? ctx.item.department
            : null;
      // v2: a decided or closed item has no deadline left, so the query columns agree with the detail view.
      const settled = version >= 2 && (ctx.decision !== null || ctx.exit !== null);
      return {
        state,
        statusLabel: STATUS_LABELS[state] ?? state,
        stage: ctx.item.stage,
        departmentQueue: waitingOn === 'department' ? queue : null,
        waitingOn,
        deadline: settled ? null : ctx.clock,
        timerState: ctx.timerState,
        done,
      };
    },
  });
}

/** The material codes of a payload member its schema has already checked (none when absent). */
function materialCodes(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : [];
}

/**
 * Version 2 (catalog v2): an item is decided only after the items it depends on are approved; the window's
 * 5 working days end in a recorded deemed acceptance; a second 补正 may only name resubmitted materials.
 */
function addVersionTwoRules(
  catalog: Catalog,
  payloads: ApprovalItemPayloads,
  events: Record<string, EventRule<C>>,
): void {
  const name = (code: string) => catalog.items.find((i) => i.code === code)?.name ?? code;
  const blocked = (ctx: C) => dependencyProblem(ctx, (c) => `「${name(c)}」`);
  const both =
    (first: EventRule<C>['precondition']): EventRule<C>['precondition'] =>
    (ctx, circumstances) =>
      blocked(ctx) ?? first?.(ctx, circumstances) ?? null;
  for (const type of ['APPROVE', 'APPROVE_WITH_TOLERANCE', 'REQUEST_NOTIFY_COMMITMENT']) {
    events[type] = { ...events[type], precondition: both(events[type].precondition) };
  }
  // 撤件 is not offered once the application has a decision (a refusal included), not only refused when sent.
  events.WITHDRAW = {
    ...events.WITHDRAW,
    precondition: (ctx) =>
      ctx.applicationDecided
        ? rule(
            '同一申请中已有事项办结，不能撤件',
            'an item of this application has been decided; it can no longer be withdrawn',
          )
        : null,
  };
  const correction = events.REQUEST_CORRECTION;
  // A second 补正 only for what the resubmission changed: offered as exactly those materials.
  const resubmittedOr = (ctx: C): string[] =>
    ctx.lastResubmission !== undefined && ctx.corrections > 0
      ? (ctx.lastResubmission ?? [])
      : ctx.item.materials.map((m) => m.code);
  events.REQUEST_CORRECTION = {
    ...correction,
    check: (ctx, event) =>
      correction.check?.(ctx, event) ?? correctionRequestProblem(ctx, materialCodes(event.payload.missingMaterials)),
    offer: (ctx, _actor, schema) =>
      resubmittedOr(ctx).length
        ? narrowProperty(schema, 'missingMaterials', resubmittedOr(ctx))
        : rule('补正后未重新提交材料，不能再次要求补正', 'nothing was resubmitted since the last correction'),
  };
  events[DEPENDENCY_APPROVED] = {
    spec: spec(DEPENDENCY_APPROVED, '前置事项已办结通过', ['system'], payloads[DEPENDENCY_APPROVED]),
    authorize: (_, actor) => who.system(_, actor),
  };
  events[DEPENDENCY_REVOKED] = {
    spec: spec(DEPENDENCY_REVOKED, '前置事项已撤销', ['system'], payloads[DEPENDENCY_REVOKED]),
    authorize: (_, actor) => who.system(_, actor),
  };
  events[WINDOW_REQUEST_CORRECTION] = {
    spec: spec(WINDOW_REQUEST_CORRECTION, '窗口一次性告知补正', ['clerk'], payloads[WINDOW_REQUEST_CORRECTION]),
    authorize: (_, actor) =>
      who.department('window', actor, catalog.departments.find((d) => d.code === 'window')?.name),
    check: events.REQUEST_CORRECTION.check,
    offer: (ctx, _actor, schema) =>
      resubmittedOr(ctx).length
        ? narrowProperty(schema, 'missingMaterials', resubmittedOr(ctx))
        : rule('没有可要求补正的材料', 'no material can be named in a correction'),
  };
  events[WINDOW_DEEMED_ACCEPTED] = {
    spec: spec(WINDOW_DEEMED_ACCEPTED, '窗口逾期未处理，视为受理', ['system'], payloads[WINDOW_DEEMED_ACCEPTED]),
    authorize: (_, actor) => who.system(_, actor),
  };
}

/**
 * v1 → v2: an item moves at any point; it has no dependencies left to wait for (its project case decides the
 * order of items it opens from then on), no resubmission on record, and no window timer when already past it.
 */
export function createApprovalItemMigration(fromVersion: number, toVersion: number): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.approvalItem,
    fromVersion,
    toVersion,
    migrate(snapshot: PersistedSnapshot) {
      const migrated = migrateContext<C>(snapshot, (ctx) => {
        ctx.blockedBy = [];
        ctx.lastResubmission = null;
        ctx.deemedAcceptedAt = null;
      });
      return { ok: true, snapshot: migrated };
    },
  };
}

/**
 * v3 → v4: v4 only adds TOLERANCE_FULFILLED before the decision, on the same context, so every item moves: one
 * awaiting its decision with an accepted 容缺 can then have its last material accepted at once (on v3 the review
 * waited for the decision); a decided or closed one answers as on v3.
 */
export function createApprovalItemEarlyFulfilmentMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.approvalItem,
    fromVersion: 3,
    toVersion: 4,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot: { ...snapshot } }),
  };
}

/**
 * v2 → v3: an item moves at any point. It keeps starting its 告知承诺 on the version it would have (no
 * rectification notice): its project may be a project-case v4, which would refuse the notice passed on.
 */
export function createApprovalItemRectificationMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.approvalItem,
    fromVersion: 2,
    toVersion: 3,
    migrate(snapshot: PersistedSnapshot) {
      const migrated = migrateContext<C>(snapshot, (ctx) => {
        ctx.rectificationNotices = false;
      });
      return { ok: true, snapshot: migrated };
    },
  };
}
