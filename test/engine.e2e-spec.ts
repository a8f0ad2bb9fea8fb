import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { verifyExport } from '../src/audit/verify';
import { CommandService } from '../src/cases/command.service';
import { DefinitionRegistry } from '../src/cases/definition-registry';
import { AppException } from '../src/common/errors/app-exception';
import { buildOnce } from './reliability/harness';
import { actors, createItem } from './support/engine-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const okBody = async () => ({ ok: true });

describe('durable engine: one write path on a real PostgreSQL', () => {
  let t: TestApp;
  let commands: CommandService;
  let audit: AuditService;
  let registry: DefinitionRegistry;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandService);
    audit = t.app.get(AuditService);
    registry = t.app.get(DefinitionRegistry);
  });
  afterAll(() => t.close());

  const send = (instanceId: string, type: string, actor = actors.window, extra: Record<string, unknown> = {}) =>
    commands.execute({ instanceId, type, payload: {}, actor, ...extra }, `${type}:${JSON.stringify(extra)}`, okBody);

  async function outcome(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'applied';
    } catch (e) {
      return e instanceof AppException ? e.code : `error: ${(e as Error).message}`;
    }
  }

  it('concurrent commands with the same If-Match: exactly one applies, the others get VERSION_CONFLICT', async () => {
    const { id } = await createItem(t.dataSource, commands);
    const results = await Promise.all(
      Array.from({ length: 24 }, () => outcome(send(id, 'WINDOW_ACCEPT', actors.window, { expectedSeq: 1 }))),
    );
    expect(results.filter((r) => r === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r === 'VERSION_CONFLICT')).toHaveLength(23);
    const seqs = (
      await t.dataSource.query('SELECT seq FROM workflow_event WHERE instance_id = $1 ORDER BY seq', [id])
    ).map((r: { seq: number }) => r.seq);
    expect(seqs).toEqual([1, 2]);
    expect((await audit.verify(id)).ok).toBe(true);
  });

  it('concurrent commands without If-Match serialize: one applies per state, the rest get EVENT_NOT_ALLOWED with the allowed events', async () => {
    const { id } = await createItem(t.dataSource, commands);
    const results = await Promise.all(Array.from({ length: 16 }, () => outcome(send(id, 'WINDOW_ACCEPT'))));
    expect(results.filter((r) => r === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r === 'EVENT_NOT_ALLOWED')).toHaveLength(15);
    try {
      await send(id, 'WINDOW_ACCEPT');
      throw new Error('should be refused');
    } catch (e) {
      expect((e as AppException).code).toBe('EVENT_NOT_ALLOWED');
      const details = (e as AppException).details as { allowedEvents: { type: string }[]; currentSeq: number };
      expect(details.currentSeq).toBe(2);
      expect(Array.isArray(details.allowedEvents)).toBe(true);
    }
    expect((await audit.verify(id)).ok).toBe(true);
  });

  it('a retried command with the same Idempotency-Key writes one event and returns the identical response', async () => {
    const { id } = await createItem(t.dataSource, commands);
    let calls = 0;
    const run = () =>
      commands.execute(
        {
          instanceId: id,
          type: 'WINDOW_ACCEPT',
          payload: { note: '材料齐全' },
          actor: actors.window,
          idempotencyKey: 'key-1',
        },
        'hash-A',
        async (_m, r) => ({ seq: r.applied.seq, n: ++calls }),
      );
    const results = await Promise.all([run(), run(), run(), run(), run()]);
    const bodies = results.map((r) => JSON.stringify(r.body));
    expect(new Set(bodies).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const again = await run();
    expect(again.replayed).toBe(true);
    expect(JSON.stringify(again.body)).toBe(bodies[0]);
    const count = await t.dataSource.query('SELECT count(*)::int AS n FROM workflow_event WHERE instance_id = $1', [
      id,
    ]);
    expect(count[0].n).toBe(2);
  });

  it('the same Idempotency-Key with a different body is refused with 422', async () => {
    const { id } = await createItem(t.dataSource, commands);
    await commands.execute(
      { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window, idempotencyKey: 'k2' },
      'hash-A',
      okBody,
    );
    await expect(
      commands.execute(
        { instanceId: id, type: 'NOT_ACCEPT', payload: { reason: 'x' }, actor: actors.window, idempotencyKey: 'k2' },
        'hash-B',
        okBody,
      ),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
  });

  it('a refused command writes nothing (no event, no idempotency record, instance unchanged)', async () => {
    const { id } = await createItem(t.dataSource, commands);
    const before = await t.dataSource.query('SELECT seq, snapshot, head_hash FROM workflow_instance WHERE id = $1', [
      id,
    ]);
    await expect(send(id, 'APPROVE', actors.planning, { idempotencyKey: 'k3' })).rejects.toBeInstanceOf(AppException);
    await expect(send(id, 'WINDOW_ACCEPT', actors.planning)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const after = await t.dataSource.query('SELECT seq, snapshot, head_hash FROM workflow_instance WHERE id = $1', [
      id,
    ]);
    expect(after).toEqual(before);
    const records = await t.dataSource.query("SELECT count(*)::int AS n FROM idempotency_record WHERE key = 'k3'");
    expect(records[0].n).toBe(0);
  });

  it('tampering: UPDATE and DELETE are refused; a row altered with the trigger disabled is found by verify, which names it', async () => {
    const { id } = await createItem(t.dataSource, commands);
    await send(id, 'WINDOW_ACCEPT');
    await send(id, 'DEPARTMENT_ACCEPT', actors.planning);
    expect(await audit.verify(id)).toMatchObject({ ok: true, events: 3 });
    await expect(
      t.dataSource.query(`UPDATE workflow_event SET payload = '{"note":"x"}' WHERE instance_id = $1 AND seq = 2`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM workflow_event WHERE instance_id = $1', [id])).rejects.toThrow(
      /append-only/,
    );

    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query('ALTER TABLE workflow_event DISABLE TRIGGER workflow_event_no_update_delete');
      await qr.query(`UPDATE workflow_event SET payload = '{"note":"改过的"}' WHERE instance_id = $1 AND seq = 2`, [
        id,
      ]);
      await qr.query('ALTER TABLE workflow_event ENABLE TRIGGER workflow_event_no_update_delete');
      await qr.commitTransaction();
    } finally {
      await qr.release();
    }
    const report = await audit.verify(id);
    expect(report.ok).toBe(false);
    expect(report.firstMismatch?.seq).toBe(2);
    expect(report.firstMismatch?.reason).toMatch(/content does not match its hash/);
  });

  it('export verifies offline with the CLI; the same file edited by one character fails', async () => {
    const { id } = await createItem(t.dataSource, commands);
    await send(id, 'WINDOW_ACCEPT');
    await send(id, 'DEPARTMENT_ACCEPT', actors.planning);
    const file = await audit.export(id);
    expect(verifyExport(registry.source, file).ok).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const good = join(dir, 'good.json');
    const text = JSON.stringify(file, null, 2);
    writeFileSync(good, text);
    const edited = text.replace('"DEPARTMENT_ACCEPT"', '"DEPARTMENT_ACCEPt"');
    expect(edited).not.toBe(text);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, edited);

    const root = resolve(__dirname, '..');
    // A private build: the shared dist/ may be rebuilt by other processes while this runs.
    const cliPath = join(buildOnce(), 'scripts', 'verify-export.js');
    const cli = (f: string) => spawnSync('node', [cliPath, f], { cwd: root, encoding: 'utf8' });
    const ok = cli(good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/verified/);
    const fail = cli(bad);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/first mismatch at event 3/);
    expect(JSON.parse(readFileSync(good, 'utf8')).instances[0].id).toBe(id);
  });

  it('as-of state at every sequence number of a long history equals the state the engine had then', async () => {
    const { id } = await createItem(t.dataSource, commands);
    const seen: { seq: number; snapshot: unknown; state: string }[] = [];
    const record = async () => {
      const [row] = await t.dataSource.query('SELECT seq, snapshot, state FROM workflow_instance WHERE id = $1', [id]);
      seen.push(row);
    };
    await record();
    await send(id, 'WINDOW_ACCEPT');
    await record();
    await send(id, 'DEPARTMENT_ACCEPT', actors.planning);
    await record();
    for (let i = 0; i < 60; i++) {
      await commands.execute(
        {
          instanceId: id,
          type: 'START_SPECIAL_PROCEDURE',
          payload: { procedure: 'expertReview', reason: `第${i + 1}轮专家评审` },
          actor: actors.planning,
        },
        `s${i}`,
        okBody,
      );
      await record();
      await send(id, 'END_SPECIAL_PROCEDURE', actors.planning);
      await record();
    }
    await send(id, 'APPROVE', actors.planning);
    await record();
    expect(seen[seen.length - 1].seq).toBe(124);
    const checkpoints = await t.dataSource.query(
      'SELECT seq FROM workflow_snapshot WHERE instance_id = $1 ORDER BY seq',
      [id],
    );
    expect(checkpoints.map((c: { seq: number }) => c.seq)).toEqual([50, 100]);
    for (const s of seen) {
      const asOf = await audit.stateAsOf(id, { seq: s.seq });
      expect({ seq: asOf.seq, state: asOf.state, snapshot: asOf.snapshot }).toEqual({
        seq: s.seq,
        state: s.state,
        snapshot: s.snapshot,
      });
    }
    const history = await audit.history(id);
    const at = history.events[10].occurredAt;
    expect((await audit.stateAsOf(id, { at })).seq).toBeGreaterThanOrEqual(11);
    expect((await audit.verify(id)).ok).toBe(true);
  });

  it('a write cancels and replaces timers by key, reading only the timers of its own case however many others are pending', async () => {
    const { id } = await createItem(t.dataSource, commands);
    await send(id, 'WINDOW_ACCEPT');
    await send(id, 'DEPARTMENT_ACCEPT', actors.planning);
    const pendingOf = async (instanceId: string) =>
      (
        await t.dataSource.query(
          `SELECT timer_key FROM workflow_timer WHERE instance_id = $1 AND status = 'pending' ORDER BY timer_key`,
          [instanceId],
        )
      ).map((r: { timer_key: string }) => r.timer_key);
    const keys = await pendingOf(id);
    expect(keys.length).toBeGreaterThan(0);
    // 3,000 pending timers of another case, due in a month (the poller leaves them alone)
    const other = await createItem(t.dataSource, commands);
    await t.dataSource.query(
      `INSERT INTO workflow_timer (instance_id, timer_key, due_at, event, status)
       SELECT $1, 'noise:' || g, now() + interval '30 days', '{"type": "NOISE"}', 'pending' FROM generate_series(1, 3000) g`,
      [other.id],
    );
    await t.dataSource.query('ANALYZE workflow_timer');
    // Tuples of workflow_timer the transaction read, from PostgreSQL's own counters for this transaction.
    const timerReads = (m: EntityManager) =>
      m
        .query(
          `SELECT (seq_tup_read + coalesce(idx_tup_fetch, 0))::int AS n FROM pg_stat_xact_user_tables WHERE relname = 'workflow_timer'`,
        )
        .then((r: { n: number }[]) => r[0]?.n ?? 0);
    const step = (type: string, payload: Record<string, unknown>) =>
      commands.transaction(async (m) => {
        const before = await timerReads(m);
        const r = await commands.apply(m, { instanceId: id, type, payload, actor: actors.planning });
        expect(r.ok).toBe(true);
        return (await timerReads(m)) - before;
      });
    // pausing the deadline cancels its timers by key; resuming writes them again
    expect(await step('START_SPECIAL_PROCEDURE', { procedure: 'expertReview', reason: '专家评审' })).toBeLessThan(50);
    expect(await pendingOf(id)).toEqual([]);
    expect(await step('END_SPECIAL_PROCEDURE', {})).toBeLessThan(50);
    expect(await pendingOf(id)).toEqual(keys);
    expect((await pendingOf(other.id)).length).toBe(3000);
  });

  it('writes an absent document as SQL NULL, never as a JSON null (facts, causation, deadline, timers)', async () => {
    const { id } = await createItem(t.dataSource, commands);
    await send(id, 'WINDOW_ACCEPT');
    await send(id, 'DEPARTMENT_ACCEPT', actors.planning);
    await send(id, 'APPROVE', actors.planning);
    const [events] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE facts = 'null'::jsonb OR causation = 'null'::jsonb)::int AS json_null,
              count(*) FILTER (WHERE causation IS NULL)::int AS no_causation
         FROM workflow_event`,
    );
    expect(events.json_null).toBe(0);
    expect(events.no_causation).toBeGreaterThan(0);
    const [rows] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE deadline = 'null'::jsonb)::int AS json_null,
              count(*) FILTER (WHERE deadline IS NULL)::int AS no_deadline,
              count(*) FILTER (WHERE deadline IS NOT NULL)::int AS with_deadline
         FROM workflow_instance`,
    );
    expect(rows).toMatchObject({ json_null: 0 });
    expect(rows.no_deadline).toBeGreaterThan(0);
    expect(rows.with_deadline).toBeGreaterThan(0);
    const [timers] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE event = 'null'::jsonb OR deadline = 'null'::jsonb OR event IS NULL)::int AS bad,
              count(*)::int AS n
         FROM workflow_timer`,
    );
    expect(timers.bad).toBe(0);
    expect(timers.n).toBeGreaterThan(0);
  });
});
