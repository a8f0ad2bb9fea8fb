/** The 容缺受理 definition. */
import type { Actor, DefinitionMigration, InstanceSummary, PersistedSnapshot } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { narrowProperty, s } from '../core/json-schema';
import { DEFINITION_IDS } from '../protocol';
import { toleranceCommitmentPayloads, toleranceMaterial } from './tolerance-commitment.events';
import {
  awaitingReview,
  createToleranceCommitmentMachine,
  eligibilityReasons,
  type ToleranceCommitmentContext,
} from './tolerance-commitment.machine';

type C = ToleranceCommitmentContext;

export const LABELS: Record<string, string> = {
  requested: '容缺受理申请待审核',
  awaitingSupplement: '容缺材料待补齐',
  fulfilled: '容缺材料已补齐',
  breached: '容缺承诺失信',
  rejected: '不予容缺受理',
  cancelled: '已终止',
};

export function createToleranceCommitmentDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name;
  const dept = (ctx: C, actor: Actor) =>
    who.department(ctx.item.department, actor, departmentName(ctx.item.department));
  /** The materials of the notice in one status, in the item's order. */
  const inStatus = (ctx: C, status: string) => Object.keys(ctx.missing).filter((m) => ctx.missing[m].status === status);
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const payloads = toleranceCommitmentPayloads(catalog);
  const events: Record<string, EventRule<C>> = {
    ACCEPT_TOLERANCE: {
      spec: spec('ACCEPT_TOLERANCE', '容缺受理（出具通知书）', ['clerk'], payloads.ACCEPT_TOLERANCE),
      authorize: dept,
      // The guard's own rule; the enterprise's facts are known when the event is judged.
      precondition: (ctx, circumstances) => {
        const reasons = eligibilityReasons(ctx, circumstances, version);
        return reasons.length ? reasons.join('；') : null;
      },
    },
    REJECT_TOLERANCE: {
      spec: spec('REJECT_TOLERANCE', '不予容缺受理', ['clerk'], payloads.REJECT_TOLERANCE),
      authorize: dept,
    },
    SUPPLY_MATERIAL: {
      spec: spec('SUPPLY_MATERIAL', '补交容缺材料', ['enterprise', 'steward'], payloads.SUPPLY_MATERIAL),
      authorize: owner,
      offer: (ctx, _actor, schema) => {
        const awaited = inStatus(ctx, 'missing');
        return awaited.length
          ? narrowProperty(schema, 'material', awaited)
          : rule('容缺材料均已补交，待审核', 'every missing material has been supplied');
      },
    },
    REVIEW_MATERIAL: {
      spec: spec('REVIEW_MATERIAL', '审核补交材料', ['clerk'], payloads.REVIEW_MATERIAL),
      authorize: dept,
      offer: (ctx, _actor, schema) => {
        const supplied = inStatus(ctx, 'supplied');
        return supplied.length
          ? narrowProperty(schema, 'material', supplied)
          : rule('没有待审核的补交材料', 'no supplied material awaits review');
      },
    },
    EXTEND_FOR_FORCE_MAJEURE: {
      spec: spec('EXTEND_FOR_FORCE_MAJEURE', '因不可抗力延长补齐期限', ['clerk'], payloads.EXTEND_FOR_FORCE_MAJEURE),
      authorize: dept,
      precondition: (ctx) =>
        ctx.extension ? rule('补齐期限只能延长一次', 'the deadline can be extended only once') : null,
    },
    SUPPLEMENT_REMINDER: {
      spec: spec('SUPPLEMENT_REMINDER', '补齐期限提醒', ['system'], payloads.SUPPLEMENT_REMINDER),
      authorize: system,
    },
    SUPPLEMENT_DEADLINE_PASSED: {
      spec: spec('SUPPLEMENT_DEADLINE_PASSED', '补齐期限届满', ['system'], payloads.SUPPLEMENT_DEADLINE_PASSED),
      authorize: system,
    },
    PARENT_CLOSED: { spec: spec('PARENT_CLOSED', '事项已终止', ['system'], payloads.PARENT_CLOSED), authorize: system },
  };
  if (version >= 2) {
    // The department's clock for reviewing supplied materials.
    events.REVIEW_TIME_WARNING = {
      spec: spec('REVIEW_TIME_WARNING', '补交材料审核时限预警', ['system'], payloads.REVIEW_TIME_WARNING),
      authorize: system,
    };
    events.REVIEW_TIME_OVERDUE = {
      spec: spec('REVIEW_TIME_OVERDUE', '补交材料审核逾期', ['system'], payloads.REVIEW_TIME_OVERDUE),
      authorize: system,
    };
  }
  return defineWorkflow<C>({
    id: DEFINITION_IDS.toleranceCommitment,
    version,
    title: '容缺受理',
    machine: createToleranceCommitmentMachine(catalog, version),
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        itemCode: s.choice(
          catalog.items.filter((i) => i.toleranceMode !== null),
          '事项',
        ),
        submittedMaterials: s.array(toleranceMaterial(catalog), '已提交材料'),
        commitmentLetterSigned: s.boolean('已签署承诺书'),
      },
      ['projectId', 'enterpriseId', 'itemCode', 'submittedMaterials', 'commitmentLetterSigned'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const supplied = Object.values(ctx.missing).some((m) => m.status === 'supplied');
      if (version >= 2) return describeV2(state, ctx, done);
      return {
        state,
        statusLabel: LABELS[state] ?? state,
        stage: null,
        departmentQueue:
          state === 'requested' || (state === 'awaitingSupplement' && supplied) ? ctx.item.department : null,
        waitingOn: done ? 'none' : state === 'awaitingSupplement' && !supplied ? 'enterprise' : 'department',
        deadline: ctx.notice?.deadline ?? null,
        timerState: done ? 'stopped' : ctx.notice ? 'normal' : null,
        done,
      };
    },
  });
}

/**
 * v2: while a material is missing the enterprise's deadline shows; once everything has reached the department,
 * the department's review clock does (with its warning and overdue).
 */
function describeV2(state: string, ctx: C, done: boolean): InstanceSummary {
  const missing = Object.values(ctx.missing).some((m) => m.status === 'missing');
  const reviewing = state === 'awaitingSupplement' && awaitingReview(ctx);
  const onDepartment = state === 'requested' || (state === 'awaitingSupplement' && !missing);
  const label = state === 'awaitingSupplement' && !missing ? '容缺材料已补交，待部门审核' : (LABELS[state] ?? state);
  return {
    state,
    statusLabel: label,
    stage: null,
    departmentQueue: state === 'requested' || reviewing ? ctx.item.department : null,
    waitingOn: done ? 'none' : onDepartment ? 'department' : 'enterprise',
    deadline: !done && !missing && ctx.review ? ctx.review.deadline : (ctx.notice?.deadline ?? null),
    timerState: done ? 'stopped' : !missing && ctx.review ? ctx.review.timerState : ctx.notice ? 'normal' : null,
    done,
  };
}

/**
 * v1 → v2: the commitment gets the department's review clock. A case with a supplied material still awaiting
 * review stays on v1: its review clock would start without its timers.
 */
export function createToleranceCommitmentMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.toleranceCommitment,
    fromVersion: 1,
    toVersion: 2,
    migrate(snapshot: PersistedSnapshot) {
      const missing = Object.values((snapshot.context as Partial<C>).missing ?? {});
      const waiting = missing.filter((m) => m.status === 'supplied').map((m) => m.name);
      if (waiting.length) {
        return {
          ok: false,
          reason: rule(
            `以下补交材料待审核，审核后再迁移：${waiting.join('、')}`,
            'a supplied material awaits review; migrate after it is reviewed',
          ),
        };
      }
      return {
        ok: true,
        snapshot: { ...snapshot, context: { ...snapshot.context, review: null, deadlinePassed: false } },
      };
    },
  };
}
