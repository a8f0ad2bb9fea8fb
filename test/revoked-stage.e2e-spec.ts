/**
 * Issue #18 points 10 and 13 over HTTP, on a fresh project filed through the API: after a certificate is revoked,
 * the project list (stage column and `?stage=` filter), the project page and the project case's department queue
 * (none while the re-application waits on the enterprise, v7) agree on the reopened stage (project-case v6); a re-application approved moves the project forward again.
 * On v5 the list and the queue kept the later stage while the page showed the reopened one.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  approveItem,
  caseView,
  filingBody,
  fileProject,
  itemIdOf,
  projectView,
  send,
  workQueues,
  type Http,
} from './projects-support';

describe('a revoked certificate reopens its stage in the list, the page and the queue alike', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('rs', {
      env: { DEMO_MODE: 'true' },
      enterprise: '己公司',
      departments: ['window', 'development', 'planning', 'housing'],
    }));
  });
  afterAll(() => t?.close());

  /** The project as the list shows it, and whether `?stage=` finds it. */
  async function listed(projectId: string, stage: string) {
    const all = (await u.admin.get('/api/projects?limit=100').expect(200)).body.items;
    const row = all.find((p: { id: string }) => p.id === projectId);
    const filtered = (await u.admin.get(`/api/projects?limit=100&stage=${stage}`).expect(200)).body.items;
    return { row, found: filtered.some((p: { id: string }) => p.id === projectId) };
  }
  /** The department whose queue holds the project case (its own tasks are the system's: /api/tasks omits it). */
  const queue = async (projectId: string) => (await caseView(u.admin, projectId)).departmentQueue;

  it('after a revocation every view names the reopened stage; the re-application approved moves it forward', async () => {
    const projectId = await fileProject(
      u.ent,
      filingBody('己公司撤销重报项目', { jointIssuance: true }, { industrial: true }),
    );
    await workQueues([u.window, u.development, u.planning, u.housing], projectId);
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('completionAcceptance');
    expect((await listed(projectId, 'completionAcceptance')).found).toBe(true);
    expect(await queue(projectId)).toBe('housing');

    const permit = await itemIdOf(u.ent, projectId, 'engineeringPlanningPermit');
    await send(u.planning, permit, 'REVOKE', { reason: '以欺骗手段取得' });

    // The page: back at 工程建设许可.
    const page = await projectView(u.ent, projectId);
    expect(page.currentStage).toEqual({ key: 'engineeringPermit', name: '工程建设许可' });
    // The list: the same stage, the label saying why, and the filter finds it there only.
    const now = await listed(projectId, 'engineeringPermit');
    expect(now.row.stage).toEqual(page.currentStage);
    expect(now.row.statusLabel).toContain('工程建设许可阶段（已撤销，待重新申报');
    expect(now.found).toBe(true);
    expect((await listed(projectId, 'completionAcceptance')).found).toBe(false);
    // The queue: no longer with 住建; the re-application is the enterprise's (project-case v7), no department's.
    expect(await queue(projectId)).toBeNull();

    // Re-application (offered to the enterprise on the page), approved: forward to 竣工验收 again, everywhere.
    expect(JSON.stringify(page.nextActions)).toContain('重新申报');
    await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'engineeringPlanningPermit' });
    await approveItem(u, projectId, 'engineeringPlanningPermit', 'planning');
    const after = await projectView(u.ent, projectId);
    expect(after.currentStage.key).toBe('completionAcceptance');
    const back = await listed(projectId, 'completionAcceptance');
    expect(back.row.stage).toEqual(after.currentStage);
    expect(back.row.statusLabel).not.toContain('撤销，待重新申报');
    expect(back.found).toBe(true);
    expect(await queue(projectId)).toBe('housing');
  });
});
