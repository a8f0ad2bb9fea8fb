import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { resolveDatabase } from './database/resolve-database';
import { typeormOptions } from './database/typeorm-options';

const say = (msg: string) => process.stdout.write(`${msg}\n`);

async function runMigrations(url: string): Promise<string[]> {
  const ds = await new DataSource(
    typeormOptions(url, { poolSize: 2, applicationName: 'fasttrack-migrate' }),
  ).initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const db = await resolveDatabase(config, (m) => say(`[db] ${m}`));
  if (db.embedded) say(`[db] embedded PostgreSQL on 127.0.0.1:${db.embedded.port}, data in ${config.DATA_DIR}/pg`);

  let shuttingDown = false;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`[app] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 20000);
    force.unref();
    try {
      await app?.close();
    } finally {
      await db.stop();
      say('[app] stopped');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const applied = await runMigrations(db.url);
    if (applied.length) say(`[db] migrations applied: ${applied.join(', ')}`);
    app = await createApp(config, db.url);
    await app.listen(config.PORT, config.HOST);
  } catch (e) {
    await db.stop();
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

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
