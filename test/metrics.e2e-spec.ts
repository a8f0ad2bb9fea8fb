import { randomUUID } from 'node:crypto';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';

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

    const { text } = await t.http().get('/metrics').expect(200);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="200"}')).toBe(2);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="401"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/tasks",status="400"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="/api/cases/:id",status="404"}')).toBe(1);
    expect(sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/tasks"}')).toBe(4);
    expect(text).not.toContain(id);
  });
});
