/** The 桩基先行 definition. */
import type { Actor, DefinitionMigration, InstanceSummary, PersistedSnapshot } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { s } from '../core/json-schema';
import { DEFINITION_IDS } from '../protocol';
import { foundationPermitPayloads, prerequisites, rectificationNotice } from './foundation-permit.events';
import {
  aboveGroundProblems,
  createFoundationPermitMachine,
  EXTENSION_REQUEST_FOUNDATION_VERSION,
  foundationConditionMessage,
  unmetFoundationConditions,
  type FoundationPermitContext,
} from './foundation-permit.machine';

type C = FoundationPermitContext;

export const LABELS: Record<string, string> = {
  preparing: '桩基先行：准备申报',
  foundationApplied: '桩基阶段施工许可审查中',
  'foundationPermitted.awaitingWorkStart': '桩基阶段施工许可已核发，待开工',
  'foundationPermitted.foundationWorkUnderway': '桩基施工中',
  'foundationPermitted.aboveGroundApplied': '±0.000以上施工许可审查中',
  aboveGroundPermitted: '±0.000以上施工许可已核发',
  stoppedAtFoundation: '±0.000以上施工许可不予核发，停工于桩基阶段',
  revoked: '桩基阶段施工许可已撤销',
  lapsed: '逾期未开工，桩基阶段施工许可失效',
  refused: '桩基阶段施工许可不予核发',
};

export function createFoundationPermitDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const itemName = (code: string) => `「${catalog.items.find((i) => i.code === code)?.name ?? code}」`;
  const housingName = catalog.departments.find((d) => d.code === 'housing')?.name;
  const housing = (_: C, actor: Actor) => who.department('housing', actor, housingName);
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const payloads = foundationPermitPayloads(catalog);
  const events: Record<string, EventRule<C>> = {
    APPLY_FOUNDATION_PERMIT: {
      spec: spec(
        'APPLY_FOUNDATION_PERMIT',
        '申请桩基阶段施工许可',
        ['enterprise', 'steward'],
        payloads.APPLY_FOUNDATION_PERMIT,
      ),
      authorize: owner,
    },
    ISSUE_FOUNDATION_PERMIT: {
      spec: spec('ISSUE_FOUNDATION_PERMIT', '核发桩基阶段施工许可', ['clerk'], payloads.ISSUE_FOUNDATION_PERMIT),
      authorize: housing,
      // Greyed out with what is missing, not hidden: the clerk sees why the permit cannot be issued yet.
      awaits: (ctx) => {
        const unmet = unmetFoundationConditions(ctx);
        return unmet.length ? foundationConditionMessage(unmet) : null;
      },
    },
    REFUSE_FOUNDATION_PERMIT: {
      spec: spec('REFUSE_FOUNDATION_PERMIT', '不予核发桩基阶段施工许可', ['clerk'], payloads.REFUSE_FOUNDATION_PERMIT),
      authorize: housing,
    },
    WORK_STARTED: {
      spec: spec('WORK_STARTED', '报告开工', ['enterprise', 'steward'], payloads.WORK_STARTED),
      authorize: owner,
    },
    // v7: the enterprise asks for the extension before the deadline and the request is the grant (as work-start's
    // REQUEST_WORK_START_EXTENSION, DOMAIN.md "if requested"); the department's unasked EXTEND_WORK_START is gone.
    ...(version >= EXTENSION_REQUEST_FOUNDATION_VERSION
      ? {
          REQUEST_WORK_START_EXTENSION: {
            spec: spec(
              'REQUEST_WORK_START_EXTENSION',
              `申请延期开工（${catalog.foundationFirst.extensionMonths}个月）`,
              ['enterprise', 'steward'],
              payloads.REQUEST_WORK_START_EXTENSION,
            ),
            authorize: owner,
            precondition: (ctx: C) =>
              ctx.workStart.extensions < ctx.rules.maxExtensions
                ? null
                : rule(
                    `延期以${ctx.rules.maxExtensions}次为限，已不能再延期`,
                    `at most ${ctx.rules.maxExtensions} extensions`,
                  ),
          },
        }
      : {
          EXTEND_WORK_START: {
            spec: spec('EXTEND_WORK_START', '准予延期开工（3个月）', ['clerk'], payloads.EXTEND_WORK_START),
            authorize: housing,
            precondition: (ctx: C) =>
              ctx.workStart.extensions < ctx.rules.maxExtensions
                ? null
                : rule(`延期以${ctx.rules.maxExtensions}次为限`, `at most ${ctx.rules.maxExtensions} extensions`),
          },
        }),
    APPLY_ABOVE_GROUND_PERMIT: {
      spec: spec(
        'APPLY_ABOVE_GROUND_PERMIT',
        '申请±0.000以上施工许可',
        ['enterprise', 'steward'],
        payloads.APPLY_ABOVE_GROUND_PERMIT,
      ),
      authorize: owner,
    },
    ISSUE_ABOVE_GROUND_PERMIT: {
      spec: spec('ISSUE_ABOVE_GROUND_PERMIT', '核发±0.000以上施工许可', ['clerk'], payloads.ISSUE_ABOVE_GROUND_PERMIT),
      authorize: housing,
      awaits: (ctx) => {
        // People read item names, never codes.
        const problems = aboveGroundProblems(ctx, version, itemName);
        return problems.length ? problems.join('；') : null;
      },
    },
    REFUSE_ABOVE_GROUND_PERMIT: {
      spec: spec(
        'REFUSE_ABOVE_GROUND_PERMIT',
        '不予核发±0.000以上施工许可',
        ['clerk'],
        payloads.REFUSE_ABOVE_GROUND_PERMIT,
      ),
      authorize: housing,
    },
    ...(version >= 2
      ? {
          REVOKE_FOUNDATION_PERMIT: {
            spec: spec(
              'REVOKE_FOUNDATION_PERMIT',
              '撤销桩基阶段施工许可',
              ['clerk'],
              payloads.REVOKE_FOUNDATION_PERMIT,
            ),
            authorize: housing,
          },
        }
      : {}),
    WORK_START_DEADLINE_PASSED: {
      spec: spec('WORK_START_DEADLINE_PASSED', '开工期限届满', ['system'], payloads.WORK_START_DEADLINE_PASSED),
      authorize: system,
    },
    PREREQUISITES_UPDATED: {
      spec: spec(
        'PREREQUISITES_UPDATED',
        '项目审批进展',
        ['system'],
        // v4: the notice names the project's 告知承诺 in rectification and revoked; before, it has no such fields.
        version >= 4
          ? payloads.PREREQUISITES_UPDATED
          : s.object(prerequisites(catalog), ['approvedItems', 'openCommitments']),
      ),
      authorize: system,
    },
  };
  return defineWorkflow<C>({
    id: DEFINITION_IDS.foundationPermit,
    version,
    title: '桩基先行',
    machine: createFoundationPermitMachine(catalog, version),
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        approvedItems: s.array(s.choice(catalog.items, '事项'), '已办结通过的事项'),
        openCommitments: s.array(s.choice(catalog.items, '事项'), '承诺未履行的事项'),
        verificationPending: s.array(s.choice(catalog.items, '事项'), '告知承诺待核查的事项'),
        ...(version >= 4 ? rectificationNotice(catalog) : {}),
      },
      ['projectId', 'enterpriseId'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const enterpriseTurn =
        state === 'preparing' || state.endsWith('awaitingWorkStart') || state.endsWith('foundationWorkUnderway');
      return {
        state,
        statusLabel: LABELS[state] ?? state,
        stage: 'constructionPermit',
        departmentQueue: done || enterpriseTurn ? null : 'housing',
        waitingOn: done ? 'none' : enterpriseTurn ? 'enterprise' : 'department',
        deadline: state.endsWith('awaitingWorkStart') ? ctx.workStart.deadline : null,
        timerState: state.endsWith('awaitingWorkStart') ? 'normal' : null,
        done,
      };
    },
  });
}

/**
 * v1 → v2. A case that v1 already stopped at the foundation stays on v1: its project case recorded the
 * above-ground refusal as final, and would refuse a later permit.
 */
export function createFoundationPermitMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.foundationPermit,
    fromVersion: 1,
    toVersion: 2,
    migrate(snapshot: PersistedSnapshot) {
      if (stateString(snapshot.value) === 'stoppedAtFoundation') {
        return {
          ok: false,
          reason: rule(
            '±0.000以上施工许可已按旧规则作出终局不予核发决定，不能迁移；请按新版重新申报',
            'the above-ground refusal was final under v1; the case stays on version 1',
          ),
        };
      }
      return {
        ok: true,
        snapshot: { ...snapshot, context: { ...snapshot.context, verificationPending: [], revocation: null } },
      };
    },
  };
}

/**
 * v3 → v4: refused. A v3 case's project (v4, or a v5 migrated with it) never tells it of a 告知承诺 in
 * rectification or revoked, so on v4 it would read "none" and issue where v4 must refuse. It finishes on v3.
 */
export function createFoundationPermitRectificationMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.foundationPermit,
    fromVersion: 3,
    toVersion: 4,
    migrate() {
      return {
        ok: false,
        reason: rule(
          '本桩基先行按旧版本启动，项目不向其通报告知承诺整改与撤销情况，不能迁移；请在原版本上办结',
          'its project case does not report 告知承诺 in rectification or revoked to it; the case stays on version 3',
        ),
      };
    },
  };
}
