import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { cstDateOf, cstStartOfDay } from '../../workflows/calendar';
import { stageWorkingDays, type HistoryEvent } from '../../workflows/savings';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { Clock } from '../common/clock';
import { ReportsRepository, type ZoneScope } from './reports.repository';
import { savingsOf } from './savings-report.service';

/** Figures computed project by project (simulator, stage days) cover at most this many recent projects. */
export const ZONE_SAMPLE_LIMIT = 500;

const STAGE_NAMES: Record<string, string> = {
  ...Object.fromEntries(catalog.stages.map((s) => [s.key, s.name])),
  complete: '已竣工',
  unknown: '未知',
};
const COMMITMENT_NAMES: Record<string, string> = {
  'tolerance-commitment': '容缺承诺',
  'notify-commitment': '告知承诺',
};
const BUCKET_NAMES: Record<string, string> = {
  passed: '已过期限',
  week: '7日内到期',
  month: '30日内到期',
  later: '30日后到期',
  none: '无期限（待对标验收）',
};
const PERMIT_STAGES = catalog.stages.filter((s) => s.key !== 'completionAcceptance').map((s) => s.key);

const departmentName = (code: string) => catalog.departments.find((d) => d.code === code)?.name ?? code;
const average = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;

@Injectable()
export class ZoneReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReportsRepository,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly access: AccessPolicy,
  ) {}

  /** Auditors and admins see the zone; a clerk the projects that reached their department and its queue. */
  scopeOf(user: AuthUser): ZoneScope {
    return { department: this.access.reportDepartment(user, 'zoneReport:read') };
  }

  async report(user: AuthUser) {
    const m = this.dataSource.manager;
    const scope = this.scopeOf(user);
    const now = this.clock.now().toISOString();
    const today = cstDateOf(now);
    const year = Number(today.slice(0, 4));
    const yearStart = cstStartOfDay(`${year}-01-01`);
    const permitKey = `item:${catalog.foundationFirst.constructionPermitItem}`;
    const [totals, started, byStage, departments, commitments, breaches, certificates, sample] = await Promise.all([
      this.repo.projectTotals(m, scope, yearStart),
      this.repo.startedSince(m, scope, yearStart, permitKey),
      this.repo.projectsByStage(m, scope),
      this.repo.timersByDepartment(m, scope, now),
      this.repo.openCommitments(m, scope, now),
      this.repo.breaches(m, scope, yearStart),
      this.repo.certificatesPerMonth(m, scope),
      this.repo.recentProjects(m, scope, ZONE_SAMPLE_LIMIT + 1),
    ]);
    const capped = sample.length > ZONE_SAMPLE_LIMIT;
    const projects = sample.slice(0, ZONE_SAMPLE_LIMIT);
    const history = new Map<string, HistoryEvent[]>();
    for (const row of await this.repo.histories(
      m,
      projects.map((p) => p.id),
    )) {
      const list = history.get(row.projectId) ?? [];
      list.push(row);
      history.set(row.projectId, list);
    }
    const cal = this.calendar.current;
    const perStage = new Map<string, number[]>();
    const perCategory = new Map<string, number[]>();
    let savedWorkingDays = 0;
    let savedCalendarDays = 0;
    for (const p of projects) {
      const events = history.get(p.id) ?? [];
      const days = stageWorkingDays(catalog, cal, events);
      for (const [stage, n] of Object.entries(days)) perStage.set(stage, [...(perStage.get(stage) ?? []), n]);
      if (PERMIT_STAGES.every((s) => days[s] !== undefined)) {
        const total = PERMIT_STAGES.reduce((sum, s) => sum + (days[s] ?? 0), 0);
        perCategory.set(p.category, [...(perCategory.get(p.category) ?? []), total]);
      }
      const saved = savingsOf(cal, events, p);
      savedWorkingDays += saved.savedWorkingDays;
      savedCalendarDays += saved.savedCalendarDays;
    }
    return {
      generatedAt: now,
      year,
      scope:
        scope.department === null ? null : { department: scope.department, name: departmentName(scope.department) },
      projects: {
        total: totals.projects,
        filedThisYear: totals.filedThisYear,
        startedThisYear: started,
        byStage: byStage
          .map((s) => ({ stage: s.stage, name: STAGE_NAMES[s.stage] ?? s.stage, count: s.count }))
          .sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage)),
      },
      investment: { totalWanYuan: totals.investment, projectsWithoutAmount: totals.withoutInvestment },
      departments: departments.map((d) => ({ ...d, name: departmentName(d.department) })),
      commitments: {
        open: commitments.map((c) => ({
          ...c,
          kindName: COMMITMENT_NAMES[c.kind] ?? c.kind,
          bucketName: BUCKET_NAMES[c.bucket] ?? c.bucket,
        })),
        breaches,
      },
      certificatesPerMonth: certificates,
      governmentDays: {
        note: '各阶段从首个事项受理到最后一个事项办结的工作日（含期间企业补正时间，为上限）；只计已办结的阶段。',
        projectsCounted: projects.length,
        capped,
        byStage: catalog.stages.map((s) => ({
          stage: s.key,
          name: s.name,
          averageWorkingDays: average(perStage.get(s.key) ?? []),
          projects: (perStage.get(s.key) ?? []).length,
        })),
        byCategory: catalog.projectCategories.map((c) => ({
          category: c.code,
          name: c.name,
          targetWorkingDays: c.targetWorkingDays,
          averageWorkingDays: average(perCategory.get(c.code) ?? []),
          projects: (perCategory.get(c.code) ?? []).length,
        })),
      },
      savings: {
        note: '各项目“首个车间投产”较传统方式提前的天数之和（节省报告的算法）。',
        projectsCounted: projects.length,
        capped,
        savedWorkingDays,
        savedCalendarDays,
      },
    };
  }
}

function stageOrder(stage: string): number {
  const i = catalog.stages.findIndex((s) => s.key === stage);
  return i >= 0 ? i : stage === 'complete' ? catalog.stages.length : catalog.stages.length + 1;
}

export type ZoneReport = Awaited<ReturnType<ZoneReportService['report']>>;
