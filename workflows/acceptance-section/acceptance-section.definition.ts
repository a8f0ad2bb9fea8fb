/** The 验收分段 definition. */
import type { Actor, DefinitionMigration, InstanceSummary, PersistedSnapshot } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { narrowProperty, s } from '../core/json-schema';
import { ACCEPTANCE_CONDITIONS, DEFINITION_IDS } from '../protocol';
import { acceptanceWaitsFor, allPassed, waitingHolder } from './acceptance-section.rules';
import { acceptanceSectionPayloads } from './acceptance-section.events';
import { createAcceptanceSectionMachine, type AcceptanceSectionContext } from './acceptance-section.machine';

type C = AcceptanceSectionContext;

export const LABELS: Record<string, string> = {
  ready: '待申请验收',
  applied: '已申请联合验收',
  jointInspection: '联合验收中',
  rectifying: '整改中',
  accepted: '验收通过',
  notPassed: '不予通过（可重新申请验收）',
};

/** v2: the 先建后验 checks still to record in this round (they close with the site-wide checks). */
function pendingChecks(ctx: C) {
  return ctx.siteWideChecksDue
    ? Object.entries(ctx.commitmentChecks ?? {}).filter(([, c]) => c.result === 'pending')
    : [];
}

export function createAcceptanceSectionDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const lead = catalog.jointAcceptance.leadDepartment;
  const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name;
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const payloads = acceptanceSectionPayloads(catalog);
  const events: Record<string, EventRule<C>> = {
    APPLY: {
      spec: spec('APPLY', '申请联合验收', ['enterprise', 'steward'], payloads.APPLY),
      authorize: owner,
      // v5: offered greyed with the project's reason while it blocks acceptance, refused with the same words.
      ...(version >= 5 ? { awaits: (ctx: C) => ctx.applyBlockedBy ?? null } : {}),
    },
    START_JOINT_INSPECTION: {
      spec: spec('START_JOINT_INSPECTION', '组织联合现场验收', ['clerk'], payloads.START_JOINT_INSPECTION),
      authorize: (_, actor) => who.department(lead, actor, departmentName(lead)),
    },
    RECORD_RESULT: {
      spec: spec('RECORD_RESULT', '出具验收意见', ['clerk'], payloads.RECORD_RESULT),
      // Each department records its own aspects, once a round (the resultOpen guard).
      offer: (ctx, actor, schema) => {
        const open = ctx.acceptanceItems
          .filter((a) => a.department === actor.department && ctx.results[a.code].result === 'pending')
          .map((a) => a.code);
        return open.length
          ? narrowProperty(schema, 'acceptanceItem', open)
          : rule('本轮没有需由本部门出具的验收意见', 'no acceptance item of this department awaits a result');
      },
    },
    RECORD_SITE_WIDE_CHECKS: {
      spec: spec(
        'RECORD_SITE_WIDE_CHECKS',
        '全场核验（总建筑面积、绿地率）',
        ['clerk'],
        payloads.RECORD_SITE_WIDE_CHECKS,
      ),
      authorize: (_, actor) => who.department('planning', actor, departmentName('planning')),
      precondition: (ctx) =>
        ctx.siteWideChecksDue
          ? ctx.siteWide === null
            ? null
            : rule('本轮已核验', 'already recorded in this round')
          : rule('全场核验随最后一个分段进行', 'site-wide checks close with the last section only'),
    },
    REPORT_RECTIFIED: {
      spec: spec('REPORT_RECTIFIED', '整改完成，申请复验', ['enterprise', 'steward'], payloads.REPORT_RECTIFIED),
      authorize: owner,
    },
    SITE_WIDE_CHECKS_DUE: {
      spec: spec('SITE_WIDE_CHECKS_DUE', '全场核验随本分段进行', ['system'], payloads.SITE_WIDE_CHECKS_DUE),
      authorize: system,
    },
    JOINT_ACCEPTANCE_WARNING: {
      spec: spec('JOINT_ACCEPTANCE_WARNING', '联合验收时限预警', ['system'], payloads.JOINT_ACCEPTANCE_WARNING),
      authorize: system,
    },
    JOINT_ACCEPTANCE_OVERDUE: {
      spec: spec('JOINT_ACCEPTANCE_OVERDUE', '联合验收逾期', ['system'], payloads.JOINT_ACCEPTANCE_OVERDUE),
      authorize: system,
    },
  };
  if (version >= 2) {
    // v5: one record per commitment: the 对标验收 of a 告知承诺 is its own case's verification (notify-commitment
    // VERIFY, 竣工对标验收), so the section has no event for it; step() refuses it as unknown.
    if (version < 5)
      events.RECORD_COMMITMENT_CHECK = {
        spec: spec(
          'RECORD_COMMITMENT_CHECK',
          '对标验收：核查告知承诺事项',
          ['clerk'],
          payloads.RECORD_COMMITMENT_CHECK,
        ),
        // Offered as it is accepted: only with the site-wide checks, only the checks still pending, each only to
        // a clerk of the department responsible for it.
        precondition: (ctx) =>
          !ctx.siteWideChecksDue
            ? rule('告知承诺核查随全场核验进行', 'commitment checks close with the last section only')
            : pendingChecks(ctx).length
              ? null
              : rule('本轮没有待核查的承诺事项', 'no commitment check is pending in this round'),
        offer: (ctx, actor, schema) => {
          const mine = pendingChecks(ctx).filter(
            ([, c]) => actor.role === 'clerk' && actor.department === c.department,
          );
          return mine.length
            ? narrowProperty(
                schema,
                'itemCode',
                mine.map(([code]) => code),
              )
            : rule(
                `仅限负责部门核查：${pendingChecks(ctx)
                  .map(([, c]) => `「${c.itemName}」`)
                  .join('、')}`,
                'only the responsible department checks a commitment',
              );
        },
      };
    events.RECTIFICATION_DEADLINE_PASSED = {
      spec: spec('RECTIFICATION_DEADLINE_PASSED', '整改期限届满', ['system'], payloads.RECTIFICATION_DEADLINE_PASSED),
      authorize: system,
    };
  }
  if (version >= 5) {
    events[ACCEPTANCE_CONDITIONS] = {
      spec: spec(ACCEPTANCE_CONDITIONS, '验收条件更新', ['system'], payloads[ACCEPTANCE_CONDITIONS]),
      authorize: system,
    };
  }
  return defineWorkflow<C>({
    id: DEFINITION_IDS.acceptanceSection,
    version,
    title: '验收分段',
    machine: createAcceptanceSectionMachine(catalog, version),
    events,
    // The departments give their opinions (and the 告知承诺 checks, the site-wide checks of the last section) side by
    // side: who can act now is read off the offers above (actingDepartments), for every version alike.
    jointDepartments: catalog.departments.map((d) => d.code),
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        sectionKey: s.string('分段代码'),
        name: s.string('分段名称'),
        siteWideChecksDue: s.boolean('是否最后一个分段（全场核验）'),
        permittedFloorArea: { type: ['number', 'null'], minimum: 0, description: '规划许可总建筑面积' },
        requiredGreenRatio: { type: ['number', 'null'], minimum: 0, maximum: 1, description: '规划要求绿地率' },
        acceptanceItems: s.array(s.choice(catalog.acceptanceItems, '验收事项'), '参加验收的事项（缺省为全部）'),
        // v2 (先建后验): approvals granted on 告知承诺 still open, checked at the joint acceptance.
        commitmentChecks: s.array(
          s.object(
            {
              itemCode: s.choice(catalog.items, '事项'),
              itemName: s.string('事项名称'),
              department: s.string('负责部门'),
            },
            ['itemCode', 'itemName', 'department'],
          ),
          '告知承诺核查事项',
        ),
      },
      ['projectId', 'enterpriseId', 'sectionKey', 'name'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const pending = ctx.acceptanceItems.filter((a) => ctx.results[a.code].result === 'pending');
      // v5: every check passed, and the section waits for what its project waits for (no one has a check to give).
      const waitsFor = version >= 5 && state === 'jointInspection' && allPassed(ctx) ? acceptanceWaitsFor(ctx) : null;
      if (waitsFor !== null) {
        return {
          state,
          statusLabel: `${ctx.name}：检查均合格，${waitsFor}`,
          stage: 'completionAcceptance',
          departmentQueue: null,
          waitingOn: waitingHolder(ctx),
          deadline: ctx.clock,
          timerState: ctx.timerState,
          done,
        };
      }
      // v5: a section that may not apply yet is nobody's to-do here: what it waits for is on the project (开工, 重新申报).
      if (version >= 5 && (state === 'ready' || state === 'notPassed') && ctx.applyBlockedBy) {
        return {
          state,
          statusLabel: `${ctx.name}：${ctx.applyBlockedBy}`,
          stage: 'completionAcceptance',
          departmentQueue: null,
          waitingOn: 'none',
          deadline: null,
          timerState: ctx.timerState,
          done,
        };
      }
      return {
        state,
        statusLabel: `${ctx.name}：${LABELS[state] ?? state}`,
        stage: 'completionAcceptance',
        departmentQueue:
          state === 'applied'
            ? lead
            : state === 'jointInspection'
              ? (pending[0]?.department ??
                (ctx.siteWideChecksDue && ctx.siteWide === null
                  ? 'planning'
                  : (Object.values(ctx.commitmentChecks ?? {}).find((c) => c.result === 'pending')?.department ??
                    'planning')))
              : null,
        waitingOn: done
          ? 'none'
          : state === 'ready' || state === 'rectifying' || state === 'notPassed'
            ? 'enterprise'
            : 'department',
        // v2: while rectifying, the enterprise's deadline matters (the joint clock is paused); 不予通过 has none.
        deadline:
          version >= 2 && state === 'rectifying'
            ? (ctx.rectification?.deadline ?? null)
            : version >= 2 && state === 'notPassed'
              ? null
              : ctx.clock,
        timerState: version >= 2 && state === 'rectifying' ? 'normal' : ctx.timerState,
        done,
      };
    },
  });
}

/** v1 → v2: every state but rectification (on v1 the joint clock runs through it, with no deadline of its own). */
export function createAcceptanceSectionMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.acceptanceSection,
    fromVersion: 1,
    toVersion: 2,
    migrate(snapshot: PersistedSnapshot) {
      if (stateString(snapshot.value) === 'rectifying') {
        return {
          ok: false,
          reason: rule('本分段整改中，复验后再迁移', 'the section is rectifying; migrate after the re-inspection'),
        };
      }
      return {
        ok: true,
        snapshot: { ...snapshot, context: { ...snapshot.context, rectification: null, notPassed: null } },
      };
    },
  };
}

/**
 * v3 → v4: the section starts telling its project who holds it. Its project (project-case v3) has heard nothing
 * from a v3 section and counts it as with the enterprise, which is true while it is ready, rectifying, 不予通过 or
 * accepted; a section applied for or under inspection would leave the clock paused while the departments hold
 * it, so it moves after its inspection round.
 */
export function createAcceptanceSectionHolderMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.acceptanceSection,
    fromVersion: 3,
    toVersion: 4,
    migrate(snapshot: PersistedSnapshot) {
      const state = stateString(snapshot.value);
      if (state === 'applied' || state === 'jointInspection') {
        return {
          ok: false,
          reason: rule(
            '本分段正在联合验收，验收结束或转入整改后再迁移',
            'the section is with the departments; migrate once the inspection round ends',
          ),
        };
      }
      return { ok: true, snapshot };
    },
  };
}
