import 'reflect-metadata';
import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { describeError } from './common/describe-error';
import { drainServer } from './common/http-server';
import { loadConfig } from './config/app-config';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { runMigrations } from './database/run-migrations';

const say = (msg: string) => process.stdout.write(`${msg}\n`);
const complain = (msg: string) => process.stderr.write(`${msg}\n`);

/** Requests in flight get this long to finish at shutdown before their connections are cut. */
const DRAIN_MS = 10_000;

async function main() {
  const started = Date.now();
  const config = loadConfig();

  let shuttingDown = false;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  // Set once the database is up; the shutdown (which may come first, on a signal during start) reads it.
  const running: { db?: ResolvedDatabase } = {};
  const shutdown = async (reason: string, exitCode: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`[app] ${reason}: shutting down`);
    const force = setTimeout(() => process.exit(exitCode || 1), DRAIN_MS + 15_000);
    force.unref();
    try {
      // The HTTP server first, so the requests in flight still have their database while they finish.
      const server: Server | undefined = app?.getHttpServer();
      if (server) await drainServer(server, DRAIN_MS);
      await app?.close();
    } catch (e) {
      complain(`[app] shutdown: ${describeError(e)}`);
    } finally {
      await running.db?.stop().catch((e: unknown) => complain(`[db] stop: ${describeError(e)}`));
      say('[app] stopped');
      process.exit(exitCode);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  const db = await resolveDatabase(config, (m) => say(`[db] ${m}`), {
    supervise: {
      // The embedded server could not be brought back: exit non-zero so systemd or compose restarts the service.
      onGiveUp: (reason) => {
        complain(`[db] ${reason.message}`);
        void shutdown('database lost', 1);
      },
    },
  });
  running.db = db;
  if (db.embedded) say(`[db] embedded PostgreSQL on 127.0.0.1:${db.embedded.port}, data in ${config.DATA_DIR}/pg`);

  try {
    const applied = await runMigrations(db.url);
    if (applied.length) say(`[db] migrations applied: ${applied.join(', ')}`);
    app = await createApp(config, db.url);
    await app.listen(config.PORT, config.HOST);
  } catch (e) {
    await db.stop().catch(() => undefined);
    throw e;
  }
  const base = `http://localhost:${config.PORT}`;
  say(
    [
      `[app] ready in ${((Date.now() - started) / 1000).toFixed(1)} s${config.demoMode ? ' (demo mode)' : ''}`,
      `  界面 UI:        ${base}/`,
      `  API docs:       ${base}/api/docs`,
      `  OpenAPI:        ${base}/api/openapi.json`,
      `  health:         ${base}/api/health`,
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  complain(`[app] start failed (启动失败): ${describeError(e)}`);
  process.exit(1);
});
