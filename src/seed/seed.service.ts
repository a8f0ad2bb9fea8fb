import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../workflows/contract';
import { toAuthUser, type AuthUser } from '../auth/auth-user';
import { CommandService } from '../cases/command.service';
import { EngineRepository } from '../cases/engine.repository';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ProjectsService } from '../projects/projects.service';
import { UsersService } from '../users/users.service';
import { ZoneRepository } from '../zone/zone.repository';
import { DEMO_PROJECTS, type DemoActor, type DemoProject } from './demo-projects';
import { SeedRepository } from './seed.repository';
import { seedZone } from './zone-seed';

/** One key for every process: whoever holds it seeds, the others wait and then find the projects there. */
const SEED_LOCK = 'seed:demo-projects';

export interface SeedResult {
  seeded: boolean;
  projectIds: Record<string, string>;
}

/**
 * Demo data on a fresh database in demo mode: the demo accounts, the two projects of the seed report, and
 * their histories up to where the demo starts — every step a real event through the write path. All in one
 * transaction under an advisory lock: two processes starting at once seed once; a failure leaves nothing.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly commands: CommandService,
    private readonly engine: EngineRepository,
    private readonly projects: ProjectsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly repo: SeedRepository,
    private readonly zone: ZoneRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoMode) return;
    const result = await this.seed();
    if (result.seeded) this.logger.log(`Demo projects seeded: ${Object.keys(result.projectIds).join(', ')}`);
  }

  async seed(): Promise<SeedResult> {
    await this.users.ensureDemoAccounts();
    const accounts = await this.demoUsers();
    const result = await this.commands.transaction(async (m) => {
      await this.repo.lock(m, SEED_LOCK);
      const existing = await this.repo.demoProjectIds(m);
      if (await this.repo.anyProject(m)) return { seeded: false, projectIds: existing };
      const steps = DEMO_PROJECTS.reduce((n, p) => n + p.steps.length + 1, 0);
      // Events a minute apart, ending now: a readable history, and every deadline still ahead.
      const start = this.clock.now().getTime() - steps * 60_000;
      let tick = 0;
      const at = () => new Date(start + tick++ * 60_000).toISOString();
      const projectIds: Record<string, string> = {};
      for (const demo of DEMO_PROJECTS) {
        projectIds[demo.key] = await this.seedProject(m, demo, accounts, at);
      }
      await seedZone(m, this.commands, this.repo, this.zone, projectIds, accounts, this.clock.now());
      return { seeded: true, projectIds };
    });
    // The steward (项目管家) follows both demo projects, and the leader (项目长) leads them.
    await this.users.ensureDemoAccounts(Object.values(result.projectIds));
    return result;
  }

  private async demoUsers(): Promise<Map<string, AuthUser>> {
    const map = new Map<string, AuthUser>();
    for (const name of [
      'steward',
      'leader',
      'enterprise-snow',
      'enterprise-copper',
      'clerk-window',
      'clerk-planning',
      'clerk-housing',
      'clerk-fire',
    ]) {
      const u = await this.users.findByUsername(name);
      if (u) map.set(name, toAuthUser(u));
    }
    return map;
  }

  private async seedProject(
    m: EntityManager,
    demo: DemoProject,
    accounts: Map<string, AuthUser>,
    at: () => string,
  ): Promise<string> {
    const enterpriseUser = accounts.get(demo.enterpriseUsername);
    const steward = accounts.get('steward');
    const filer = demo.filedBy === 'steward' ? steward : enterpriseUser;
    if (!filer || !enterpriseUser?.enterpriseId) throw new Error(`demo account for ${demo.key} is missing`);
    const { projectId } = await this.projects.createIn(m, filer, demo.project, {
      occurredAt: at(),
      extraDetails: { demo: demo.key },
    });
    const project = { id: projectId, enterpriseId: enterpriseUser.enterpriseId };
    const actorOf = (who: DemoActor): Actor => {
      if (who === 'enterprise')
        return { userId: enterpriseUser.id, role: 'enterprise', enterpriseId: project.enterpriseId };
      if (who === 'steward') return { userId: steward!.id, role: 'steward', onBehalfOf: project.enterpriseId };
      const department = who.slice('clerk:'.length);
      const account = accounts.get(`clerk-${department}`);
      // Departments without a demo account act as a named seed clerk; the history says so.
      return { userId: account?.id ?? `seed-clerk-${department}`, role: 'clerk', department };
    };
    for (const step of demo.steps) {
      let instanceId = projectId;
      for (const key of step.path) {
        const child = await this.engine.childId(m, instanceId, key);
        if (!child) throw new Error(`demo ${demo.key}: no instance at ${step.path.join(' / ')}`);
        instanceId = child;
      }
      const result = await this.commands.apply(m, {
        instanceId,
        type: step.type,
        payload: step.payload ?? {},
        actor: actorOf(step.as),
        occurredAt: at(),
      });
      if (!result.ok) {
        throw new Error(
          `demo ${demo.key}: ${step.type} at ${step.path.join(' / ')} refused: ${result.code} ${result.message}`,
        );
      }
    }
    return projectId;
  }
}
