/** The 告知承诺 definition. */
import type { Actor, DefinitionMigration, InstanceSummary, PersistedSnapshot } from '../contract';
import { catalogItem } from '../catalog';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { s } from '../core/json-schema';
import { DEFINITION_IDS } from '../protocol';
import { notifyCommitmentPayloads } from './notify-commitment.events';
import {
  createNotifyCommitmentMachine,
  notifyCommitmentIneligibility,
  type NotifyCommitmentContext,
} from './notify-commitment.machine';

type C = NotifyCommitmentContext;

export const LABELS: Record<string, string> = {
  signed: '告知承诺待审批',
  awaitingVerification: '已审批，待核查',
  rectifying: '限期整改中',
  rectificationReported: '整改完成待复查',
  verified: '核查通过',
  revoked: '已撤销（承诺不实或未整改）',
  refused: '不予适用告知承诺',
  cancelled: '已终止',
};

export function createNotifyCommitmentDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name;
  const dept = (ctx: C, actor: Actor) =>
    who.department(ctx.item.department, actor, departmentName(ctx.item.department));
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const payloads = notifyCommitmentPayloads();
  const events: Record<string, EventRule<C>> = {
    DECIDE_ON_COMMITMENT: {
      spec: spec('DECIDE_ON_COMMITMENT', '按告知承诺审批', ['clerk'], payloads.DECIDE_ON_COMMITMENT),
      authorize: dept,
      // The guard's own rule; the enterprise's facts are known when the event is judged.
      precondition: (ctx, circumstances) => {
        const reasons = notifyCommitmentIneligibility(ctx, {
          facts: circumstances.at ? circumstances.facts : undefined,
          occurredAt: circumstances.at ?? '1970-01-01T00:00:00.000Z',
        });
        return reasons.length ? reasons.join('；') : null;
      },
    },
    REFUSE_COMMITMENT: {
      spec: spec('REFUSE_COMMITMENT', '不予适用告知承诺', ['clerk'], payloads.REFUSE_COMMITMENT),
      authorize: dept,
    },
    VERIFY: {
      spec: spec('VERIFY', '核查承诺（现场核查 / 对标验收）', ['clerk'], payloads.VERIFY),
      authorize: dept,
    },
    FIND_FALSE_COMMITMENT: {
      spec: spec('FIND_FALSE_COMMITMENT', '认定承诺不实', ['clerk'], payloads.FIND_FALSE_COMMITMENT),
      authorize: dept,
    },
    REPORT_RECTIFIED: {
      spec: spec('REPORT_RECTIFIED', '报告整改完成', ['enterprise', 'steward'], payloads.REPORT_RECTIFIED),
      authorize: owner,
    },
    CONFIRM_RECTIFIED: {
      spec: spec('CONFIRM_RECTIFIED', '复查通过', ['clerk'], payloads.CONFIRM_RECTIFIED),
      authorize: dept,
    },
    REJECT_RECTIFICATION: {
      spec: spec('REJECT_RECTIFICATION', '复查不通过（未整改）', ['clerk'], payloads.REJECT_RECTIFICATION),
      authorize: dept,
    },
    RECTIFICATION_DEADLINE_PASSED: {
      spec: spec('RECTIFICATION_DEADLINE_PASSED', '整改期限届满', ['system'], payloads.RECTIFICATION_DEADLINE_PASSED),
      authorize: system,
    },
    PARENT_CLOSED: { spec: spec('PARENT_CLOSED', '事项已终止', ['system'], payloads.PARENT_CLOSED), authorize: system },
  };
  if (version >= 2) {
    // The department's clock for verifying a reported rectification.
    events.VERIFICATION_TIME_WARNING = {
      spec: spec('VERIFICATION_TIME_WARNING', '整改复查时限预警', ['system'], payloads.VERIFICATION_TIME_WARNING),
      authorize: system,
    };
    events.VERIFICATION_TIME_OVERDUE = {
      spec: spec('VERIFICATION_TIME_OVERDUE', '整改复查逾期', ['system'], payloads.VERIFICATION_TIME_OVERDUE),
      authorize: system,
    };
  }
  return defineWorkflow<C>({
    id: DEFINITION_IDS.notifyCommitment,
    version,
    title: '告知承诺',
    machine: createNotifyCommitmentMachine(catalog, version),
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        itemCode: s.choice(
          catalog.items.filter((i) => i.notifyCommitAllowed),
          '事项',
        ),
        commitmentSigned: s.boolean('已签署告知承诺书'),
        conditions: s.array(s.text('承诺事项'), '承诺符合的条件'),
      },
      ['projectId', 'enterpriseId', 'itemCode', 'commitmentSigned'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const verifying = version >= 2 && state === 'rectificationReported';
      const clock = verifying ? (ctx.rectification?.verification ?? null) : null;
      return {
        state,
        statusLabel: LABELS[state] ?? state,
        stage: null,
        departmentQueue: done || state === 'rectifying' ? null : ctx.item.department,
        waitingOn: done ? 'none' : state === 'rectifying' ? 'enterprise' : 'department',
        // v2: once reported, the department's verification clock is the one that runs.
        deadline: verifying
          ? (clock?.deadline ?? null)
          : state === 'rectifying' || state === 'rectificationReported'
            ? (ctx.rectification?.deadline ?? null)
            : null,
        timerState: verifying
          ? (clock?.timerState ?? null)
          : state === 'rectifying' || state === 'rectificationReported'
            ? 'normal'
            : null,
        done,
      };
    },
  });
}

/**
 * v1 → v2: every state moves. A rectification already reported on v1 keeps no clock of the department's (none
 * was started); its v1 deadline timer, if it still fires, is recorded and changes nothing.
 */
export function createNotifyCommitmentMigration(catalog: Catalog): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.notifyCommitment,
    fromVersion: 1,
    toVersion: 2,
    migrate(snapshot: PersistedSnapshot) {
      const ctx = snapshot.context as Partial<C>;
      const code = ctx.item?.code;
      const item = code ? catalog.items.find((i) => i.code === code) : undefined;
      if (!item) return { ok: true, snapshot };
      return {
        ok: true,
        snapshot: {
          ...snapshot,
          context: { ...snapshot.context, promisedLimit: catalogItem(catalog, item.code).promisedLimit },
        },
      };
    },
  };
}

/**
 * v3 → v4: refused. A v3 commitment belongs to an approval-item v2, which would refuse v4's rectification notice;
 * the commitment finishes on v3 (its project learns of a rectification only on new projects).
 */
export function createNotifyCommitmentRectificationMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.notifyCommitment,
    fromVersion: 3,
    toVersion: 4,
    migrate() {
      return {
        ok: false,
        reason: rule(
          '本告知承诺所属事项按旧版本办理，不能接收整改通知；请在原版本上办结',
          'its approval item (v2) would refuse the v4 rectification notice; the commitment stays on version 3',
        ),
      };
    },
  };
}
