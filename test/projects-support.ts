import type { TestApp } from './support/test-app';

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

export interface Task {
  instanceId: string;
  definitionId: string;
  itemCode: string | null;
  state: string;
  project: { id: string; name: string };
  allowedEvents: { type: string; label: string }[];
  overdue: boolean;
  warning: boolean;
  dueAt: string | null;
  stage: string | null;
}

export async function tasksOf(user: Http, query = ''): Promise<Task[]> {
  const res = await user.get(`/api/tasks?limit=100${query}`);
  if (res.status !== 200) throw new Error(`tasks: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as Task[];
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
