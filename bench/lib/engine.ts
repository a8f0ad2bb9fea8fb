import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, INSTANCE_CREATED } from '../../workflows/contract';
import { createApp } from '../../src/app.factory';
import { AuditService } from '../../src/audit/audit.service';
import { CommandService } from '../../src/cases/command.service';
import { DefinitionRegistry } from '../../src/cases/definition-registry';
import { loadConfig } from '../../src/config/app-config';
import { hashPassword } from '../../src/users/password';
import { JWT_SECRET } from './server';
import { NO_PRACTICES } from '../../workflows/testing/project-fixture';

export const ENTERPRISE_ID = 'ent-bench';
export const PASSWORD = 'bench-password-1';

/** Who sends what in the benchmarks: the engine's actors (in-process) and the users behind them (HTTP). */
export const BENCH_USERS = [
  { username: 'bench-window', role: 'clerk', department: 'window' },
  { username: 'bench-planning', role: 'clerk', department: 'planning' },
  { username: 'bench-housing', role: 'clerk', department: 'housing' },
  { username: 'bench-development', role: 'clerk', department: 'development' },
  { username: 'bench-fire', role: 'clerk', department: 'fire' },
  { username: 'bench-civil-defense', role: 'clerk', department: 'civilDefense' },
  { username: 'bench-auditor', role: 'auditor', department: null },
  { username: 'bench-admin', role: 'admin', department: null },
  { username: 'bench-enterprise', role: 'enterprise', department: null },
] as const;

export const systemActors = {
  enterprise: { userId: 'bench-enterprise', role: 'enterprise', enterpriseId: ENTERPRISE_ID } as Actor,
  clerk: (department: string): Actor => ({ userId: `bench-${department}`, role: 'clerk', department }),
};

/** A uuid derived from a text (so pgbench can address the same rows with md5(text)::uuid). */
export function uuidFrom(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * The real application in this process (not listening): its CommandService is the engine the seeding goes
 * through, exactly as the API would drive it.
 */
export class InProcessEngine {
  private constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    readonly commands: CommandService,
    readonly registry: DefinitionRegistry,
    readonly audit: AuditService,
  ) {}

  static async start(url: string): Promise<InProcessEngine> {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      JWT_SECRET,
      SCHEDULER_ENABLED: 'false',
      DEMO_MODE: 'false',
      DATABASE_POOL_SIZE: '8',
      DATABASE_STATEMENT_TIMEOUT_MS: '600000',
    });
    const app = await createApp(config, url);
    await app.init();
    return new InProcessEngine(
      app,
      app.get(DataSource),
      app.get(CommandService),
      app.get(DefinitionRegistry),
      app.get(AuditService),
    );
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  async ensureEnterprise(): Promise<void> {
    await this.dataSource.query('INSERT INTO enterprise (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      ENTERPRISE_ID,
      '基准测试企业',
    ]);
  }

  /** The benchmark's users (one password hash, computed once), inserted as app_user rows. */
  async ensureUsers(): Promise<void> {
    const hash = await hashPassword(PASSWORD);
    for (const u of BENCH_USERS) {
      await this.dataSource.query(
        `INSERT INTO app_user (id, username, display_name, password_hash, role, department, enterprise_id)
         VALUES ($1, $2, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [randomUUID(), u.username, hash, u.role, u.department, u.role === 'enterprise' ? ENTERPRISE_ID : null],
      );
    }
  }

  async insertProject(id: string, name: string, code: string, createdAt = new Date().toISOString()): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO project (id, code, name, enterprise_id, category, details, created_at)
       VALUES ($1, $2, $3, $4, 'socialInvestment', '{}', $5)`,
      [id, code, name, ENTERPRISE_ID, createdAt],
    );
  }

  /**
   * Approval items filed on their own (each a root instance of its own project, as the engine tests file them),
   * `chunk` to a transaction (the command benchmarks need thousands): one statement for their projects, then the
   * engine's create for each.
   */
  async createItems(ids: readonly string[], chunk = 50, itemCode = 'engineeringPlanningPermit'): Promise<void> {
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk).map((id) => ({ id, projectId: randomUUID() }));
      const occurredAt = new Date().toISOString();
      await this.commands.transaction(async (m) => {
        await m.query(
          `INSERT INTO project (id, code, name, enterprise_id, category, details, created_at)
           SELECT p.id, 'B-' || p.item, '基准事项 ' || left(p.item::text, 8), $3, 'socialInvestment', '{}', $4
             FROM unnest($1::uuid[], $2::uuid[]) AS p(id, item)`,
          [part.map((p) => p.projectId), part.map((p) => p.id), ENTERPRISE_ID, occurredAt],
        );
        for (const { id, projectId } of part) {
          const r = await this.commands.create(m, {
            id,
            definitionId: 'approval-item',
            definitionVersion: 1,
            projectId,
            event: {
              type: INSTANCE_CREATED,
              payload: { projectId, enterpriseId: ENTERPRISE_ID, itemCode },
              actor: systemActors.enterprise,
              occurredAt,
            },
          });
          if (!r.ok) throw new Error(`cannot create item: ${r.message}`);
        }
      });
    }
  }

  /** A project and its case (the case creates its item instances through effects). */
  async createProjectCase(
    projectId: string,
    name: string,
    code: string,
    occurredAt: string,
    practices: Record<string, boolean> = {},
  ): Promise<void> {
    await this.insertProject(projectId, name, code, occurredAt);
    // The scale templates are driven stage by stage in the released order (project-case v2, every item of a stage
    // open at once); project-case v3 orders items by dependency, which the template driver does not follow yet.
    const version = 2;
    const r = await this.commands.transaction((m) =>
      this.commands.create(m, {
        id: projectId,
        definitionId: 'project-case',
        definitionVersion: version,
        projectId,
        event: {
          type: INSTANCE_CREATED,
          payload: {
            projectId,
            name,
            enterpriseId: ENTERPRISE_ID,
            category: 'socialInvestment',
            practices: { ...NO_PRACTICES, ...practices },
          },
          actor: systemActors.enterprise,
          occurredAt,
        },
      }),
    );
    if (!r.ok) throw new Error(`cannot create project case: ${r.message}`);
  }

  /** One command through the engine's write path (throws the engine's refusal). */
  async send(
    instanceId: string,
    type: string,
    actor: Actor,
    payload: Record<string, unknown> = {},
    occurredAt?: string,
  ) {
    return this.commands.execute(
      { instanceId, type, payload, actor, ...(occurredAt ? { occurredAt } : {}) },
      `${instanceId}:${type}`,
      async (_m, r) => r,
    );
  }

  async childId(parentId: string, childKey: string): Promise<string | null> {
    const rows = await this.dataSource.query(
      'SELECT id FROM workflow_instance WHERE parent_id = $1 AND child_key = $2',
      [parentId, childKey],
    );
    return rows[0]?.id ?? null;
  }
}
