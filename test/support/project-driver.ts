import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Actor, INSTANCE_CREATED } from '../../workflows/contract';
import type { CommandService } from '../../src/cases/command.service';
import { actors, ENTERPRISE_ID, insertProject } from './engine-fixtures';
import { NO_PRACTICES } from '../../workflows/testing/project-fixture';

const clerk = (department: string): Actor => ({ userId: `u-${department}`, role: 'clerk', department });

/** Drives project cases through the real engine (as the API would), for engine-level tests. */
export class ProjectDriver {
  constructor(
    private readonly ds: DataSource,
    private readonly commands: CommandService,
  ) {}

  async create(
    version: number,
    practices: Record<string, boolean>,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const projectId = await insertProject(this.ds);
    const input = {
      projectId,
      name: '测试项目',
      enterpriseId: ENTERPRISE_ID,
      category: 'socialInvestment',
      practices: { ...NO_PRACTICES, ...practices },
      ...extra,
    };
    const r = await this.commands.transaction((m) =>
      this.commands.create(m, {
        id: projectId,
        definitionId: 'project-case',
        definitionVersion: version,
        projectId,
        event: {
          type: INSTANCE_CREATED,
          payload: input,
          actor: actors.enterprise,
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    if (!r.ok) throw new Error(r.message);
    return projectId;
  }

  async child(parentId: string, childKey: string): Promise<string> {
    const rows = await this.ds.query('SELECT id FROM workflow_instance WHERE parent_id = $1 AND child_key = $2', [
      parentId,
      childKey,
    ]);
    if (!rows[0]) throw new Error(`no child ${childKey} of ${parentId}`);
    return rows[0].id;
  }

  send(instanceId: string, type: string, actor: Actor, payload: Record<string, unknown> = {}) {
    return this.commands.execute({ instanceId, type, payload, actor }, `${type}`, async (_m, r) => r);
  }

  async accept(projectId: string, itemKey: string, department: string): Promise<string> {
    const id = await this.child(projectId, itemKey);
    await this.send(id, 'WINDOW_ACCEPT', clerk('window'));
    await this.send(id, 'DEPARTMENT_ACCEPT', clerk(department));
    return id;
  }

  async approve(projectId: string, itemKey: string, department: string): Promise<string> {
    const id = await this.accept(projectId, itemKey, department);
    await this.send(id, 'APPROVE', clerk(department), { opinion: '同意' });
    return id;
  }

  async passStage(projectId: string, items: [string, string][]): Promise<void> {
    for (const [key, dept] of items) await this.approve(projectId, key, dept);
  }

  async context(id: string): Promise<Record<string, any>> {
    const [row] = await this.ds.query('SELECT snapshot FROM workflow_instance WHERE id = $1', [id]);
    return row.snapshot.context;
  }

  async state(id: string): Promise<string> {
    const [row] = await this.ds.query('SELECT state FROM workflow_instance WHERE id = $1', [id]);
    return row.state;
  }
}

export const STAGES = {
  landPlanning: [
    ['item:projectFiling', 'development'],
    ['item:landTitleRegistration', 'planning'],
    ['item:landUsePlanningPermit', 'planning'],
  ] as [string, string][],
  engineeringPermit: [
    ['item:designPlanReview', 'planning'],
    ['item:engineeringPlanningPermit', 'planning'],
  ] as [string, string][],
  constructionPermit: [
    ['item:constructionDrawingReview', 'housing'],
    ['item:fireDesignReview', 'fire'],
    ['item:civilDefenseDesignReview', 'civilDefense'],
    ['item:constructionPermit', 'housing'],
  ] as [string, string][],
};

export { clerk, randomUUID };
