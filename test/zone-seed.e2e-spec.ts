import type { Http } from './projects-support';
import { everyDemoAccount } from './support/staffed-app';
import { startTestApp, type TestApp } from './support/test-app';

/** The zone command's demo data: the leader, the team, a slipping battle map, a meeting with its problems. */
describe('zone demo seed (real PostgreSQL, demo mode)', () => {
  let t: TestApp;
  let users: Record<string, Http>;
  const as = (user: string) => users[user];

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    ({ u: users } = await everyDemoAccount(t));
  });
  afterAll(() => t.close());

  it('the demo leader (password demo) leads both demo projects, key projects with a 1+1+N team', async () => {
    const zone = await as('leader').get('/api/zone/projects').expect(200);
    expect(zone.body.items).toHaveLength(2);
    for (const p of zone.body.items) {
      expect(p).toMatchObject({ keyProject: true, leader: { name: '项目长 张主任' }, steward: { name: '项目管家' } });
      const team = await as('leader').get(`/api/projects/${p.id}/team`).expect(200);
      expect(team.body.enterpriseContact.name).toEqual(expect.any(String));
      expect(team.body.liaisons.length).toBeGreaterThanOrEqual(3);
    }
    // 斯诺: 主体完工 is slipping; 铜箔: 开工 is close.
    const snow = zone.body.items.find((p: { name: string }) => p.name.includes('斯诺'));
    expect(snow.slippingMilestones.map((m: { name: string }) => m.name)).toEqual(['主体完工']);
    expect(zone.body.slippingProjects).toBe(1);
    const copper = zone.body.items.find((p: { name: string }) => p.name.includes('铜箔'));
    const map = await as('enterprise-copper').get(`/api/projects/${copper.id}/milestones`).expect(200);
    expect(map.body.milestones.find((m: { code: string }) => m.code === 'workStart').status).toBe('warning');
  });

  it('a Saturday on-site meeting raised problems now in several states', async () => {
    const meetings = await as('leader').get('/api/meetings').expect(200);
    expect(meetings.body.items).toHaveLength(1);
    const [meeting] = meetings.body.items;
    expect(meeting).toMatchObject({ type: 'onSite', typeLabel: '现场办公', leader: { name: '项目长 张主任' } });
    expect(new Date(`${meeting.heldOn}T00:00:00Z`).getUTCDay()).toBe(6);
    expect(meeting.decisions.length).toBeGreaterThan(0);
    const states = meeting.problemsRaised.map((p: { state: string }) => p.state).sort();
    expect(states).toEqual(['assigned', 'closed', 'inProgress', 'pending', 'resolved']);
    const escalated = meeting.problemsRaised.find((p: { state: string }) => p.state === 'inProgress');
    expect(escalated.escalations).toHaveLength(1);
    // Each enterprise sees the meeting with only its own project's problems.
    const snow = (await as('enterprise-snow').get('/api/meetings').expect(200)).body.items[0];
    expect(snow.projects).toHaveLength(1);
    expect(snow.problemsRaised).toHaveLength(3);
    const copper = (await as('enterprise-copper').get('/api/meetings').expect(200)).body.items[0];
    expect(copper.problemsRaised).toHaveLength(2);
    // The resolved one waits for 随锦铜箔's confirmation, which it is offered.
    const resolved = copper.problemsRaised.find((p: { state: string }) => p.state === 'resolved');
    const view = await as('enterprise-copper').get(`/api/cases/${resolved.id}`).expect(200);
    expect(view.body.allowedEvents.map((e: { type: string }) => e.type).sort()).toEqual(['CONFIRM_RESOLVED', 'REOPEN']);
    // The fire clerk has the escalated problem in their queue, and was told of it.
    const tasks = await as('clerk-fire').get('/api/tasks').expect(200);
    expect(tasks.body.items.some((x: { instanceId: string }) => x.instanceId === escalated.id)).toBe(true);
    const inbox = await as('clerk-fire').get('/api/notifications').expect(200);
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['escalation']));
  });
});
