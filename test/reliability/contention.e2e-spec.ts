/* Contention: many clients race on the same few instances over HTTP, through two server processes on one
 * database. Each round every client reads the case, then all send at once (half with If-Match, half blind).
 * No update is lost, sequence numbers have no gap, and every loser gets a 409 it can act on: VERSION_CONFLICT
 * with details.currentSeq, or EVENT_NOT_ALLOWED with details.allowedEvents, and acts on it until it wins. */
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/test-database';
import {
  type Ack,
  buildOnce,
  call,
  checkChains,
  checkLedger,
  END,
  errorShapeProblem,
  insertUsers,
  loginAll,
  recordFigures,
  seedItems,
  START,
  startServer,
  stopAllServers,
  USERS,
} from './harness';

const ITEMS = 3;
const CLIENTS = 18;
const ROUNDS = 6;
const MAX_TRIES = 40;

type Cmd = typeof START | typeof END;

describe('reliability: racing clients on the same instances', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    buildOnce();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await stopAllServers();
    await db?.drop();
  });

  it('loses no update, leaves no gap, and every loser gets an actionable 409', async () => {
    const ids = await seedItems(db.url, ITEMS);
    await insertUsers(db.url, Object.values(USERS));
    const servers = await Promise.all([
      startServer({ databaseUrl: db.url, env: { DATABASE_POOL_SIZE: '20' } }),
      startServer({ databaseUrl: db.url, env: { DATABASE_POOL_SIZE: '20' } }),
    ]);
    const tokens = await loginAll(servers[0].base, USERS);

    const counts = { requests: 0, wins: 0, versionConflicts: 0, notAllowed: 0, races: 0 };
    const problems: string[] = [];
    const acks: Ack[] = [];
    const nextFrom = (types: string[]): Cmd | null =>
      types.includes(START.type) ? START : types.includes(END.type) ? END : null;

    /** One client's command for one round: read, wait for everybody, send, act on 409s until it wins. */
    async function play(client: number, round: number, barrier: Promise<void>): Promise<void> {
      const id = ids[(client + round) % ITEMS];
      const base = servers[client % 2].base;
      const withIfMatch = client % 2 === 0;
      const read = await call(base, 'GET', `/api/cases/${id}`, { token: tokens.planning });
      counts.requests++;
      if (read.status !== 200) return void problems.push(`read ${read.status} ${read.text.slice(0, 200)}`);
      let seq = Number(JSON.parse(read.headers?.get('etag') ?? '0'));
      let cmd = nextFrom((read.body.allowedEvents as { type: string }[]).map((e) => e.type));
      await barrier;
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        if (!cmd) return void problems.push(`${id}: no special-procedure event allowed`);
        const key = `race-${client}-${round}-${randomUUID()}`;
        const r = await call(base, 'POST', `/api/cases/${id}/events`, {
          token: tokens.planning,
          body: cmd,
          headers: { 'idempotency-key': key, ...(withIfMatch ? { 'if-match': `"${seq}"` } : {}) },
          timeoutMs: 15_000,
        });
        counts.requests++;
        if (r.status === 200) {
          counts.wins++;
          acks.push({ id, key, seq: r.body.event.seq, replayed: false });
          return;
        }
        const shape = errorShapeProblem(r);
        if (r.status !== 409 || shape) return void problems.push(`${r.status} ${shape ?? ''} ${r.text.slice(0, 200)}`);
        if (r.body.code === 'VERSION_CONFLICT') {
          counts.versionConflicts++;
          const current = r.body.details?.currentSeq;
          if (!Number.isInteger(current) || current <= seq)
            return void problems.push(`VERSION_CONFLICT without a newer currentSeq: ${r.text}`);
          // act: re-read the case at its current version and choose again
          const again = await call(base, 'GET', `/api/cases/${id}`, { token: tokens.planning });
          counts.requests++;
          seq = Number(JSON.parse(again.headers?.get('etag') ?? '0'));
          cmd = nextFrom((again.body.allowedEvents as { type: string }[]).map((e) => e.type));
        } else if (r.body.code === 'EVENT_NOT_ALLOWED') {
          counts.notAllowed++;
          const allowed = r.body.details?.allowedEvents;
          const current = r.body.details?.currentSeq;
          if (!Array.isArray(allowed) || !allowed.length || !Number.isInteger(current))
            return void problems.push(`EVENT_NOT_ALLOWED without allowedEvents/currentSeq: ${r.text}`);
          // act: send what the case allows now, at the version it names
          cmd = nextFrom(allowed.map((e: { type: string }) => e.type));
          seq = current;
        } else {
          return void problems.push(`409 ${r.body.code}: ${r.text.slice(0, 200)}`);
        }
      }
      problems.push(`client ${client} did not win round ${round} in ${MAX_TRIES} tries`);
    }

    for (let round = 0; round < ROUNDS; round++) {
      let release!: () => void;
      const barrier = new Promise<void>((r) => (release = r));
      const players = Array.from({ length: CLIENTS }, (_, c) => play(c, round, barrier));
      // everybody has read (the reads are quick); then all send at once
      await new Promise((r) => setTimeout(r, 150));
      release();
      await Promise.all(players);
      counts.races++;
    }

    const ledger = await checkLedger(db.url, ids, acks);
    const chains = await checkChains(servers[0].base, tokens.auditor, db.url, ids);
    const seqsUnique = new Set(acks.map((a) => `${a.id}#${a.seq}`)).size === acks.length;
    await Promise.all(servers.map((s) => s.stop()));

    recordFigures('contention', {
      processes: 2,
      items: ITEMS,
      clients: CLIENTS,
      rounds: ROUNDS,
      races: counts.races,
      requests: counts.requests,
      wins: counts.wins,
      versionConflicts: counts.versionConflicts,
      eventNotAllowed: counts.notAllowed,
      lostUpdates: ledger.lost.length,
      doubled: ledger.doubled.length,
      chainsVerified: chains.filter((c) => !c.problem).length,
      chains: chains.length,
    });

    expect(problems.slice(0, 10)).toEqual([]);
    expect(counts.wins).toBe(CLIENTS * ROUNDS);
    expect(counts.versionConflicts).toBeGreaterThan(0);
    expect(counts.notAllowed).toBeGreaterThan(0);
    expect(seqsUnique).toBe(true);
    expect(ledger.lost).toEqual([]);
    expect(ledger.doubled).toEqual([]);
    expect(ledger.unacknowledged).toEqual([]);
    expect(chains.filter((c) => c.problem)).toEqual([]);
    for (const id of ids) {
      expect(chains.find((c) => c.id === id)?.events).toBe(3 + acks.filter((a) => a.id === id).length);
    }
  }, 110_000);
});
