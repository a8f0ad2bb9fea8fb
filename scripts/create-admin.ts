/* The first administrator (and any later one): `npm run create-admin -- --username NAME [--display-name 名称]`.
 * The password is prompted for (twice, not echoed) on a terminal, or read from the first line of stdin
 * (`docker compose exec -T app node dist/scripts/create-admin.js --username NAME < password-file`); it is never
 * an argument, which other users of the machine could read from the process list. Works on DATABASE_URL, on the
 * embedded database of a running service, and on the embedded database with no service running. Runs pending
 * migrations first, so it works on an empty database before the service's first start.
 * Exit code 0 when created, 1 when refused (weak password, taken username), 2 on a usage error. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { describeError } from '../src/common/describe-error';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/run-migrations';
import { openToolDatabase } from '../src/database/tool-database';
import { typeormOptions } from '../src/database/typeorm-options';
import { adminPasswordProblems } from '../src/users/admin-password';
import { USERNAME_PATTERN } from '../src/users/dto/create-user.dto';
import { hashPassword } from '../src/users/password';
import { UserEntity } from '../src/users/user.entity';

const USAGE =
  'usage: npm run create-admin -- --username NAME [--display-name 名称]  (password from the prompt or stdin)';

class UsageError extends Error {}

function parseArgs(argv: string[]): { username: string; displayName: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(username|display-name)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new UsageError(`unknown argument ${argv[i]}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${m[1]} needs a value`);
    values.set(m[1], value);
  }
  const username = values.get('username');
  if (!username) throw new UsageError('--username is required');
  if (!USERNAME_PATTERN.test(username)) {
    throw new UsageError('用户名须为 2–63 个小写字母、数字、"."、"_" 或 "-"');
  }
  return { username, displayName: values.get('display-name') ?? '系统管理员' };
}

/** One line typed without echo (a terminal), or the first line of stdin (a pipe or file). */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const lines = createInterface({ input: stdin, terminal: false });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new UsageError('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<number> {
  let args: { username: string; displayName: string };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${describeError(e)}\n${USAGE}`);
    return 2;
  }
  const password = await readPassword(`新管理员 ${args.username} 的密码: `);
  if (process.stdin.isTTY && (await readPassword('再输入一次: ')) !== password) {
    console.error('两次输入的密码不一致，未创建');
    return 1;
  }
  const problems = adminPasswordProblems(password, args.username);
  if (problems.length) {
    console.error(`密码太弱，未创建: ${problems.join('；')}`);
    return 1;
  }

  const config = loadConfig();
  const db = await openToolDatabase(config, 'create-admin', (m) => console.error(`[db] ${m}`));
  try {
    const applied = await runMigrations(db.url);
    if (applied.length) console.error(`[db] migrations applied: ${applied.join(', ')}`);
    const ds = await new DataSource(
      typeormOptions(db.url, { poolSize: 1, applicationName: 'fasttrack-admin' }),
    ).initialize();
    try {
      const users = ds.getRepository(UserEntity);
      if (await users.findOne({ where: { username: args.username } })) {
        console.error(`用户名 ${args.username} 已存在，未创建`);
        return 1;
      }
      await users.insert({
        id: randomUUID(),
        username: args.username,
        displayName: args.displayName,
        passwordHash: await hashPassword(password),
        role: 'admin',
        department: null,
        enterpriseId: null,
        assignedProjectIds: [],
        active: true,
      });
      console.log(`已创建管理员 ${args.username} (database: ${db.via})`);
      return 0;
    } finally {
      await ds.destroy();
    }
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`create-admin failed: ${describeError(e)}`);
    process.exit(1);
  },
);
