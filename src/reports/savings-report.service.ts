import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from '../../workflows/catalog';
import type { Catalog } from '../../workflows/catalog/types';
import type { WorkingDayCalendar } from '../../workflows/calendar';
import { PROJECT_CASE_FLAGS_VERSION } from '../../workflows/project-case/project-case.definition';
import {
  catalogForProject,
  planFromHistory,
  simulateSavings,
  type HistoryEvent,
  type SavingsResult,
} from '../../workflows/savings';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { AppException } from '../common/errors/app-exception';
import { ProjectsService } from '../projects/projects.service';
import { ReportsRepository, type SavingsCase } from './reports.repository';

export type SavingsReport = { projectId: string; projectName: string } & SavingsResult;

/** The joint-issuance bundle of a case version: its own, else the newest the catalog has. */
export function bundleOf(c: Catalog, version: number): string[] {
  const own = c.bundles[version];
  if (own) return own.certificates;
  const versions = Object.keys(c.bundles).map(Number);
  const newest = versions.length ? c.bundles[Math.max(...versions)] : undefined;
  return newest ? newest.certificates : [];
}

/** The catalog a project-case version was built from (as workflows/registry.ts builds them). */
export function catalogOfCaseVersion(version: number): Catalog {
  return version >= PROJECT_CASE_FLAGS_VERSION ? suizhouHighTechZoneCatalogV2 : suizhouHighTechZoneCatalog;
}

/**
 * Runs the savings simulator on one project's history (what fast-tracking saved it, and how that was computed),
 * on the catalog its case was built from and the items its flags choose; the bundle is the one the case holds.
 */
export function savingsOf(
  calendar: WorkingDayCalendar,
  events: readonly HistoryEvent[],
  c: SavingsCase,
): SavingsResult {
  const released = catalogOfCaseVersion(c.definitionVersion);
  const catalog = catalogForProject(released, c.flags ?? undefined);
  const bundle = c.bundleCertificates ?? bundleOf(released, c.definitionVersion);
  const plan = planFromHistory(catalog, calendar, events, {
    bundleCertificates: bundle,
    definitionVersion: c.definitionVersion,
  });
  return simulateSavings(catalog, calendar, plan);
}

@Injectable()
export class SavingsReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    private readonly access: AccessPolicy,
    private readonly repo: ReportsRepository,
    private readonly calendar: CalendarService,
  ) {}

  /** 404, as for the project, for anyone who may not see it or whose role has no savings report. */
  async report(user: AuthUser, projectId: string): Promise<SavingsReport> {
    const m = this.dataSource.manager;
    const project = await this.projects.assertVisible(user, projectId, m);
    if (!this.access.can(user, 'savingsReport:read', project)) throw new AppException('NOT_FOUND', '项目不存在');
    const savingsCase = (await this.repo.savingsCase(m, projectId)) ?? {
      definitionVersion: 1,
      flags: null,
      bundleCertificates: null,
    };
    const events = await this.repo.histories(m, [projectId]);
    return { projectId, projectName: project.name, ...savingsOf(this.calendar.current, events, savingsCase) };
  }
}
