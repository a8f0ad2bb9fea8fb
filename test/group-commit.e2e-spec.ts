import { AuditService } from '../src/audit/audit.service';
import { CommandService } from '../src/cases/command.service';
import { EngineRepository } from '../src/cases/engine.repository';
import { AppException } from '../src/common/errors/app-exception';
import { MetricsService } from '../src/metrics/metrics.service';
import { actors, createItem } from './support/engine-fixtures';
import { ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Group commit (CommandService.execute): commands arriving together share one transaction. Each must still get
 * exactly the answer it would get alone, and nothing of a refused or failed command may be written.
 */
describe('group commit: concurrent commands written together', () => {
  let t: TestApp;
  let commands: CommandService;
  let audit: AuditService;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandService);
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  const events = async (id: string) =>
    (await t.dataSource.query('SELECT seq, type FROM workflow_event WHERE instance_id = $1 ORDER BY seq', [id])).map(
      (r: { seq: number; type: string }) => `${r.seq}:${r.type}`,
    );

  async function outcome<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
    try {
      return { ok: true, value: await p };
    } catch (e) {
      return { ok: false, code: e instanceof AppException ? e.code : `error: ${(e as Error).message}` };
    }
  }

  async function batchSizes(): Promise<{ count: number; sum: number }> {
    const metric = await t.app.get(MetricsService).commandBatchSize.get();
    const value = (name: string) => metric.values.find((v) => v.metricName === name)?.value ?? 0;
    return { count: value('workflow_command_batch_size_count'), sum: value('workflow_command_batch_size_sum') };
  }

  it('a burst of mixed commands: each gets its own answer, refusals write nothing, keys replay, chains verify', async () => {
    const items = await Promise.all(Array.from({ length: 12 }, () => createItem(t.dataSource, commands)));
    const ids = items.map((i) => i.id);
    const before = await batchSizes();
    const respond = async (_m: unknown, r: { applied: { seq: number; instanceId: string } }) => ({
      instanceId: r.applied.instanceId,
      seq: r.applied.seq,
    });
    const send = (id: string, type: string, extra: Record<string, unknown> = {}, hash = `${type}@${id}`) =>
      outcome(commands.execute({ instanceId: id, type, payload: {}, actor: actors.window, ...extra }, hash, respond));
    const burst = await Promise.all([
      ...ids.slice(0, 6).map((id) => send(id, 'WINDOW_ACCEPT')), // applied
      send(ids[6], 'APPROVE', { actor: actors.planning }), // not allowed in this state
      send(ids[7], 'WINDOW_ACCEPT', { actor: actors.planning }), // wrong department
      send(ids[8], 'WINDOW_ACCEPT', { expectedSeq: 5 }), // stale If-Match
      send(ids[9], 'WINDOW_ACCEPT', { idempotencyKey: 'burst-k1' }, 'same'), // applied once …
      send(ids[9], 'WINDOW_ACCEPT', { idempotencyKey: 'burst-k1' }, 'same'), // … and replayed
      send(ids[10], 'WINDOW_ACCEPT', { idempotencyKey: 'burst-k2' }, 'first'),
      send(ids[10], 'NOT_ACCEPT', { idempotencyKey: 'burst-k2' }, 'other'), // same key, other request
      send('00000000-0000-4000-8000-000000000000', 'WINDOW_ACCEPT'), // no such case
      send(ids[11], 'WINDOW_ACCEPT'),
    ]);
    const after = await batchSizes();
    // more commands than batches: some shared a transaction
    expect(after.sum - before.sum).toBe(burst.length);
    expect(after.count - before.count).toBeLessThan(burst.length);

    for (let i = 0; i < 6; i++)
      expect(burst[i]).toEqual({ ok: true, value: expect.objectContaining({ replayed: false }) });
    expect(burst.slice(6, 9)).toEqual([
      { ok: false, code: 'EVENT_NOT_ALLOWED' },
      { ok: false, code: 'FORBIDDEN' },
      { ok: false, code: 'VERSION_CONFLICT' },
    ]);
    const [k1a, k1b] = [burst[9], burst[10]];
    expect(k1a.ok && k1b.ok).toBe(true);
    if (k1a.ok && k1b.ok) {
      expect(k1a.value.body).toEqual(k1b.value.body);
      expect([k1a.value.replayed, k1b.value.replayed].sort()).toEqual([false, true]);
    }
    expect(burst[11].ok).toBe(true);
    expect(burst[12]).toEqual({ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(burst[13]).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(burst[14].ok).toBe(true);

    for (const id of [...ids.slice(0, 6), ids[9], ids[10], ids[11]]) {
      expect(await events(id)).toEqual(['1:INSTANCE_CREATED', '2:WINDOW_ACCEPT']);
      expect((await audit.verify(id)).ok).toBe(true);
    }
    for (const id of ids.slice(6, 9)) expect(await events(id)).toEqual(['1:INSTANCE_CREATED']);
    const records = await t.dataSource.query(
      "SELECT key, request_hash FROM idempotency_record WHERE key LIKE 'burst-%' ORDER BY key",
    );
    expect(records).toEqual([
      { key: 'burst-k1', request_hash: 'same' },
      { key: 'burst-k2', request_hash: 'first' },
    ]);
  });

  it('commands on one case in one burst are applied one after the other, never in the same transaction', async () => {
    const { id } = await createItem(t.dataSource, commands);
    const type = ['WINDOW_ACCEPT', 'DEPARTMENT_ACCEPT'];
    const who = [actors.window, actors.planning];
    const results = await Promise.all(
      [0, 1].map((k) =>
        commands.execute({ instanceId: id, type: type[k], payload: {}, actor: who[k] }, `${k}`, async () => k),
      ),
    );
    expect(results.map((r) => r.body)).toEqual([0, 1]);
    expect(await events(id)).toEqual(['1:INSTANCE_CREATED', '2:WINDOW_ACCEPT', '3:DEPARTMENT_ACCEPT']);
  });

  const fallbacks = async () => (await t.app.get(MetricsService).commandBatchFallbacks.get()).values[0]?.value ?? 0;
  const accept = async (id: string) => {
    await commands.execute(
      { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window },
      'w',
      async () => 0,
    );
    await commands.execute(
      { instanceId: id, type: 'DEPARTMENT_ACCEPT', payload: {}, actor: actors.planning },
      'd',
      async () => 0,
    );
  };

  it('a cascade into a case later in the same batch: that case is read again, the batch commits, chains stay whole', async () => {
    const d = new ProjectDriver(t.dataSource, commands);
    const projectId = await d.create(1, {});
    const itemId = await d.child(projectId, 'item:landUsePlanningPermit');
    await accept(itemId);
    const fillers = await Promise.all([createItem(t.dataSource, commands), createItem(t.dataSource, commands)]);
    const before = await fallbacks();
    const system = { userId: 'system', role: 'system' } as const;
    const send = (id: string, type: string, actor: typeof actors.window | typeof system, payload = {}) =>
      outcome(
        commands.execute({ instanceId: id, type, payload, actor }, `${type}@${id}`, async (_m, r) => r.applied.seq),
      );
    // The two fillers take both batch slots; APPROVE (which notifies the project case) and a command on the
    // project case itself then wait together and form the next batch, in that order.
    const results = await Promise.all([
      send(fillers[0].id, 'WINDOW_ACCEPT', actors.window),
      send(fillers[1].id, 'WINDOW_ACCEPT', actors.window),
      send(itemId, 'APPROVE', actors.planning, { opinion: '同意' }),
      send(projectId, 'WHOLE_PROCESS_WARNING', system),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(await fallbacks()).toBe(before);
    const projectEvents = await events(projectId);
    expect(projectEvents.slice(-2).map((e: string) => e.replace(/^\d+:/, ''))).toEqual([
      'ITEM_DECIDED',
      'WHOLE_PROCESS_WARNING',
    ]);
    for (const id of [projectId, itemId]) expect((await audit.verify(id)).ok).toBe(true);
  });

  it('a statement that fails inside a batch: only its own command fails, the others are applied', async () => {
    const items = await Promise.all(Array.from({ length: 10 }, () => createItem(t.dataSource, commands)));
    const doomed = items[7].id;
    const before = await fallbacks();
    // A fault only this one case's event insert hits (as a broken disk page or a bug would).
    await t.dataSource.query(`
      CREATE FUNCTION test_fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.instance_id = '${doomed}' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(
      'CREATE TRIGGER test_fail_insert BEFORE INSERT ON workflow_event FOR EACH ROW EXECUTE FUNCTION test_fail_insert()',
    );
    try {
      const results = await Promise.all(
        items.map(({ id }) =>
          outcome(
            commands.execute(
              { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window },
              id,
              async () => 0,
            ),
          ),
        ),
      );
      results.forEach((r, i) => expect(r.ok).toBe(i !== 7));
      expect(await fallbacks()).toBeGreaterThan(before);
      for (const { id } of items) {
        expect(await events(id)).toEqual(
          id === doomed ? ['1:INSTANCE_CREATED'] : ['1:INSTANCE_CREATED', '2:WINDOW_ACCEPT'],
        );
      }
    } finally {
      await t.dataSource.query('DROP TRIGGER test_fail_insert ON workflow_event');
      await t.dataSource.query('DROP FUNCTION test_fail_insert()');
    }
  });

  it('a batch waiting for a row lock held elsewhere: commands on other cases are applied meanwhile', async () => {
    const [blocked, free] = await Promise.all([createItem(t.dataSource, commands), createItem(t.dataSource, commands)]);
    const respond = async () => 'ok';
    const accept = (id: string) =>
      commands.execute({ instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window }, id, respond);
    // Another transaction holds the row lock of one case.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT 1 FROM workflow_instance WHERE id = $1 FOR UPDATE', [blocked.id]);
      let blockedSettled = false;
      const first = outcome(accept(blocked.id)).finally(() => (blockedSettled = true));
      await new Promise((r) => setTimeout(r, 50)); // its batch is now waiting for the lock
      // The other case's command is applied while the first batch still waits (a bound for liveness, not speed).
      const second = await Promise.race([
        outcome(accept(free.id)),
        new Promise((r) => setTimeout(() => r('still waiting'), 5000)),
      ]);
      expect(second).toEqual({ ok: true, value: expect.objectContaining({ replayed: false }) });
      expect(blockedSettled).toBe(false);
      await holder.commitTransaction();
      expect(await first).toEqual({ ok: true, value: expect.objectContaining({ replayed: false }) });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await events(blocked.id)).toEqual(['1:INSTANCE_CREATED', '2:WINDOW_ACCEPT']);
    expect(await events(free.id)).toEqual(['1:INSTANCE_CREATED', '2:WINDOW_ACCEPT']);
  });

  it('a decision on an item filed on its own shares the one write of its batch (it has no project case to notify)', async () => {
    const [blocked, blocked2, decided, other] = await Promise.all(
      Array.from({ length: 4 }, () => createItem(t.dataSource, commands)),
    );
    const respond = async () => 'ok';
    const send = (id: string, type: string, actor = actors.planning) =>
      commands.execute({ instanceId: id, type, payload: {}, actor }, `${type}@${id}`, respond);
    for (const id of [decided.id, other.id]) await send(id, 'WINDOW_ACCEPT', actors.window);
    await send(decided.id, 'DEPARTMENT_ACCEPT');
    // Both batch slots wait for a row lock held elsewhere, so the next two commands queue and form one batch.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const writes = jest.spyOn(t.app.get(EngineRepository), 'writeSteps');
    try {
      await holder.query('SELECT 1 FROM workflow_instance WHERE id = ANY($1) FOR UPDATE', [[blocked.id, blocked2.id]]);
      const waiting = [blocked, blocked2].map((b) => send(b.id, 'WINDOW_ACCEPT', actors.window));
      await new Promise((r) => setTimeout(r, 50));
      const batch = [send(decided.id, 'APPROVE'), send(other.id, 'DEPARTMENT_ACCEPT')];
      await holder.commitTransaction();
      await Promise.allSettled([...waiting, ...batch]);
      for (const b of batch) await expect(b).resolves.toMatchObject({ replayed: false });
      const nonEmpty = writes.mock.calls
        .map(([, steps]) => steps.map((s) => s.event.event.type))
        .filter((c) => c.length);
      expect(nonEmpty).toContainEqual(['APPROVE', 'DEPARTMENT_ACCEPT']);
    } finally {
      writes.mockRestore();
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await events(decided.id)).toEqual([
      '1:INSTANCE_CREATED',
      '2:WINDOW_ACCEPT',
      '3:DEPARTMENT_ACCEPT',
      '4:APPROVE',
    ]);
  });
});
