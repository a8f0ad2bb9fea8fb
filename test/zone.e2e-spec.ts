import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { as, send, tasksOf, type Http } from './projects-support';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';
import { RULE_EVENT_TYPES } from '../src/notifications/notification-rules';
import { SystemClock } from '../src/common/clock';
import { TimerScheduler } from '../src/timers/timer.scheduler';

const project = (name: string, enterpriseId?: string) => ({
  name,
  category: 'socialInvestment',
  investorType: 'socialCapital',
  landSupplyMode: 'tenderAuctionListing',
  investmentAmount: 5000,
  practices: { ...NO_PRACTICES },
  ...(enterpriseId ? { enterpriseId } : {}),
});

const problem = (projectId: string, extra: Record<string, unknown> = {}) => ({
  projectId,
  title: '施工临时用电尚未接入',
  category: 'utilities',
  department: 'planning',
  limitWorkingDays: 5,
  ...extra,
});

/** The zone command over HTTP: problems, meetings, the battle map, teams, notifications — with authorisation. */
describe('zone command (real PostgreSQL)', () => {
  let t: TestApp;
  const u: Record<string, Http> = {};
  const ids: Record<string, string> = {};
  let pA: string;
  let pB: string;
  const put = (who: string, url: string, body: object) =>
    t.http().put(url).set('Authorization', tokens[who]).send(body);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ent-a', '甲公司'), ('ent-b', '乙公司')`);
    const users: [string, Parameters<typeof userToken>[1]][] = [
      ['entA', { username: 'z-ent-a', role: 'enterprise', enterpriseId: 'ent-a' }],
      ['entB', { username: 'z-ent-b', role: 'enterprise', enterpriseId: 'ent-b' }],
      ['steward', { username: 'z-steward', role: 'steward' }],
      ['leader', { username: 'z-leader', role: 'leader' }],
      ['leader2', { username: 'z-leader-2', role: 'leader' }],
      ['planning', { username: 'z-planning', role: 'clerk', department: 'planning' }],
      ['housing', { username: 'z-housing', role: 'clerk', department: 'housing' }],
      ['auditor', { username: 'z-auditor', role: 'auditor' }],
      ['admin', { username: 'z-admin', role: 'admin' }],
    ];
    for (const [key, spec] of users) {
      tokens[key] = await userToken(t, spec);
      u[key] = as(t, tokens[key]);
    }
    for (const [key, name] of [
      ['leader', 'z-leader'],
      ['leader2', 'z-leader-2'],
      ['steward', 'z-steward'],
    ]) {
      ids[key] = (await t.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [name]))[0].id;
    }
    pA = (await u.entA.post('/api/projects', project('甲公司项目')).expect(201)).body.id;
    pB = (await u.entB.post('/api/projects', project('乙公司项目')).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  describe('team and key projects', () => {
    it('an admin marks a key project and names its leader, steward and liaisons; only an admin', async () => {
      const team = {
        keyProject: true,
        leaderUserId: ids.leader,
        stewardUserId: ids.steward,
        enterpriseContact: { name: '甲公司 王经理', phone: '13800000000' },
        liaisons: { planning: { name: '规划局 刘工' } },
      };
      await put('leader', `/api/projects/${pA}/team`, team).expect(403);
      await put('admin', `/api/projects/${pA}/team`, { ...team, leaderUserId: ids.steward })
        .expect(400)
        .expect((r) => expect(r.body.details[0].field).toBe('leaderUserId'))
        .expect((r) => expect(r.body.message).toBe('「项目长」须为在用的项目长账号'));
      await put('admin', `/api/projects/${pA}/team`, { ...team, liaisons: { mars: { name: 'x' } } })
        .expect(400)
        .expect((r) => expect(r.body.message).toBe('「联络员」未知部门'));
      await put('admin', `/api/projects/${pA}/team`, { ...team, liaisons: { planning: { name: ' ' } } })
        .expect(400)
        .expect((r) => expect(r.body.message).toBe('「自然资源和规划局联络员」须填写联络员姓名'));
      // A map of liaisons is held to the enterprise contact's rules; every problem is named, nothing is written.
      await put('admin', `/api/projects/${pA}/team`, {
        ...team,
        enterpriseContact: { name: '', phone: '13800000000' },
        liaisons: { planning: { name: '规划局 刘工', phone: 13800000000 }, housing: { name: '住'.repeat(101) } },
      })
        .expect(400)
        .expect((r) =>
          expect(r.body.details.map((d: { field: string; problem: string }) => [d.field, d.problem])).toEqual([
            ['enterpriseContact.name', '须填写联系人姓名'],
            ['liaisons.planning.phone', '应为1至40个字符'],
            ['liaisons.housing.name', '姓名不能超过100个字'],
          ]),
        );
      expect((await u.admin.get(`/api/projects/${pA}/team`).expect(200)).body.version).toBe(0);
      const res = await put('admin', `/api/projects/${pA}/team`, team).expect(200);
      expect(res.body).toMatchObject({
        keyProject: true,
        leader: { id: ids.leader, name: 'z-leader' },
        steward: { id: ids.steward },
        liaisons: [{ department: 'planning', departmentName: '自然资源和规划局', name: '规划局 刘工' }],
      });
      // The UI offers the team form to whom may PUT it (AccessPolicy, team:manage), and to nobody else.
      expect(res.body.canEdit).toBe(true);
      expect((await u.leader.get(`/api/projects/${pA}/team`).expect(200)).body.canEdit).toBe(false);
      await put('admin', `/api/projects/${pB}/team`, { keyProject: false, leaderUserId: ids.leader2 }).expect(200);
    });

    it('a leader sees the projects they lead, and only those', async () => {
      await u.leader.get(`/api/projects/${pA}`).expect(200);
      await u.leader.get(`/api/projects/${pB}`).expect(404);
      const zone = await u.leader.get('/api/zone/projects').expect(200);
      expect(zone.body.items.map((p: { id: string }) => p.id)).toEqual([pA]);
      expect(zone.body.items[0]).toMatchObject({ keyProject: true, leader: { name: 'z-leader' }, openProblems: 0 });
      const all = await u.auditor.get('/api/zone/projects').expect(200);
      expect(all.body.items.map((p: { id: string }) => p.id).sort()).toEqual([pA, pB].sort());
      await u.entA.get('/api/zone/projects').expect(403);
      await u.planning.get('/api/zone/projects').expect(403);
    });
  });

  describe('problems', () => {
    let q1: string;

    it('the enterprise raises a problem on its own project, not on another’s; bad input is a 400 naming the field', async () => {
      await u.entA.post('/api/problems', problem(pB)).expect(404);
      await u.planning.post('/api/problems', problem(pA)).expect(403);
      await u.auditor.post('/api/problems', problem(pA)).expect(403);
      for (const [field, value] of [
        ['category', 'weather'],
        ['department', 'mars'],
        ['limitWorkingDays', 0],
        ['title', ''],
        ['title', '   '],
      ] as const) {
        const res = await u.entA.post('/api/problems', problem(pA, { [field]: value })).expect(400);
        expect(JSON.stringify(res.body.details)).toContain(field);
      }
      const res = await u.entA.post('/api/problems', problem(pA)).expect(201);
      q1 = res.body.id;
      expect(res.body).toMatchObject({ state: 'pending', statusLabel: '待交办' });
      const listed = await u.entA.get('/api/problems').expect(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          id: q1,
          title: '施工临时用电尚未接入',
          category: { code: 'utilities', name: '水电气' },
          department: { code: 'planning', name: '自然资源和规划局' },
          statusLabel: '待交办',
          raisedBy: { role: 'enterprise', roleLabel: '企业' },
        }),
      ]);
      expect((await u.entB.get('/api/problems').expect(200)).body.items).toEqual([]);
      await u.entB.get(`/api/cases/${q1}`).expect(404);
    });

    it('the leader assigns it; the department sees it in its queue and list, another department does not', async () => {
      expect((await u.planning.get('/api/problems').expect(200)).body.items).toEqual([]);
      const view = await u.leader.get(`/api/cases/${q1}`).expect(200);
      expect(view.body.allowedEvents.map((e: { type: string }) => e.type).sort()).toEqual(['ASSIGN', 'ESCALATE']);
      await u.leader2.get(`/api/cases/${q1}`).expect(404);
      await send(u.leader, q1, 'ASSIGN', { limitWorkingDays: 3 });
      const list = await u.planning.get('/api/problems').expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([q1]);
      expect(list.body.items[0]).toMatchObject({ state: 'assigned', timerState: 'normal', limitWorkingDays: 3 });
      expect(list.body.items[0].dueAt).toEqual(expect.any(String));
      expect((await u.housing.get('/api/problems').expect(200)).body.items).toEqual([]);
      const tasks = await tasksOf(u.planning);
      const task = tasks.find((x) => x.instanceId === q1);
      expect(task).toMatchObject({ definitionId: 'problem' });
      expect(task!.allowedEvents.map((e) => e.type).sort()).toEqual(['RETURN_PROBLEM', 'START_HANDLING']);
      expect((await tasksOf(u.housing)).some((x) => x.instanceId === q1)).toBe(false);
      const leaderTasks = await tasksOf(u.leader);
      expect(leaderTasks.map((x) => x.instanceId)).toEqual([q1]);
    });

    it('filters by project, department and status', async () => {
      expect((await u.auditor.get(`/api/problems?projectId=${pA}&status=assigned`).expect(200)).body.total).toBe(1);
      expect((await u.auditor.get(`/api/problems?projectId=${pB}`).expect(200)).body.total).toBe(0);
      expect((await u.auditor.get(`/api/problems?department=housing`).expect(200)).body.total).toBe(0);
      expect((await u.auditor.get(`/api/problems?status=closed`).expect(200)).body.total).toBe(0);
      await u.auditor.get(`/api/problems?status=nonsense`).expect(400);
      await u.auditor.get(`/api/problems?projectId=not-a-uuid`).expect(400);
    });

    it('the department resolves it; the enterprise is notified, confirms, and it is closed', async () => {
      await u.housing.post(`/api/cases/${q1}/events`, { type: 'START_HANDLING', payload: {} }).expect(404);
      await send(u.planning, q1, 'START_HANDLING');
      await u.planning
        .post(`/api/cases/${q1}/events`, { type: 'RESOLVE', payload: {} })
        .expect(422)
        .expect((r) => expect(r.body.code).toBe('INVALID_PAYLOAD'));
      await send(u.planning, q1, 'RESOLVE', { resolution: '已协调供电公司接入' });
      await u.auditor.post(`/api/cases/${q1}/events`, { type: 'CONFIRM_RESOLVED', payload: {} }).expect(403);
      await u.leader
        .post(`/api/cases/${q1}/events`, { type: 'CONFIRM_RESOLVED', payload: {} })
        .expect(403)
        .expect((r) => expect(r.body.code).toBe('FORBIDDEN'));

      const inbox = await u.entA.get('/api/notifications').expect(200);
      const resolved = inbox.body.items.find((n: { kind: string }) => n.kind === 'problemResolved');
      expect(resolved).toMatchObject({ title: '问题已解决，请确认：施工临时用电尚未接入', link: `/cases/${q1}` });
      expect(inbox.body.unread).toBeGreaterThanOrEqual(1);
      expect((await u.entB.get('/api/notifications').expect(200)).body.items).toEqual([]);
      await u.entB.post(`/api/notifications/${resolved.id}/read`).expect(404);
      await u.entA.post(`/api/notifications/abc/read`).expect(404);
      await u.entA.post(`/api/notifications/${resolved.id}/read`).expect(200);
      const after = await u.entA.get('/api/notifications?unread=true').expect(200);
      expect(after.body.unread).toBe(inbox.body.unread - 1);
      expect(after.body.items.some((n: { id: string }) => n.id === resolved.id)).toBe(false);

      await send(u.entA, q1, 'CONFIRM_RESOLVED', { note: '满意' });
      const closed = await u.entA.get(`/api/problems?status=closed`).expect(200);
      expect(closed.body.items.map((p: { id: string }) => p.id)).toEqual([q1]);
      // The engine gives it history, verification and as-of like any case.
      const history = await u.auditor.get(`/api/cases/${q1}/history`).expect(200);
      expect(JSON.stringify(history.body)).toContain('CONFIRM_RESOLVED');
      expect((await u.auditor.get(`/api/cases/${q1}/verify`).expect(200)).body).toMatchObject({ ok: true, events: 5 });
      const asOf = await u.auditor.get(`/api/cases/${q1}/state?seq=2`).expect(200);
      expect(JSON.stringify(asOf.body)).toContain('"assigned"');
    });

    it('a leader escalates; the department and the clerk’s new task are notified; a steward may not escalate', async () => {
      const q2 = (await u.steward.post('/api/problems', problem(pA, { title: '消防意见迟迟未出' })).expect(201)).body
        .id;
      await send(u.steward, q2, 'ASSIGN');
      await u.steward.post(`/api/cases/${q2}/events`, { type: 'ESCALATE', payload: { reason: '久拖' } }).expect(403);
      await send(u.leader, q2, 'ESCALATE', { reason: '影响开工，请部门主要负责人督办' });
      const listed = (await u.leader.get(`/api/problems?projectId=${pA}&status=assigned`).expect(200)).body.items;
      expect(listed[0].escalations).toEqual([
        expect.objectContaining({ department: 'planning', reason: '影响开工，请部门主要负责人督办' }),
      ]);
      const inbox = (await u.planning.get('/api/notifications').expect(200)).body.items;
      expect(inbox.map((n: { kind: string }) => n.kind)).toEqual(
        expect.arrayContaining(['problemAssigned', 'escalation']),
      );
      expect(inbox.find((n: { kind: string }) => n.kind === 'escalation').title).toContain('消防意见迟迟未出');
      expect((await u.housing.get('/api/notifications').expect(200)).body.items).toEqual([]);
    });
    it('a resolved problem is in the 待办 of whoever may confirm it, and in no one else’s', async () => {
      const raise = async (who: Http, title: string) =>
        (await who.post('/api/problems', problem(pA, { title })).expect(201)).body.id as string;
      const [byEnterprise, bySteward, byLeader] = [
        await raise(u.entA, '供水管网未接入'),
        await raise(u.steward, '施工许可材料往返'),
        await raise(u.leader, '厂区道路未通'),
      ];
      for (const id of [byEnterprise, bySteward, byLeader]) {
        await send(u.leader, id, 'ASSIGN');
        await send(u.planning, id, 'START_HANDLING');
        await send(u.planning, id, 'RESOLVE', { resolution: '已协调解决' });
      }
      const queued = async (who: Http) => (await tasksOf(who, `&projectId=${pA}`)).map((x) => x.instanceId);
      // Only the raiser confirms (the enterprise's steward on its behalf): the 项目长 has nothing to do with the
      // others', which their 待办 therefore does not hold.
      const leader = await queued(u.leader);
      expect(leader).toContain(byLeader);
      expect(leader).not.toContain(byEnterprise);
      expect(leader).not.toContain(bySteward);
      const steward = await queued(u.steward);
      expect(steward).toEqual(expect.arrayContaining([byEnterprise, bySteward]));
      expect(steward).not.toContain(byLeader);
      const enterprise = await queued(u.entA);
      expect(enterprise).toContain(byEnterprise);
      expect(enterprise).not.toContain(bySteward);
      expect(enterprise).not.toContain(byLeader);
      for (const task of await tasksOf(u.leader, `&projectId=${pA}`))
        expect(task.allowedEvents.filter((e) => !e.disabledReason)).not.toEqual([]);
      await send(u.entA, byEnterprise, 'CONFIRM_RESOLVED');
      await send(u.steward, bySteward, 'CONFIRM_RESOLVED');
      await send(u.leader, byLeader, 'CONFIRM_RESOLVED');
      const closed = [byEnterprise, bySteward, byLeader];
      for (const who of [u.leader, u.steward, u.entA])
        expect((await queued(who)).filter((id) => closed.includes(id))).toEqual([]);
    });
  });

  describe('meetings', () => {
    let meetingId: string;

    it('a leader records an on-site meeting on their project; a place is required; not on projects they do not lead', async () => {
      const body = {
        heldOn: '2026-03-07',
        type: 'onSite',
        place: '甲公司项目现场',
        attendees: ['项目长', '规划局 刘工'],
        projectIds: [pA],
        decisions: ['规划局3个工作日内出具意见'],
      };
      await u.leader
        .post('/api/meetings', { ...body, place: undefined })
        .expect(400)
        .expect((r) => expect(r.body.details[0]).toMatchObject({ field: 'place', problem: '现场办公须填写地点' }))
        .expect((r) => expect(r.body.message).toBe('「地点」现场办公须填写地点'));
      await u.leader.post('/api/meetings', { ...body, type: 'video', place: undefined }).expect(400);
      // A project the leader does not lead, and one that does not exist: counted, never named or shown by id.
      const missing = '00000000-0000-4000-8000-000000000000';
      await u.leader
        .post('/api/meetings', { ...body, projectIds: [pA, pB, missing] })
        .expect(400)
        .expect((r) => expect(r.body.message).toBe('「调度的项目」有 2 个项目不存在或您无权调度'));
      await u.leader.post('/api/meetings', { ...body, heldOn: '2026-13-40' }).expect(400);
      await u.leader.post('/api/meetings', { ...body, heldOn: '2026-02-30' }).expect(400);
      await u.entA.post('/api/meetings', body).expect(403);
      const res = await u.leader.post('/api/meetings', body).expect(201);
      meetingId = res.body.id;
      expect(res.body).toMatchObject({
        typeLabel: '现场办公',
        leader: { id: ids.leader, name: 'z-leader' },
        projects: [{ id: pA, name: '甲公司项目' }],
        decisions: ['规划局3个工作日内出具意见'],
        problemsRaised: [],
      });
    });

    it('problems raised at the meeting are listed with it; enterprise A sees its meeting, B never does', async () => {
      await u.entB.post('/api/problems', problem(pB, { meetingId })).expect(400);
      await u.leader
        .post('/api/problems', problem(pA, { meetingId: '00000000-0000-4000-8000-000000000000' }))
        .expect(400);
      const raised = await u.leader.post('/api/problems', problem(pA, { title: '厂区道路', meetingId })).expect(201);
      const seenA = await u.entA.get('/api/meetings').expect(200);
      expect(seenA.body.items.map((x: { id: string }) => x.id)).toEqual([meetingId]);
      expect(seenA.body.items[0].problemsRaised.map((p: { id: string }) => p.id)).toEqual([raised.body.id]);
      expect((await u.entB.get('/api/meetings').expect(200)).body.items).toEqual([]);
      await u.entB.get(`/api/meetings/${meetingId}`).expect(404);
      await u.entA.get(`/api/meetings/${meetingId}`).expect(200);
      expect((await u.leader2.get('/api/meetings').expect(200)).body.items).toEqual([]);
      expect((await u.auditor.get('/api/meetings').expect(200)).body.total).toBe(1);
      await u.planning.get('/api/meetings').expect(403);
      // A video dispatch reviewing it (a problem not of its projects is counted, not shown by id)
      const dispatch = {
        heldOn: '2026-03-08',
        type: 'video',
        link: 'https://meeting.example/1',
        leaderUserId: ids.leader,
        attendees: [],
        projectIds: [pA],
        reviewedProblemIds: [raised.body.id],
      };
      await u.steward
        .post('/api/meetings', {
          ...dispatch,
          reviewedProblemIds: [raised.body.id, '00000000-0000-4000-8000-000000000000'],
        })
        .expect(400)
        .expect((r) => expect(r.body.message).toBe('「复核的问题」有 1 个问题不属于本次调度的项目'));
      const video = await u.steward.post('/api/meetings', dispatch).expect(201);
      expect(video.body.problemsReviewed.map((p: { id: string }) => p.id)).toEqual([raised.body.id]);
    });
  });

  describe('battle map', () => {
    it('the steward enters the milestones; one past its date is 滞后, one close gets a warning', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const map = {
        milestones: [
          { code: 'signing', plannedOn: day(-60), actualOn: day(-61) },
          { code: 'landSupply', plannedOn: day(-10) },
          { code: 'workStart', plannedOn: day(3) },
          { name: '环评批复', plannedOn: day(40) },
        ],
      };
      await put('entA', `/api/projects/${pA}/milestones`, map).expect(403);
      await put('auditor', `/api/projects/${pA}/milestones`, map).expect(403);
      await put('steward', `/api/projects/${pB}/milestones`, map).expect(404);
      await put('steward', `/api/projects/${pA}/milestones`, { milestones: [{ plannedOn: day(1) }] })
        .expect(400)
        .expect((r) => expect(r.body.details[0].field).toBe('milestones[0].name'))
        .expect((r) => expect(r.body.message).toBe('「名称（第 1 项）」新增里程碑须填写名称'));
      await put('steward', `/api/projects/${pA}/milestones`, {
        milestones: [{ code: 'signing', plannedOn: '2026-02-30' }],
      })
        .expect(400)
        .expect((r) => expect(r.body.message).toBe('「计划日期（第 1 项）」不是有效日期'));
      const res = await put('steward', `/api/projects/${pA}/milestones`, map).expect(200);
      expect(res.body.milestones.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([
        ['签约', 'done'],
        ['供地', 'slipping'],
        ['开工', 'warning'],
        ['环评批复', 'onTrack'],
      ]);
      expect(res.body.milestones[1]).toMatchObject({ statusLabel: '滞后', actualSource: null });
      expect(res.body.milestones[1].daysLate).toBeGreaterThanOrEqual(9);
      expect(res.body).toMatchObject({ slipping: 1, warnings: 1 });
      await u.entA.get(`/api/projects/${pA}/milestones`).expect(200);
      await u.entB.get(`/api/projects/${pA}/milestones`).expect(404);
      await u.auditor.get(`/api/projects/${pA}/milestones`).expect(200);
      const zone = await u.leader.get('/api/zone/projects').expect(200);
      expect(zone.body.items[0]).toMatchObject({
        atRisk: true,
        slippingMilestones: [expect.objectContaining({ code: 'landSupply' })],
      });
      expect(zone.body.slippingProjects).toBe(1);
    });
  });

  it('the outbox trigger enqueues every event type the rules read, and the outbox is emptied as it is read', async () => {
    const [{ def }] = await t.dataSource.query(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'workflow_event_notification_outbox'`,
    );
    for (const type of RULE_EVENT_TYPES) expect(def).toContain(`'${type}'`);
    await u.auditor.get('/api/notifications').expect(200);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM notification_outbox`))[0].n).toBe(0);
    // Delivered through the channel (the log by default).
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE delivered_at IS NULL`);
    expect(n).toBe(0);
  });

  it('timers: a problem past its limit turns 预警 then 逾期; the department is warned and the leader of the key project told', async () => {
    const q3 = (
      await u.steward.post('/api/problems', problem(pA, { title: '围墙施工许可', limitWorkingDays: 1 })).expect(201)
    ).body.id;
    await send(u.steward, q3, 'ASSIGN');
    const qB = (await u.entB.post('/api/problems', problem(pB, { limitWorkingDays: 1 })).expect(201)).body.id;
    await send(u.leader2, qB, 'ASSIGN');
    t.app.get(SystemClock).advance(10 * 86_400_000);
    // Timers fire through the scheduler's own write path; the outbox trigger catches those events too.
    await t.app.get(TimerScheduler).runOnce();
    await t.app.get(TimerScheduler).runOnce();
    const listed = (await u.leader.get(`/api/problems?projectId=${pA}&overdue=true`).expect(200)).body.items;
    expect(listed.map((p: { id: string }) => p.id)).toContain(q3);
    expect(listed.find((p: { id: string }) => p.id === q3)).toMatchObject({
      timerState: 'overdue',
      timerStateLabel: '逾期',
    });
    const leaderInbox = (await u.leader.get('/api/notifications').expect(200)).body.items;
    expect(leaderInbox).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'keyProjectOverdue', title: '重点项目问题逾期：围墙施工许可（甲公司项目）' }),
      ]),
    );
    const clerkInbox = (await u.planning.get('/api/notifications').expect(200)).body.items;
    expect(
      clerkInbox.some((n: { kind: string; title: string }) => n.kind === 'warning' && n.title.includes('围墙施工许可')),
    ).toBe(true);
    // pB is not a key project: its problem is overdue too, but its leader is not told.
    expect(
      (await u.leader2.get(`/api/problems?overdue=true`).expect(200)).body.items.map((p: { id: string }) => p.id),
    ).toEqual([qB]);
    expect((await u.leader2.get('/api/notifications').expect(200)).body.items).toEqual([]);
  });
});
