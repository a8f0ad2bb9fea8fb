import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { userToken } from './support/http-users';
import type { TestApp } from './support/test-app';
import { FOUNDATION_APPLICATION } from '../workflows/testing/scenario-data';

export type Http = {
  get(url: string): ReturnType<ReturnType<TestApp['http']>['get']>;
  post(url: string, body?: object, headers?: Record<string, string>): ReturnType<ReturnType<TestApp['http']>['post']>;
  /** Uploads a small PDF for a material of a case (supplying a 容缺 material or completing a 补正 needs one). */
  upload(instanceId: string, materialCode: string): ReturnType<ReturnType<TestApp['http']>['post']>;
};

/** Requests as one logged-in user. */
export function as(t: TestApp, bearer: string): Http {
  return {
    get: (url) => t.http().get(url).set('Authorization', bearer),
    post: (url, body = {}, headers = {}) => {
      let req = t.http().post(url).set('Authorization', bearer);
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      return req.send(body);
    },
    upload: (instanceId, materialCode) =>
      t
        .http()
        .post(`/api/cases/${instanceId}/materials`)
        .set('Authorization', bearer)
        .field('materialCode', materialCode)
        .attach('file', Buffer.from(`%PDF-1.4\n${materialCode}\n%%EOF\n`), {
          filename: `${materialCode}.pdf`,
          contentType: 'application/pdf',
        })
        .expect(201),
  };
}

// ---- Shared setup of the HTTP project specs: staff, filings, project and case views ----

export type UserSpec = Parameters<typeof userToken>[1];

/**
 * Creates the enterprises (id → name) and logs in the users; the keys are how a spec names them
 * (`u.window`, `u.planning`, and a department's key is its department code so rules can pick the clerk).
 */
export async function staff(
  t: TestApp,
  enterprises: Record<string, string>,
  users: Record<string, UserSpec>,
): Promise<Record<string, Http>> {
  for (const [id, name] of Object.entries(enterprises)) {
    await t.dataSource.query('INSERT INTO enterprise (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, name]);
  }
  const u: Record<string, Http> = {};
  for (const [key, spec] of Object.entries(users)) u[key] = as(t, await userToken(t, spec));
  return u;
}

/**
 * Logs in demo accounts (an app in demo mode, password demo): `accounts` maps how a spec names each user to its
 * demo username. Answers requests as each (`u.window`) and its bearer for a request built by hand.
 */
export async function demoAccounts(
  t: TestApp,
  accounts: Record<string, string>,
): Promise<{ u: Record<string, Http>; bearer: Record<string, string> }> {
  const u: Record<string, Http> = {};
  const bearer: Record<string, string> = {};
  for (const [key, username] of Object.entries(accounts)) {
    const res = await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    bearer[key] = `Bearer ${res.body.accessToken}`;
    u[key] = as(t, bearer[key]);
  }
  return { u, bearer };
}

/**
 * The demo seed's accounts (src/users/demo-accounts) by how the specs name them: a department's clerk under its
 * department code, `ent` the copper-foil company's contact, `snow` the other enterprise's.
 */
export const DEMO_STAFF: Record<string, string> = {
  ent: 'enterprise-copper',
  snow: 'enterprise-snow',
  window: 'clerk-window',
  development: 'clerk-development',
  planning: 'clerk-planning',
  housing: 'clerk-housing',
  fire: 'clerk-fire',
  civilDefense: 'clerk-civil-defense',
  archives: 'clerk-archives',
  steward: 'steward',
  leader: 'leader',
  auditor: 'auditor',
  admin: 'admin',
};

/** The departments whose clerks drive a project from filing to acceptance. */
export const DEPARTMENTS = [
  'window',
  'development',
  'planning',
  'housing',
  'fire',
  'civilDefense',
  'archives',
] as const;

/**
 * One clerk per department (keyed by its department code, as `staff` expects) and an admin, their usernames
 * prefixed so that the specs sharing a database never collide.
 */
export function clerksAndAdmin(
  prefix: string,
  departments: readonly (typeof DEPARTMENTS)[number][] = DEPARTMENTS,
): Record<string, UserSpec> {
  const users: Record<string, UserSpec> = {};
  for (const department of departments) {
    users[department] = { username: `${prefix}-${department.toLowerCase()}`, role: 'clerk', department };
  }
  users.admin = { username: `${prefix}-admin`, role: 'admin' };
  return users;
}

/** The illustrative 2027 holiday arrangement an admin loads (国庆 10-01..07, 调休 working days 09-26 and 10-09). */
export const YEAR_2027 = {
  year: 2027,
  source: '示例安排（测试用）',
  holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节' })),
  workdays: [
    { date: '2027-09-26', name: '国庆节' },
    { date: '2027-10-09', name: '国庆节' },
  ],
};

/** The CST calendar day of an instant, as a day number (differences are whole days). */
export const cstDayNumber = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / 86_400_000);

/** APPLY_FOUNDATION_PERMIT's payload (the workflows' scenario data) with the filing's own unit works. */
export function foundationApplication(unitWorks: { name: string; area: number; includesSuperstructure: boolean }[]) {
  return { ...FOUNDATION_APPLICATION, unitWorks };
}

export type Practices = {
  foundationFirst: boolean;
  tolerance: boolean;
  notifyCommit: boolean;
  jointIssuance: boolean;
  stagedAcceptance: boolean;
};

/**
 * The body of a project filing (POST /api/projects): a socially invested project on tendered land with none of
 * the practices unless given; `fields` adds or overrides the rest (flags, missingMaterials, investmentAmount).
 */
export function filingBody(name: string, practices: Partial<Practices> = {}, fields: Record<string, unknown> = {}) {
  return {
    name,
    category: 'socialInvestment',
    investorType: 'socialCapital',
    landSupplyMode: 'tenderAuctionListing',
    investmentAmount: 5000,
    practices: {
      foundationFirst: false,
      tolerance: false,
      notifyCommit: false,
      jointIssuance: false,
      stagedAcceptance: false,
      ...practices,
    },
    ...fields,
  };
}

/** Files a project as `ent`; returns its id. */
export async function fileProject(ent: Http, body: object): Promise<string> {
  const res = await ent.post('/api/projects', body);
  if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function projectView(who: Http, projectId: string) {
  const res = await who.get(`/api/projects/${projectId}`);
  if (res.status !== 200) throw new Error(`project ${projectId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function caseView(who: Http, id: string) {
  const res = await who.get(`/api/cases/${id}`);
  if (res.status !== 200) throw new Error(`case ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The instance of a catalog item of a project, as the project view lists it. */
export async function itemIdOf(who: Http, projectId: string, code: string): Promise<string> {
  const p = await projectView(who, projectId);
  for (const stage of p.stages) for (const i of stage.items) if (i.code === code && i.instanceId) return i.instanceId;
  throw new Error(`no instance of ${code}`);
}

/** A child case (e.g. `tolerance:1`) of a case, as the case view lists it. */
export async function childIdOf(who: Http, parentId: string, childKey: string): Promise<string> {
  const c = (await caseView(who, parentId)).children.find((x: { childKey: string }) => x.childKey === childKey);
  if (!c) throw new Error(`no child ${childKey}`);
  return c.id as string;
}

/**
 * The enterprise reports work started on the project's construction permit (施工许可开工期限, child `workStart:1`):
 * from project-case v11 on, no section may apply for acceptance before (「尚未报告开工」). `viewer` reads the project
 * case's children (a user who may see them).
 */
export async function reportWorkStarted(ent: Http, projectId: string, viewer: Http = ent): Promise<void> {
  await send(ent, await childIdOf(viewer, projectId, 'workStart:1'), 'REPORT_WORK_STARTED', { note: '已开工' });
}

/** Moves the demo clock (admin only) and fires what falls due. */
export async function advanceDays(admin: Http, days: number): Promise<{ now: string }> {
  const res = await admin.post('/api/admin/clock/advance', { days });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Window then department accept an item of a project (`u` keyed by department code); returns its instance. */
export async function acceptItem(u: Record<string, Http>, projectId: string, code: string, dept: string) {
  const id = await itemIdOf(u.ent, projectId, code);
  await send(u.window, id, 'WINDOW_ACCEPT');
  await send(u[dept], id, 'DEPARTMENT_ACCEPT');
  return id;
}

/** As acceptItem, then the department approves. */
export async function approveItem(u: Record<string, Http>, projectId: string, code: string, dept: string) {
  const id = await acceptItem(u, projectId, code, dept);
  await send(u[dept], id, 'APPROVE', { opinion: '同意' });
  return id;
}

// ---- end of the shared setup block ----

export interface Task {
  instanceId: string;
  definitionId: string;
  itemCode: string | null;
  state: string;
  project: { id: string; name: string };
  allowedEvents: { type: string; label: string; disabledReason?: string }[];
  /** Every department that can act (a joint inspection: several), the queue's first among them. */
  departments: { code: string; name: string }[];
  overdue: boolean;
  warning: boolean;
  dueAt: string | null;
  stage: string | null;
}

/** One page of a 待办 (GET /api/tasks) with its total; `query` is appended as is (e.g. `&projectId=…`). */
export async function taskPage(user: Http, query = '', limit = 100): Promise<{ items: Task[]; total: number }> {
  const res = await user.get(`/api/tasks?limit=${limit}${query}`);
  if (res.status !== 200) throw new Error(`tasks: ${res.status} ${JSON.stringify(res.body)}`);
  return { items: res.body.items as Task[], total: res.body.total as number };
}

export async function tasksOf(user: Http, query = ''): Promise<Task[]> {
  return (await taskPage(user, query)).items;
}

export async function send(user: Http, instanceId: string, type: string, payload: object = {}) {
  const res = await user.post(`/api/cases/${instanceId}/events`, { type, payload });
  if (res.status !== 200) throw new Error(`${type} on ${instanceId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Works the clerks' queues of one project the way people would: each clerk reads /api/tasks and sends the
 * plain next step its allowedEvents offer (window accept, department accept, approve), until nothing moves
 * (only items of `stage` when given).
 */
export async function workQueues(clerks: Http[], projectId: string, stage?: string): Promise<number> {
  const order = ['WINDOW_ACCEPT', 'DEPARTMENT_ACCEPT', 'APPROVE'];
  let sent = 0;
  for (let round = 0; round < 30; round++) {
    let moved = false;
    for (const clerk of clerks) {
      for (const task of await tasksOf(clerk, `&projectId=${projectId}`)) {
        if (task.definitionId !== 'approval-item' || (stage && task.stage !== stage)) continue;
        const next = order.find((type) => task.allowedEvents.some((e) => e.type === type));
        if (!next) continue;
        await send(clerk, task.instanceId, next, next === 'APPROVE' ? { opinion: '同意' } : {});
        moved = true;
        sent++;
      }
    }
    if (!moved) return sent;
  }
  throw new Error('queues did not settle');
}
