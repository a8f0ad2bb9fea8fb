import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Actor, INSTANCE_CREATED } from '../../workflows/contract';
import type { CommandService } from '../../src/cases/command.service';

export const ENTERPRISE_ID = 'ent-test';
export const actors = {
  enterprise: { userId: 'u-ent', role: 'enterprise', enterpriseId: ENTERPRISE_ID } as Actor,
  window: { userId: 'u-window', role: 'clerk', department: 'window' } as Actor,
  planning: { userId: 'u-planning', role: 'clerk', department: 'planning' } as Actor,
  housing: { userId: 'u-housing', role: 'clerk', department: 'housing' } as Actor,
};

export async function insertProject(ds: DataSource, enterpriseId = ENTERPRISE_ID): Promise<string> {
  const projectId = randomUUID();
  await ds.query('INSERT INTO enterprise (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    enterpriseId,
    '测试企业',
  ]);
  await ds.query(
    `INSERT INTO project (id, code, name, enterprise_id, category, details) VALUES ($1, $2, '测试项目', $3, 'socialInvestment', '{}')`,
    [projectId, `T-${projectId.slice(0, 8)}`, enterpriseId],
  );
  return projectId;
}

/** An approval item filed on its own (root instance) for engine tests. */
export async function createItem(
  ds: DataSource,
  commands: CommandService,
  itemCode = 'engineeringPlanningPermit',
  occurredAt = new Date().toISOString(),
): Promise<{ id: string; projectId: string }> {
  const projectId = await insertProject(ds);
  const id = randomUUID();
  const result = await commands.transaction((m) =>
    commands.create(m, {
      id,
      definitionId: 'approval-item',
      definitionVersion: 1,
      projectId,
      event: {
        type: INSTANCE_CREATED,
        payload: { projectId, enterpriseId: ENTERPRISE_ID, itemCode },
        actor: actors.enterprise,
        occurredAt,
      },
    }),
  );
  if (!result.ok) throw new Error(`cannot create item: ${result.message}`);
  return { id, projectId };
}
