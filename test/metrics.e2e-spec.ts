import { randomUUID } from 'node:crypto';
import { userToken } from './support/http-users';
import { METRICS_AUTH, startTestApp, type TestApp } from './support/test-app';

/** The value of one series in the Prometheus text, or 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics: HTTP requests by route template', () => {
  let t: TestApp;
  let clerk: string;

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await userToken(t, { username: 'metrics-clerk', role: 'clerk', department: 'planning' });
  });
  afterAll(() => t.close());

  it('counts answered, refused and unknown requests under their route, never a raw id', async () => {
    await t.http().get('/api/tasks').set('Authorization', clerk).expect(200);
    await t.http().get('/api/tasks').set('Authorization', clerk).expect(200);
    await t.http().get('/api/tasks').expect(401);
    const id = randomUUID();
    await t.http().get(`/api/cases/${id}`).set('Authorization', clerk).expect(404);
    await t.http().get('/api/tasks?limit=1000').set('Authorization', clerk).expect(400);
    await t.http().get('/api/no-such-route').set('Authorization', clerk).expect(404);

    const { text } = await t.http().get('/metrics').set('Authorization', METRICS_AUTH).expect(200);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="200"}')).toBe(2);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="401"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="400"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/cases/:id",status="404"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/tasks"}')).toBe(4);
    expect(text).not.toContain(id);
  });
});

describe('GET /metrics: who may read it', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a request without a token, or with a wrong one, asking for a bearer token', async () => {
    const none = await t.http().get('/metrics').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await t.http().get('/metrics').set('Authorization', 'Bearer not-the-metrics-token').expect(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    expect(wrong.text).not.toContain('http_requests_total');
  });

  it('answers METRICS_TOKEN and an administrator, and refuses any other role', async () => {
    await t.http().get('/metrics').set('Authorization', METRICS_AUTH).expect(200);
    const admin = await userToken(t, { username: 'metrics-admin', role: 'admin' });
    const ok = await t.http().get('/metrics').set('Authorization', admin).expect(200);
    expect(ok.text).toContain('http_requests_total');
    const auditor = await userToken(t, { username: 'metrics-auditor', role: 'auditor' });
    const refused = await t.http().get('/metrics').set('Authorization', auditor).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('without METRICS_TOKEN configured only an administrator reads it', async () => {
    const other = await startTestApp({ METRICS_TOKEN: '' });
    try {
      await other.http().get('/metrics').set('Authorization', METRICS_AUTH).expect(401);
      const admin = await userToken(other, { username: 'metrics-admin-2', role: 'admin' });
      await other.http().get('/metrics').set('Authorization', admin).expect(200);
    } finally {
      await other.close();
    }
  });
});
