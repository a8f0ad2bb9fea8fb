import { DefinitionRegistry } from '../src/cases/definition-registry';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { as, send, tasksOf, type Http } from './projects-support';

const plainProject = (name: string, enterpriseId: string) => ({
  name,
  enterpriseId,
  category: 'socialInvestment',
  investorType: 'socialCapital',
  landSupplyMode: 'tenderAuctionListing',
  investmentAmount: 10000,
  practices: {
    foundationFirst: false,
    tolerance: false,
    notifyCommit: false,
    jointIssuance: true,
    stagedAcceptance: false,
  },
});

/** Text people read: Chinese, no ids, codes, state paths or English words. */
const CHINESE = /^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/;

/**
 * The server side of what users read (#19): the labels endpoint, the enterprise picker's lookup, and the names
 * and zh-CN labels history, as-of and verify answers carry beside their codes and ids.
 */
describe('labels, enterprise lookup and named history (real PostgreSQL)', () => {
  let t: TestApp;
  const u: Record<string, Http> = {};
  const bearer: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(
      `INSERT INTO enterprise (id, name, credit_code) VALUES
         ('ent-copper', '湖北随锦铜箔科技有限公司', '91421300MA49COPPER'),
         ('ent-snow', '湖北斯诺新材料科技有限公司', '91421300MA49SNOW01'),
         ('ent-pct', '百分之50%_公司', NULL)`,
    );
    for (let i = 0; i < 25; i++) {
      await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ($1, $2)`, [`ent-bulk-${i}`, `批量企业${i}`]);
    }
    const users: [string, Parameters<typeof userToken>[1]][] = [
      ['steward', { username: 'steward-named', role: 'steward' }],
      ['window', { username: 'window-named', role: 'clerk', department: 'window' }],
      ['planning', { username: 'planning-named', role: 'clerk', department: 'planning' }],
      ['enterprise', { username: 'copper-named', role: 'enterprise', enterpriseId: 'ent-copper' }],
      ['auditor', { username: 'auditor-named', role: 'auditor' }],
      ['admin', { username: 'admin-named', role: 'admin' }],
      ['leader', { username: 'leader-named', role: 'leader' }],
      ['snow', { username: 'snow-named', role: 'enterprise', enterpriseId: 'ent-snow' }],
      ['development', { username: 'development-named', role: 'clerk', department: 'development' }],
    ];
    for (const [key, spec] of users) {
      bearer[key] = await userToken(t, spec);
      u[key] = as(t, bearer[key]);
    }
  });
  afterAll(() => t?.close());

  describe('GET /api/labels', () => {
    it('answers every logged-in user with all the tables, and 304 to a client holding the current copy', async () => {
      for (const who of ['enterprise', 'planning', 'auditor', 'admin', 'leader', 'steward']) {
        const res = await u[who].get('/api/labels').expect(200);
        expect(Object.keys(res.body).sort()).toEqual(
          [
            'departments',
            'events',
            'items',
            'materials',
            'practices',
            'roles',
            'states',
            'waiting',
            'stages',
            'projectCategories',
            'investorTypes',
            'landSupplyModes',
            'civilDefense',
            'procedures',
            'outcomes',
            'timerStates',
            'timeUnits',
            'toleranceStatuses',
            'problemCategories',
            'milestones',
            'timeKinds',
            'meetingTypes',
            'payloadFields',
          ].sort(),
        );
      }
      const res = await u.enterprise.get('/api/labels').expect(200);
      expect(res.body.roles.steward).toBe('项目管家');
      expect(res.body.departments.fire).toBe('消防救援大队');
      expect(res.body.materials.fundsCommitment).toBe('建设资金落实承诺书');
      expect(res.body.states['approval-item']['departmentAccepted.reviewing']).toBe('部门审查中');
      expect(res.body.events.SUPPLY_MATERIAL).toMatch(CHINESE);
      expect(res.body.waiting.enterprise).toMatch(CHINESE);
      expect(res.body.practices.tolerance).toBe('容缺受理');
      const etag = res.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await t
        .http()
        .get('/api/labels')
        .set('Authorization', bearer.enterprise)
        .set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      const stale = await t
        .http()
        .get('/api/labels')
        .set('Authorization', bearer.enterprise)
        .set('If-None-Match', '"old"');
      expect(stale.status).toBe(200);
    });

    it('names every value a form may send: each enum the API accepts has a label of its kind (a new code without one fails)', async () => {
      const labels = (await u.enterprise.get('/api/labels').expect(200)).body;
      const schemas = (await t.http().get('/api/openapi.json').expect(200)).body.components.schemas;
      const kinds: [string, string, string][] = [
        ['CreateProjectDto', 'category', 'projectCategories'],
        ['CreateProjectDto', 'investorType', 'investorTypes'],
        ['CreateProjectDto', 'landSupplyMode', 'landSupplyModes'],
        ['CreateProjectDto', 'civilDefense', 'civilDefense'],
        ['RaiseProblemDto', 'category', 'problemCategories'],
        ['CreateMeetingDto', 'type', 'meetingTypes'],
      ];
      const unlabelled: string[] = [];
      for (const [dto, prop, kind] of kinds) {
        const values: unknown = schemas[dto]?.properties?.[prop]?.enum;
        expect(Array.isArray(values) && values.length > 0).toBe(true);
        for (const v of values as string[]) if (!CHINESE.test(labels[kind]?.[v] ?? '')) unlabelled.push(`${kind}.${v}`);
      }
      // Enumerated payload fields of the definitions' events (special procedures, decisions) and the stages.
      const defs = (await u.planning.get('/api/definitions').expect(200)).body;
      type Payload = { payloadSchema?: { properties?: Record<string, { oneOf?: { const: string }[] }> } };
      for (const d of defs as { id: string; versions: { version: number }[] }[])
        for (const { version } of d.versions) {
          const events: Payload[] = (await u.planning.get(`/api/definitions/${d.id}/${version}`).expect(200)).body
            .events;
          for (const e of events)
            for (const [field, kind] of [
              ['procedure', 'procedures'],
              ['outcome', 'outcomes'],
            ])
              for (const o of e.payloadSchema?.properties?.[field]?.oneOf ?? [])
                if (!CHINESE.test(labels[kind]?.[o.const] ?? '')) unlabelled.push(`${kind}.${o.const}`);
        }
      for (const stage of ['landPlanning', 'engineeringPermit', 'constructionPermit', 'completionAcceptance'])
        if (!CHINESE.test(labels.stages[stage] ?? '')) unlabelled.push(`stages.${stage}`);
      expect(unlabelled).toEqual([]);
      expect(labels.procedures.expertReview).toBe('专家评审');
      expect(labels.outcomes.approvedWithTolerance).toBe('容缺通过');
    });

    it('refuses an anonymous caller', async () => {
      await t.http().get('/api/labels').expect(401);
    });
  });

  describe('GET /api/enterprises', () => {
    it('finds enterprises by part of the name or of the credit code, for a steward, a window clerk and an admin', async () => {
      for (const who of ['steward', 'window', 'admin']) {
        const byName = await u[who].get(`/api/enterprises?q=${encodeURIComponent('铜箔')}`).expect(200);
        expect(byName.body).toEqual([
          { id: 'ent-copper', name: '湖北随锦铜箔科技有限公司', creditCode: '91421300MA49COPPER' },
        ]);
      }
      const byCode = await u.steward.get('/api/enterprises?q=ma49snow').expect(200);
      expect(byCode.body.map((e: { id: string }) => e.id)).toEqual(['ent-snow']);
      // % and _ are literal, not patterns
      const literal = await u.steward.get(`/api/enterprises?q=${encodeURIComponent('50%_')}`).expect(200);
      expect(literal.body.map((e: { id: string }) => e.id)).toEqual(['ent-pct']);
      const none = await u.steward.get(`/api/enterprises?q=${encodeURIComponent('%')}`).expect(200);
      expect(none.body.map((e: { id: string }) => e.id)).toEqual(['ent-pct']);
    });

    it('answers at most 20', async () => {
      expect((await u.steward.get(`/api/enterprises?q=${encodeURIComponent('批量')}`).expect(200)).body).toHaveLength(
        20,
      );
      expect((await u.admin.get('/api/enterprises').expect(200)).body).toHaveLength(20);
    });

    it.each([['planning'], ['enterprise'], ['auditor'], ['leader']])(
      'refuses a %s caller with a Chinese 403',
      async (who) => {
        const res = await u[who].get('/api/enterprises?q=铜箔');
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(CHINESE);
      },
    );

    it('refuses a search term over 100 characters with a 400 naming q', async () => {
      const res = await u.steward.get(`/api/enterprises?q=${'铜'.repeat(101)}`);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('q');
    });
  });

  describe('history, as-of and verify answers name people, items and states', () => {
    let projectId: string;
    let itemId: string;

    beforeAll(async () => {
      projectId = (await u.steward.post('/api/projects', plainProject('铜箔代办项目', 'ent-copper')).expect(201)).body
        .id;
      const task = (await tasksOf(u.window, `&projectId=${projectId}`)).find((x) => x.definitionId === 'approval-item');
      if (!task) throw new Error('no window task');
      itemId = task.instanceId;
      await send(u.window, itemId, 'WINDOW_ACCEPT');
    });

    it("names the steward and the enterprise it filed for, the event and the state in the project case's history", async () => {
      const history = (await u.steward.get(`/api/cases/${projectId}/history`).expect(200)).body;
      expect(history.itemName).toBeNull();
      const created = history.events[0];
      expect(created).toMatchObject({
        type: 'INSTANCE_CREATED',
        actor: { role: 'steward', onBehalfOf: 'ent-copper' },
        actorName: 'steward-named',
        onBehalfOfName: '湖北随锦铜箔科技有限公司',
        eventLabel: '创建案件',
      });
      for (const e of history.events) {
        expect(e.eventLabel).toMatch(CHINESE);
        expect(e.stateLabel).toMatch(CHINESE);
        expect(e.actorName).toMatch(/\S/);
        expect(e.stateAfter).toBeTruthy(); // the existing fields stay
      }
    });

    it("names the item, the clerk, the event and the state in an item case's history, as-of and verify", async () => {
      const history = (await u.auditor.get(`/api/cases/${itemId}/history`).expect(200)).body;
      expect(history.itemName).toMatch(CHINESE);
      const accepted = history.events.find((e: { type: string }) => e.type === 'WINDOW_ACCEPT');
      expect(accepted).toMatchObject({ actorName: 'window-named', eventLabel: '窗口受理', stateLabel: '窗口已受理' });
      expect(accepted.onBehalfOfName).toBeUndefined();
      const system = history.events.find((e: { actor: { role: string } }) => e.actor.role === 'system');
      if (system) expect(system.actorName).toBe('系统');

      const asOf = (await u.auditor.get(`/api/cases/${itemId}/state?seq=1`).expect(200)).body;
      expect(asOf).toMatchObject({ seq: 1, itemName: history.itemName });
      expect(asOf.stateLabel).toMatch(CHINESE);
      expect(asOf.state).toBeTruthy();

      const verified = (await u.auditor.get(`/api/cases/${itemId}/verify`).expect(200)).body;
      expect(verified).toMatchObject({ ok: true, itemName: history.itemName, stateLabel: '窗口已受理' });
      expect(verified.title).toMatch(CHINESE);
      expect(verified.message).toMatch(CHINESE);

      const tree = (await u.auditor.get(`/api/cases/${projectId}/verify?tree=true`).expect(200)).body;
      expect(tree.ok).toBe(true);
      for (const i of tree.instances) {
        expect(i.title).toMatch(CHINESE);
        expect(i.stateLabel).toMatch(CHINESE);
        expect(i.message).toMatch(CHINESE);
        if (i.definitionId === 'approval-item') expect(i.itemName).toMatch(CHINESE);
      }
    });
  });

  describe('the steward: its projects name it, its to-do count is what it has to do', () => {
    let projectId: string;
    let code: string;

    beforeAll(async () => {
      const filed = (await u.steward.post('/api/projects', plainProject('斯诺代办待办项目', 'ent-snow')).expect(201))
        .body;
      projectId = filed.id;
      code = filed.code;
      expect(filed.steward).toMatchObject({ name: 'steward-named' });
    });

    it('shows the assigned steward on the project list and the project page', async () => {
      const list = (await u.auditor.get(`/api/projects?q=${encodeURIComponent('斯诺代办待办')}`).expect(200)).body;
      expect(list.items).toHaveLength(1);
      expect(list.items[0].steward).toEqual({ id: expect.any(String), name: 'steward-named' });
      const page = (await u.snow.get(`/api/projects/${projectId}`).expect(200)).body;
      expect(page.steward).toEqual(list.items[0].steward);
      const mine = (await u.snow.post('/api/projects', { ...plainProject('斯诺自办项目', 'ent-snow') }).expect(201))
        .body;
      expect(mine.steward).toBeNull();
    });

    it('finds a project by its code exactly (any case) and by part of its name', async () => {
      for (const q of [code, code.toLowerCase(), ` ${code} `]) {
        const found = (await u.auditor.get(`/api/projects?q=${encodeURIComponent(q)}`).expect(200)).body;
        expect(found.items.map((p: { id: string }) => p.id)).toEqual([projectId]);
        expect(found.total).toBe(1);
      }
      const partOfCode = (await u.auditor.get(`/api/projects?q=${encodeURIComponent(code.slice(0, 9))}`).expect(200))
        .body;
      expect(partOfCode.items).toEqual([]);
      const noSuchCode = (await u.auditor.get('/api/projects?q=SZGX-2099-9999').expect(200)).body;
      expect(noSuchCode.items).toEqual([]);
    });

    it("counts only what waits on the steward: nothing while the departments work, the enterprise's turn once asked", async () => {
      const empty = (await u.steward.get(`/api/tasks?projectId=${projectId}`).expect(200)).body;
      expect(empty).toMatchObject({ total: 0, items: [] });

      const atWindow = (await tasksOf(u.window, `&projectId=${projectId}`)).find((x) => x.itemCode === 'projectFiling');
      if (!atWindow) throw new Error('no 企业投资项目备案 at the window');
      await send(u.window, atWindow.instanceId, 'WINDOW_ACCEPT');
      await send(u.development, atWindow.instanceId, 'DEPARTMENT_ACCEPT');
      expect((await u.steward.get(`/api/tasks?projectId=${projectId}`).expect(200)).body.total).toBe(0);

      const view = (await u.development.get(`/api/cases/${atWindow.instanceId}`).expect(200)).body;
      const correction = view.allowedEvents.find((e: { type: string }) => e.type === 'REQUEST_CORRECTION');
      const materials: unknown = correction.payloadSchema.properties.missingMaterials.items;
      const first = JSON.stringify(materials).match(/"(?:const|enum)":\[?"([A-Za-z]+)"/)?.[1];
      if (!first) throw new Error(`no material offered: ${JSON.stringify(materials)}`);
      await send(u.development, atWindow.instanceId, 'REQUEST_CORRECTION', {
        missingMaterials: [first],
        note: '请补正',
      });

      const todo = (await u.steward.get(`/api/tasks?projectId=${projectId}`).expect(200)).body;
      expect(todo.total).toBe(1);
      expect(todo.items[0]).toMatchObject({ instanceId: atWindow.instanceId, waitingOn: 'enterprise' });
      expect(todo.items[0].allowedEvents.map((e: { type: string }) => e.type)).toContain('COMPLETE_CORRECTION');
    });
  });

  describe('offered means accepted with the enterprise credit facts', () => {
    it('judges the actions on the project page and in the work queue with the credit facts the engine stamps', async () => {
      const barred = (await u.enterprise.post('/api/projects', plainProject('失信企业项目', 'ent-copper')).expect(201))
        .body.id;
      await t.dataSource.query(
        `INSERT INTO credit_record (enterprise_id, reason, bars_tolerance, bars_commitment_until, instance_id, seq)
         VALUES ('ent-copper', '告知承诺失信（测试）', true, now() + interval '180 days', $1, 1)`,
        [barred],
      );
      const [{ id: itemId, definition_version: version }] = await t.dataSource.query(
        `SELECT id, definition_version FROM workflow_instance WHERE parent_id = $1 AND child_key = 'item:projectFiling'`,
        [barred],
      );
      const def = t.app.get(DefinitionRegistry).get('approval-item', version);
      const spy = jest.spyOn(def, 'allowedEvents');
      try {
        const factsSeen = () =>
          spy.mock.calls.map(([, , circumstances]) => ({
            facts: circumstances?.facts?.enterprise ?? null,
            at: typeof circumstances?.at,
          }));
        const barredFacts = {
          facts: {
            toleranceBarred: true,
            commitmentBarredUntil: expect.any(String),
            toleranceBarredBy: expect.objectContaining({ reason: '告知承诺失信（测试）' }),
          },
          at: 'string',
        };
        await u.enterprise.get(`/api/projects/${barred}`).expect(200);
        expect(factsSeen().length).toBeGreaterThan(0);
        expect(factsSeen()).toEqual(factsSeen().map(() => barredFacts));
        spy.mockClear();
        const queue = await tasksOf(u.window, `&projectId=${barred}`);
        expect(queue.some((x) => x.instanceId === itemId)).toBe(true);
        expect(factsSeen().length).toBeGreaterThan(0);
        expect(factsSeen()).toEqual(factsSeen().map(() => barredFacts));
      } finally {
        spy.mockRestore();
      }
    });
  });
});
