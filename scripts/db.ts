/* Migration commands that work with DATABASE_URL or the embedded database:
 *   generate <Name>  write src/database/migrations/<epochMs>-<Name>.ts from the entities' difference to a
 *                    freshly migrated scratch database, and register it in migrations/index.ts
 *   run | revert     apply pending migrations / undo the last one on the configured database
 *   check            fail (exit 1) when the entities and the migrations disagree */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { createDatabase, dropDatabase } from '../src/database/database-admin';
import { resolveDatabase } from '../src/database/resolve-database';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { typeormOptions } from '../src/database/typeorm-options';

const root = resolve(__dirname, '..', '..');

async function withScratchDatabase<T>(serverUrl: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const name = `migration_scratch_${process.pid}_${Date.now()}`;
  const url = await createDatabase(serverUrl, name);
  const ds = new DataSource(typeormOptions(url, { poolSize: 2 }));
  await ds.initialize();
  try {
    await ds.runMigrations();
    return await fn(ds);
  } finally {
    await ds.destroy();
    await dropDatabase(serverUrl, name);
  }
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function register(fileBase: string, className: string) {
  const index = resolve(root, 'src/database/migrations/index.ts');
  let text = readFileSync(index, 'utf8');
  text = `import { ${className} } from './${fileBase}';\n` + text;
  text = text.replace(/= \[([^\]]*)\];/, (_m, list: string) => {
    const items = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    items.push(className);
    return `= [${items.join(', ')}];`;
  });
  writeFileSync(index, text);
}

async function main() {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const db = await resolveDatabase(config, (m) => console.error(m), { role: 'migrate' });
  try {
    switch (command) {
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate <PascalCaseName>');
        const changes = await withScratchDatabase(db.url, pendingSchemaChanges);
        if (!changes.up.length) {
          console.log('No changes: the entities match the migrations.');
          return;
        }
        const stamp = Date.now();
        const className = `${name}${stamp}`;
        const fileBase = `${stamp}-${name}`;
        const file = resolve(root, 'src/database/migrations', `${fileBase}.ts`);
        if (existsSync(file)) throw new Error(`${file} exists`);
        writeFileSync(file, migrationSource(className, changes.up, [...changes.down].reverse()));
        register(fileBase, className);
        console.log(`Wrote ${file} (${changes.up.length} statements) and registered it.`);
        return;
      }
      case 'run': {
        const ds = await new DataSource(typeormOptions(db.url, { poolSize: 2 })).initialize();
        const done = await ds.runMigrations();
        console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
        await ds.destroy();
        return;
      }
      case 'revert': {
        const ds = await new DataSource(typeormOptions(db.url, { poolSize: 2 })).initialize();
        await ds.undoLastMigration();
        console.log('Reverted the last migration.');
        await ds.destroy();
        return;
      }
      case 'check': {
        const changes = await withScratchDatabase(db.url, pendingSchemaChanges);
        if (changes.up.length) {
          console.error('The entities and the migrations disagree. Missing migration would run:');
          for (const q of changes.up) console.error(`  ${q}`);
          console.error('Run: npm run migration:generate <Name>');
          process.exitCode = 1;
        } else {
          console.log('migration:check ok: the entities match the migrations.');
        }
        return;
      }
      default:
        throw new Error('usage: db.js generate <Name> | run | revert | check');
    }
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
