/* Crash: clients stream commands with Idempotency-Keys while the server (a real child process) is killed with
 * SIGKILL several times and restarted on the same port. Unacknowledged commands are retried with the same key.
 * Afterwards every acknowledged command is in the history exactly once, no retry is doubled, every chain
 * verifies and every snapshot equals its replay. */
import { createTestDatabase } from '../support/test-database';
import {
  type Ack,
  buildOnce,
  checkChains,
  checkLedger,
  freePort,
  insertUsers,
  loginAll,
  newStats,
  recordFigures,
  seedItems,
  debug,
  type ServerProcess,
  sleep,
  startServer,
  stopAllServers,
  streamCommands,
  USERS,
  withPg,
} from './harness';

const ITEMS = 4;
const KILLS = 6;

describe('reliability: SIGKILL during a stream of commands', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    buildOnce();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await stopAllServers();
    await db?.drop();
  });

  it('loses no acknowledged command and doubles no retried one', async () => {
    debug('seeding');
    const ids = await seedItems(db.url, ITEMS);
    debug('seeded');
    await insertUsers(db.url, Object.values(USERS));
    const port = await freePort();
    let server: ServerProcess = await startServer({ databaseUrl: db.url, port });
    const tokens = await loginAll(server.base, USERS);

    const stats = newStats();
    let stop = false;
    const streams = ids.map((id, n) =>
      streamCommands({
        id,
        token: tokens.planning,
        base: () => server.base,
        stop: () => stop,
        keyPrefix: `crash-${n}`,
        stats,
        duplicateShare: 0.1,
        commandDeadlineMs: 45_000,
      }),
    );

    let kills = 0;
    const restartMs: number[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        await sleep(700 + Math.random() * 1300);
        await server.kill();
        debug(`kill ${k + 1}: ${stats.commands} commands, ${stats.requests} requests`);
        kills++;
        const t = Date.now();
        server = await startServer({ databaseUrl: db.url, port });
        restartMs.push(Date.now() - t);
      }
      await sleep(1000);
    } finally {
      stop = true;
    }
    debug('stopping streams');
    const acks: Ack[] = (await Promise.all(streams)).flat();
    debug('checking');

    const ledger = await checkLedger(db.url, ids, acks);
    const chains = await checkChains(server.base, tokens.auditor, db.url, ids);
    const idemRecords = await withPg(
      db.url,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM idempotency_record WHERE key LIKE 'crash-%'`)).rows[0]
          .n as number,
    );
    await server.stop();

    recordFigures('crash', {
      items: ITEMS,
      kills,
      restartMsMax: Math.max(...restartMs),
      commands: stats.commands,
      acknowledged: acks.length,
      httpRequests: stats.requests,
      retriedCommands: stats.retriedCommands,
      replayedAcks: stats.replayedAcks,
      duplicateDeliveries: stats.duplicateDeliveries,
      statuses: stats.statuses,
      eventsWritten: ledger.events,
      lost: ledger.lost.length,
      doubled: ledger.doubled.length,
      unacknowledgedWrites: ledger.unacknowledged.length,
      chainsVerified: chains.filter((c) => c.verifyOk && c.replayEqualsSnapshot && c.gapFree).length,
      chains: chains.length,
    });

    expect(kills).toBe(KILLS);
    expect(stats.unexpected).toEqual([]);
    expect(stats.duplicateProblems).toEqual([]);
    // every command was retried until acknowledged: nothing in flight at the end
    expect(acks).toHaveLength(stats.commands);
    expect(stats.retriedCommands).toBeGreaterThan(0);
    expect(ledger.lost).toEqual([]);
    expect(ledger.doubled).toEqual([]);
    expect(ledger.unacknowledged).toEqual([]);
    expect(ledger.events).toBe(acks.length);
    expect(idemRecords).toBe(acks.length);
    expect(chains.filter((c) => c.problem)).toEqual([]);
    for (const id of ids) {
      const mine = acks.filter((a) => a.id === id);
      expect(chains.find((c) => c.id === id)?.events).toBe(3 + mine.length);
    }
  }, 110_000);
});
