import { CommandService } from '../../src/cases/command.service';
import { ProjectDriver } from './project-driver';
import { startTestApp, type TestApp } from './test-app';

/**
 * A test app with a first project created by the engine driver (which inserts the test enterprise) and another
 * enterprise, `ent-other` (别家企业), for the specs on who may see a case and its files.
 */
export async function drivenApp(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; d: ProjectDriver; projectId: string }> {
  const t = await startTestApp(env);
  const d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
  const projectId = await d.create(1, {});
  await t.dataSource.query("INSERT INTO enterprise (id, name) VALUES ('ent-other', '别家企业') ON CONFLICT DO NOTHING");
  return { t, d, projectId };
}
