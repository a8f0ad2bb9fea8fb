import { storage } from 'nestjs-pino/storage';
import { startTestApp, type TestApp } from './support/test-app';

describe('foundation (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health reports the database up', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/health');
    await t.http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('honours a client request id and echoes it in errors', async () => {
    const res = await t.http().get('/api/no-such-route').set('X-Request-Id', 'abc-123').expect(404);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String), requestId: 'abc-123' });
  });

  it("handles requests outside nestjs-pino's AsyncLocalStorage (on Node 20 its promise hooks tax every promise)", async () => {
    const run = jest.spyOn(storage, 'run');
    try {
      await t.http().get('/api/auth/me').expect(401);
      await t.http().get('/api/health').expect(200);
      expect(run).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
    }
  });

  it('replaces an unsafe request id', async () => {
    const res = await t.http().get('/api/health').set('X-Request-Id', '<script>');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('malformed JSON is a 400 in the error shape', async () => {
    const res = await t.http().post('/api/health').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON', requestId: expect.any(String) });
  });

  it('a body that is not JSON is a 415, an oversized one a 413', async () => {
    const wrongType = await t.http().post('/api/health').set('Content-Type', 'text/plain').send('hello');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await t
      .http()
      .post('/api/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ x: 'x'.repeat(300 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('the event table is append-only in the database itself', async () => {
    await t.dataSource.query(
      `INSERT INTO workflow_event (instance_id, seq, type, payload, actor, actor_id, actor_role, definition_version, occurred_at, state_after, prev_hash, hash)
       VALUES ('00000000-0000-0000-0000-000000000001', 1, 'X', '{}', '{}', 'u', 'system', 1, now(), 's', '', 'h')`,
    );
    await expect(t.dataSource.query(`UPDATE workflow_event SET type = 'Y'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM workflow_event`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE workflow_event`)).rejects.toThrow(/append-only/);
  });
});
