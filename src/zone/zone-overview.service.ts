import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { MilestonesService, type MilestoneView } from './milestones.service';
import { ZoneRepository, type OverviewRow } from './zone.repository';

export interface ZoneProject extends OverviewRow {
  /** Milestones past their planned date (滞后) and close to it. */
  slippingMilestones: Pick<MilestoneView, 'code' | 'name' | 'plannedOn' | 'daysLate'>[];
  milestoneWarnings: number;
  /** Anything to chase: overdue work or problems, or a slipping milestone. */
  atRisk: boolean;
}

/**
 * The zone view: a leader's projects with what is overdue or at risk and their open problems; a steward's work
 * list; every project for an auditor. The project list is AccessPolicy's.
 */
@Injectable()
export class ZoneOverviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ZoneRepository,
    private readonly milestones: MilestonesService,
    private readonly access: AccessPolicy,
  ) {}

  async projects(user: AuthUser, keyOnly: boolean): Promise<{ items: ZoneProject[]; slippingProjects: number }> {
    const m = this.dataSource.manager;
    const filter = this.access.projectFilter(user, 1, { id: 'p.id', enterpriseId: 'p.enterprise_id' });
    const rows = await this.repo.overview(m, filter, keyOnly);
    const items: ZoneProject[] = [];
    // One battle map per project: the zone has tens of key projects, not thousands.
    for (const row of rows) {
      const map = await this.milestones.map(m, { id: row.id, enterpriseId: '', name: row.name });
      const slipping = map.milestones
        .filter((x) => x.status === 'slipping')
        .map(({ code, name, plannedOn, daysLate }) => ({ code, name, plannedOn, daysLate }));
      items.push({
        ...row,
        slippingMilestones: slipping,
        milestoneWarnings: map.warnings,
        atRisk: row.overdueWork + row.overdueProblems + slipping.length > 0,
      });
    }
    return { items, slippingProjects: items.filter((i) => i.slippingMilestones.length > 0).length };
  }
}
