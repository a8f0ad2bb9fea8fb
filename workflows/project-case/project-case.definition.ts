/**
 * The 项目 definition: v1 四证联发 and v2 六证联发 (catalog v1, one version per bundle), v3 on the corrected catalog
 * (v2: project flags choose items and bundle), v4–v11 (v4/ … v11/), and the migrations between them.
 */
import type { Actor, DefinitionMigration, EngineEvent, InstanceSummary, PersistedSnapshot } from '../contract';
import type { Catalog } from '../catalog/types';
import { LEGACY_PROJECT_FLAGS } from '../catalog';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { narrowProperty, s } from '../core/json-schema';
import { isPaused } from '../core/time';
import { DEFINITION_IDS, PROJECT_CASE_V11 } from '../protocol';
import { migrateContext } from '../core/kit';
import { createProjectCaseMachine, itemReapplyProblem, type ProjectCaseContext } from './project-case.machine';
import { projectCasePayloads } from './project-case.events';
import { WORK_START_VERSION } from './v4/work-start-version';
import { RECTIFICATION_VERSION } from './v5/rectification';
import { currentStageOf, REOPENED_STAGE_VERSION, reopenedStageLabel } from './v6/reopened-stage';
import { REAPPLICATION_WAIT_VERSION, waitsOnReapplication } from './v7/reapplication-wait';
import { FOUNDATION_REVIEW_VERSION } from './v9/foundation-review';
import { waitsOnEnterpriseForReapplication } from './v9/reapplication-wait';
import { completedReapplicationLabel } from './v11/completed-reapplication';

type C = ProjectCaseContext;

/** The first project-case version built on the corrected catalog (v2): bundles follow the project. */
export const PROJECT_CASE_FLAGS_VERSION = 3;

export function createProjectCaseDefinition(catalog: Catalog, version: number): RuntimeDefinition<C> {
  const byProject = version >= PROJECT_CASE_FLAGS_VERSION ? catalog.jointIssuanceByProject : undefined;
  const fixedBundle = byProject ? null : catalog.bundles[version];
  if (!byProject && !fixedBundle) throw new Error(`catalog has no joint-issuance bundle for project-case v${version}`);
  const bundleName = byProject ? `${byProject.industrial.name}（工业项目）/${byProject.other.name}` : fixedBundle!.name;
  const machine = createProjectCaseMachine(catalog, fixedBundle, version);
  const stageNames = Object.fromEntries(catalog.stages.map((st) => [st.key, st.name]));
  const stageLead = Object.fromEntries(catalog.stages.map((st) => [st.key, st.leadDepartment]));
  const stageKeys = catalog.stages.map((st) => st.key);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const payloads = projectCasePayloads(catalog);
  const knownItem = (ctx: C, event: EngineEvent) => {
    const code = event.payload.itemCode;
    return typeof code === 'string' && code in ctx.items ? null : rule('未知事项', 'unknown item');
  };
  const systemEvent = (type: keyof typeof payloads, label: string, check?: EventRule<C>['check']): EventRule<C> => ({
    spec: spec(type, label, ['system'], payloads[type]),
    authorize: system,
    check,
  });

  const events: Record<string, EventRule<C>> = {
    ITEM_DECIDED: systemEvent('ITEM_DECIDED', '事项办结', knownItem),
    ITEM_COMMITMENT_FULFILLED: systemEvent('ITEM_COMMITMENT_FULFILLED', '事项承诺已履行', knownItem),
    ITEM_REVOKED: systemEvent('ITEM_REVOKED', '事项已撤销', knownItem),
    ITEM_CLOSED: systemEvent('ITEM_CLOSED', '事项已终止', knownItem),
    REAPPLY_ITEM: {
      spec: spec('REAPPLY_ITEM', '重新申报事项', ['enterprise', 'steward'], payloads.REAPPLY_ITEM),
      authorize: owner,
      // Only items the reapply rule (the itemReapplicable guard) admits: refused, closed or revoked ones.
      offer: (ctx, _actor, schema) => {
        const open = Object.keys(ctx.items).filter((code) => itemReapplyProblem(ctx, code) === null);
        return open.length
          ? narrowProperty(schema, 'itemCode', open)
          : rule('没有可重新申报的事项（仅限不通过、已终止或已撤销的事项）', 'no refused, closed or revoked item');
      },
    },
    FOUNDATION_PERMIT_ISSUED: systemEvent('FOUNDATION_PERMIT_ISSUED', '桩基阶段施工许可已核发'),
    FOUNDATION_PERMIT_REFUSED: systemEvent('FOUNDATION_PERMIT_REFUSED', '桩基阶段施工许可不予核发'),
    FOUNDATION_PERMIT_LAPSED: systemEvent('FOUNDATION_PERMIT_LAPSED', '桩基阶段施工许可已失效'),
    ABOVE_GROUND_PERMIT_ISSUED: systemEvent('ABOVE_GROUND_PERMIT_ISSUED', '±0.000以上施工许可已核发'),
    ABOVE_GROUND_PERMIT_REFUSED: systemEvent('ABOVE_GROUND_PERMIT_REFUSED', '±0.000以上施工许可不予核发'),
    SECTION_ACCEPTED: systemEvent('SECTION_ACCEPTED', '验收分段已通过', (ctx, event) => {
      const key = event.payload.sectionKey;
      return typeof key === 'string' && ctx.sections[key]?.status === 'open'
        ? null
        : rule('分段不存在或未开始验收', 'unknown or not open section');
    }),
    WHOLE_PROCESS_WARNING: systemEvent('WHOLE_PROCESS_WARNING', '全流程时限预警'),
    WHOLE_PROCESS_OVERDUE: systemEvent('WHOLE_PROCESS_OVERDUE', '全流程时限逾期'),
  };
  if (byProject) {
    events.ITEM_WAITING_ON_ENTERPRISE = systemEvent('ITEM_WAITING_ON_ENTERPRISE', '事项待企业补正', knownItem);
    events.ITEM_BACK_WITH_DEPARTMENT = systemEvent('ITEM_BACK_WITH_DEPARTMENT', '事项补正后回到部门', knownItem);
    events.SECTION_WITH_DEPARTMENT = systemEvent('SECTION_WITH_DEPARTMENT', '分段验收由部门办理中');
    events.SECTION_WITH_ENTERPRISE = systemEvent('SECTION_WITH_ENTERPRISE', '分段验收待企业整改');
  }
  if (version >= WORK_START_VERSION) {
    events.CONSTRUCTION_PERMIT_LAPSED = systemEvent('CONSTRUCTION_PERMIT_LAPSED', '逾期未开工，施工许可证已失效');
  }
  if (version >= PROJECT_CASE_V11) {
    events.CONSTRUCTION_WORK_STARTED = systemEvent('CONSTRUCTION_WORK_STARTED', '施工许可已报告开工');
  }
  if (version >= FOUNDATION_REVIEW_VERSION) {
    events.FOUNDATION_WITH_DEPARTMENT = systemEvent('FOUNDATION_WITH_DEPARTMENT', '桩基先行施工许可申请审查中');
    events.FOUNDATION_WITH_ENTERPRISE = systemEvent('FOUNDATION_WITH_ENTERPRISE', '桩基先行施工许可申请审查结束');
  }
  if (version >= RECTIFICATION_VERSION) {
    events.ITEM_COMMITMENT_IN_RECTIFICATION = systemEvent(
      'ITEM_COMMITMENT_IN_RECTIFICATION',
      '事项告知承诺限期整改',
      knownItem,
    );
  }

  const practice = (label: string) => s.boolean(label);
  return defineWorkflow<C>({
    id: DEFINITION_IDS.projectCase,
    version,
    title: `项目（${bundleName}）`,
    machine,
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        name: s.string('项目名称'),
        enterpriseId: s.string('建设单位编号'),
        category: s.enumOf(
          catalog.projectCategories.map((c) => c.code),
          '项目类别（决定全流程时限）',
          Object.fromEntries(
            catalog.projectCategories.map((c) => [c.code, `${c.name}（${c.targetWorkingDays}个工作日）`]),
          ),
        ),
        practices: s.object(
          {
            foundationFirst: practice('桩基先行'),
            tolerance: practice('容缺受理'),
            notifyCommit: practice('告知承诺制 / 先建后验'),
            jointIssuance: practice(byProject ? '联合发证（工业项目六证联发，其他四证联发）' : bundleName),
            stagedAcceptance: practice('分段竣工验收'),
          },
          ['foundationFirst', 'tolerance', 'notifyCommit', 'jointIssuance', 'stagedAcceptance'],
          { description: '申报的办理方式' },
        ),
        sections: s.array(
          s.object({ key: s.string('分段代码', { maxLength: 64 }), name: s.string('分段名称（单位/单项工程）') }, [
            'key',
            'name',
          ]),
          '验收分段',
          { maxItems: 50 },
        ),
        submittedMaterials: { type: 'object', description: '各事项已提交材料 { 事项代码: [材料代码] }（缺省为齐全）' },
        permittedFloorArea: s.number('规划许可总建筑面积（㎡）', 0),
        requiredGreenRatio: s.number('规划要求绿地率', 0, 1),
        ...(byProject
          ? {
              flags: s.object(
                {
                  industrial: s.boolean('工业项目'),
                  specialConstruction: s.boolean('特殊建设工程'),
                  civilDefense: s.enumOf(['shelter', 'feePaid', 'exempt'], '人防', {
                    shelter: '修建防空地下室',
                    feePaid: '缴纳易地建设费',
                    exempt: '免建（含工业生产厂房）',
                  }),
                },
                ['industrial', 'specialConstruction', 'civilDefense'],
                { title: '项目属性' },
              ),
            }
          : {}),
      },
      ['projectId', 'name', 'enterpriseId', 'category', 'practices', ...(byProject ? (['flags'] as const) : [])],
    ),
    checkInput: (event) => {
      const p = event.payload as { practices: { stagedAcceptance: boolean }; sections?: { key: string }[] };
      const keys = (p.sections ?? []).map((x) => x.key);
      if (new Set(keys).size !== keys.length) return rule('验收分段代码重复', 'section keys must be unique');
      if (p.practices.stagedAcceptance && keys.length < 1) {
        return rule('分段竣工验收须申报至少一个分段', 'staged acceptance needs at least one declared section');
      }
      return null;
    },
    describe(value, ctx, _done): InstanceSummary {
      const complete = ctx.stage === 'complete';
      // v11: complete, with an approval to apply for again: not done, so REAPPLY_ITEM is offered (the enterprise's).
      const reapplyAfterCompletion = complete && version >= PROJECT_CASE_V11 ? completedReapplicationLabel(ctx) : null;
      if (reapplyAfterCompletion) {
        return {
          state: stateString(value),
          statusLabel: reapplyAfterCompletion,
          stage: 'completionAcceptance',
          departmentQueue: null,
          waitingOn: 'enterprise',
          deadline: ctx.wholeProcess,
          timerState: ctx.timerState,
          done: false,
        };
      }
      // v6: a revocation reopened an earlier stage; the list, its filter and the queue follow the project page.
      const current = version >= REOPENED_STAGE_VERSION ? currentStageOf(ctx, stageKeys) : null;
      const reopened = current !== null && current !== ctx.stage;
      const stage = complete ? 'completionAcceptance' : reopened ? current : ctx.stage;
      const extras: string[] = reopened ? [reopenedStageLabel(ctx, stage)] : [];
      // v7: a re-application is the enterprise's turn (its 待办 lists it), no department's (as an item waiting on
      // the enterprise has no department queue). v9: by the clock's rule (v9/reapplication-wait.ts).
      const waitsOnEnterprise =
        !complete &&
        (version >= FOUNDATION_REVIEW_VERSION
          ? waitsOnEnterpriseForReapplication(ctx, stageKeys)
          : version >= REAPPLICATION_WAIT_VERSION && waitsOnReapplication(ctx, stageKeys));
      if (ctx.bundle) {
        extras.push(
          ctx.bundleAffected
            ? `${ctx.bundle.name}受撤销影响`
            : ctx.jointIssuedAt
              ? `${ctx.bundle.name}已发证`
              : `${ctx.bundle.name}待发证`,
        );
      }
      if (ctx.foundation.status === 'permitted') extras.push('桩基先行施工中');
      if (ctx.foundation.status === 'stoppedAtFoundation') extras.push('停工于桩基阶段');
      return {
        state: stateString(value),
        statusLabel: complete
          ? '已竣工验收'
          : `${stageNames[stage]}阶段${extras.length ? '（' + extras.join('，') + '）' : ''}`,
        stage,
        departmentQueue: complete || waitsOnEnterprise ? null : stageLead[stage],
        waitingOn: complete ? 'none' : waitsOnEnterprise ? 'enterprise' : 'department',
        deadline: ctx.wholeProcess,
        timerState: ctx.clockPauses && !complete && isPaused(ctx.wholeProcess) ? 'paused' : ctx.timerState,
        done: complete,
      };
    },
  });
}

/**
 * 四证联发 → 六证联发. A case moves only while its bundle can still be issued whole: not after the four were
 * issued jointly, and not when one of the two added certificates was already issued on its own.
 */
export function createProjectCaseMigration(
  catalog: Catalog,
  fromVersion: number,
  toVersion: number,
): DefinitionMigration {
  const target = catalog.bundles[toVersion];
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion,
    toVersion,
    migrate(snapshot: PersistedSnapshot) {
      const ctx = snapshot.context as unknown as C;
      if (!ctx.bundle) {
        return { ok: true, snapshot: { ...snapshot, context: { ...ctx } as never } };
      }
      if (ctx.jointIssuedAt) {
        return {
          ok: false,
          reason: rule(
            `${ctx.bundle.name}已于${ctx.jointIssuedAt.slice(0, 10)}联合发证，不能迁移到${target.name}`,
            `the ${ctx.bundle.code} bundle was already issued jointly; the case stays on version ${fromVersion}`,
          ),
        };
      }
      const issuedAlone = target.certificates.filter((c) => ctx.certificates[c] && ctx.certificates[c].bundle === null);
      if (issuedAlone.length) {
        return {
          ok: false,
          reason: rule(
            `以下证照已单独核发，无法纳入${target.name}：${issuedAlone.join('、')}`,
            `already issued on their own, cannot join the ${target.code} bundle: ${issuedAlone.join(', ')}`,
          ),
        };
      }
      return { ok: true, snapshot: migrateContext<C>(snapshot, (next) => (next.bundle = target)) };
    },
  };
}

/**
 * v1/v2 → v3. A v3 case talks to approval-item v2 children (dependency and waiting notices), so a case moves only
 * while none of its items is open on approval-item v1; it keeps its bundle and gets the flags catalog v1 assumed
 * of every project (特殊建设工程, a 人防 shelter; industrial when it was on 六证联发). Its clock starts counting
 * government time from the migration on.
 */
export function createProjectCaseFlagsMigration(fromVersion: number): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion,
    toVersion: PROJECT_CASE_FLAGS_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      const ctx = snapshot.context as unknown as C;
      const open = ctx.itemOrder.filter((c) => ctx.items[c].status === 'open');
      if (open.length) {
        return {
          ok: false,
          reason: rule(
            `仍有事项在办（${open.join('、')}），办结后才能迁移到新版本`,
            `items still open on the previous item version (${open.join(', ')}); migrate once they are decided`,
          ),
        };
      }
      const migrated = migrateContext<C>(snapshot, (next) => {
        next.flags = { ...LEGACY_PROJECT_FLAGS, industrial: ctx.bundle?.code === 'sixCertificates' };
        next.itemsWithEnterprise = [];
        next.sectionsWithDepartment = [];
        next.clockPauses = [];
        next.bundleAffected = false;
      });
      return { ok: true, snapshot: migrated };
    },
  };
}
