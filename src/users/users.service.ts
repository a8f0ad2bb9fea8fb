import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { EditVersions } from '../common/edit-version/edit-version.service';
import { AppException } from '../common/errors/app-exception';
import { fieldName } from '../common/field-names';
import { AppConfig } from '../config/app-config';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISES, DEMO_PASSWORD } from './demo-accounts';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';
import { DEPARTMENT_CODES, USER_ROLES, type UserRole } from './user-role';
import { UsersRepository } from './users.repository';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: UserRole;
  department?: string | null;
  enterpriseId?: string | null;
  assignedProjectIds?: string[];
}

export interface UserChanges {
  displayName?: string;
  password?: string;
  active?: boolean;
  assignedProjectIds?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long the per-request user lookup may be served from memory (deactivation takes effect within this). */
export const USER_CACHE_MS = 5000;
const USER_CACHE_MAX = 10_000;

/**
 * A field's problem as the global validation reports it: `problem` in Chinese for people (the admin form shows
 * it beside the field), `problems` in English for developers.
 */
type Problem = { field: string; problems: string[]; problem: string; zh: string };

const problem = (field: string, zh: string, en: string): Problem => ({
  field,
  problems: [en],
  problem: zh,
  zh: `「${fieldName(field)}」${zh}`,
});

/** The 400: people read "「所属部门」…", the English after " / " moves to details.reason (zh-messages.ts). */
function invalid(problems: Problem[]): AppException {
  return new AppException(
    'VALIDATION_FAILED',
    problems.map((p) => `${p.zh} / ${p.field}: ${p.problems.join(', ')}`).join('；'),
    problems,
  );
}

/** The role decides which of department / enterpriseId / assignedProjectIds a user has. */
export function roleShapeProblems(u: {
  role: string;
  department?: string | null;
  enterpriseId?: string | null;
  assignedProjectIds?: string[];
}): Problem[] {
  const problems: Problem[] = [];
  if (!USER_ROLES.includes(u.role as UserRole)) problems.push(problem('role', '不是可选的角色', 'unknown role'));
  if (u.role === 'clerk') {
    if (!u.department) problems.push(problem('department', '工作人员须选择所属部门', 'required for a clerk'));
    else if (!(DEPARTMENT_CODES as readonly string[]).includes(u.department))
      problems.push(problem('department', '不是可选的部门', 'unknown department'));
  } else if (u.department) {
    problems.push(problem('department', '只有工作人员属于部门', 'only clerks belong to a department'));
  }
  if (u.role === 'enterprise') {
    if (!u.enterpriseId)
      problems.push(problem('enterpriseId', '建设单位账号须选择建设单位', 'required for an enterprise user'));
  } else if (u.enterpriseId) {
    problems.push(
      problem('enterpriseId', '只有建设单位账号属于建设单位', 'only enterprise users belong to an enterprise'),
    );
  }
  if (u.role !== 'steward' && u.role !== 'leader' && u.assignedProjectIds?.length) {
    problems.push(
      problem(
        'assignedProjectIds',
        '只有项目管家和项目长负责项目',
        'only stewards (项目管家) and leaders (项目长) are assigned to projects',
      ),
    );
  }
  return problems;
}

/** PostgreSQL prints uuids in lower case; compare and store them that way. */
function normaliseIds(ids: string[] | undefined): string[] {
  return [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e as { driverError?: { code?: string } }).driverError?.code === '23505';
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  private readonly cache = new Map<string, { at: number; user: UserEntity | null }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly repo: UsersRepository,
    private readonly versions: EditVersions,
  ) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findByUsername(this.dataSource.manager, username);
  }

  async findById(id: string): Promise<UserEntity | null> {
    if (!UUID.test(id)) return null;
    return this.repo.findById(this.dataSource.manager, id);
  }

  /** findById for every authenticated request: served from memory for a few seconds (USER_CACHE_MS). */
  async findByIdCached(id: string, now = Date.now()): Promise<UserEntity | null> {
    const hit = this.cache.get(id);
    if (hit && now - hit.at < USER_CACHE_MS) return hit.user;
    const user = await this.findById(id);
    if (this.cache.size >= USER_CACHE_MAX) this.cache.clear();
    this.cache.set(id, { at: now, user });
    return user;
  }

  list(): Promise<UserEntity[]> {
    return this.repo.list(this.dataSource.manager);
  }

  /** Every user with the version its edit form sends back in If-Match. */
  async listVersioned(): Promise<{ user: UserEntity; version: number }[]> {
    const users = await this.list();
    const version = await this.versions.currentMany(
      this.dataSource.manager,
      'user',
      users.map((u) => u.id),
    );
    return users.map((user) => ({ user, version: version(user.id) }));
  }

  /** Creates a user after checking the role's shape and that the enterprise and projects exist. 409 on a taken username. */
  async create(input: NewUser): Promise<UserEntity> {
    const problems = roleShapeProblems(input);
    if (!problems.length) problems.push(...(await this.referenceProblems(input)));
    if (problems.length) throw invalid(problems);
    if (await this.findByUsername(input.username)) throw this.usernameTaken(input.username);
    return this.insert(input, await hashPassword(input.password));
  }

  /**
   * Applies an admin's changes; `ifMatch` (the version read) refuses them when the account changed in between.
   * Read, checked and written in one transaction after taking the version, so no concurrent edit slips between.
   */
  async update(
    id: string,
    changes: UserChanges,
    actingUserId?: string,
    ifMatch?: number,
  ): Promise<{ user: UserEntity; version: number }> {
    if (!UUID.test(id)) throw new AppException('NOT_FOUND', '用户不存在 / No such user');
    const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
    const result = await this.dataSource.transaction(async (m) => {
      const found = await this.repo.findById(m, id);
      if (!found) throw new AppException('NOT_FOUND', '用户不存在 / No such user');
      const version = await this.versions.advance(m, 'user', id, ifMatch);
      // Re-read under the version's lock: what was read before it may be an older write's.
      const user = (await this.repo.findById(m, id)) ?? found;
      if (changes.active === false && id === actingUserId) {
        throw new AppException(
          'RULE_VIOLATION',
          '管理员不能停用自己的账号 / An administrator cannot deactivate their own account',
        );
      }
      if (changes.assignedProjectIds !== undefined) {
        const problems = roleShapeProblems({ role: user.role, assignedProjectIds: changes.assignedProjectIds });
        if (!problems.length) problems.push(...(await this.referenceProblems(changes)));
        if (problems.length) throw invalid(problems);
        user.assignedProjectIds = normaliseIds(changes.assignedProjectIds);
      }
      if (changes.displayName !== undefined) user.displayName = changes.displayName;
      if (changes.active !== undefined) user.active = changes.active;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      await this.repo.save(m, user);
      return { user, version };
    });
    this.invalidate(id);
    return result;
  }

  /**
   * Replaces the stored hash after a login with outdated scrypt parameters, only while it still is `previous` (the
   * one the login verified): an admin's new password set in between stays. The edit version does not move: the
   * password is the same and nothing an admin's form reads or writes back changed, so their open form stays valid.
   * Returns whether it replaced it.
   */
  async updatePasswordHash(id: string, previous: string, passwordHash: string): Promise<boolean> {
    const replaced = await this.repo.replacePasswordHash(this.dataSource.manager, id, previous, passwordHash);
    if (replaced) this.invalidate(id);
    return replaced;
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }

  /** Inserts the enterprises of the seed report (demo mode only). Returns the ids it inserted. */
  async ensureEnterprises(): Promise<string[]> {
    if (!this.config.demoMode) return [];
    return this.repo.insertMissingEnterprises(this.dataSource.manager, DEMO_ENTERPRISES);
  }

  /**
   * Creates the demo accounts (password `demo`) once; calling it again creates only missing ones and adds
   * `projectIdsForSteward` to the steward's assignments. Does nothing unless the app runs in demo mode, so a
   * production database never has them.
   */
  async ensureDemoAccounts(projectIdsForSteward: string[] = []): Promise<{ created: string[] }> {
    if (!this.config.demoMode) {
      this.logger.log('Not in demo mode: no demo accounts');
      return { created: [] };
    }
    await this.ensureEnterprises();
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const assignedProjectIds = account.assignedToDemoProjects ? normaliseIds(projectIdsForSteward) : [];
      const existing = await this.findByUsername(account.username);
      if (existing) {
        const missing = assignedProjectIds.filter((p) => !existing.assignedProjectIds.includes(p));
        if (missing.length) {
          // The account's projects change: its version moves, so an admin's form read before cannot undo this.
          await this.dataSource.transaction(async (m) => {
            await this.versions.advance(m, 'user', existing.id, undefined);
            // Re-read under the version's lock: an edit committed since the lookup above is kept.
            const now = (await this.repo.findById(m, existing.id)) ?? existing;
            const adding = assignedProjectIds.filter((p) => !now.assignedProjectIds.includes(p));
            await this.repo.update(m, existing.id, { assignedProjectIds: [...now.assignedProjectIds, ...adding] });
          });
          this.invalidate(existing.id);
        }
        continue;
      }
      try {
        await this.insert(
          { ...account, password: DEMO_PASSWORD, assignedProjectIds },
          await hashPassword(DEMO_PASSWORD),
        );
        created.push(account.username);
      } catch (e) {
        if (!(e instanceof AppException && e.code === 'CONFLICT')) throw e; // a concurrent start created it
      }
    }
    if (created.length) this.logger.warn(`Demo accounts created (password "${DEMO_PASSWORD}"): ${created.join(', ')}`);
    return { created };
  }

  private async insert(input: NewUser, passwordHash: string): Promise<UserEntity> {
    const id = randomUUID();
    const user = {
      id,
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      department: input.department ?? null,
      enterpriseId: input.enterpriseId ?? null,
      assignedProjectIds: normaliseIds(input.assignedProjectIds),
      active: true,
    };
    try {
      await this.repo.insert(this.dataSource.manager, user);
    } catch (e) {
      if (isUniqueViolation(e)) throw this.usernameTaken(input.username);
      throw e;
    }
    return (await this.findById(id)) as UserEntity;
  }

  private usernameTaken(username: string): AppException {
    return new AppException('CONFLICT', `用户名“${username}”已被使用 / Username '${username}' is already taken`, {
      field: 'username',
    });
  }

  private async referenceProblems(input: { enterpriseId?: string | null; assignedProjectIds?: string[] }) {
    const problems: Problem[] = [];
    if (input.enterpriseId) {
      const found = await this.repo.enterpriseExists(this.dataSource.manager, input.enterpriseId);
      if (!found) problems.push(problem('enterpriseId', '该建设单位不存在', 'unknown enterprise'));
    }
    const ids = normaliseIds(input.assignedProjectIds);
    if (ids.length) {
      const known = new Set(await this.repo.existingProjectIds(this.dataSource.manager, ids));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length)
        problems.push(
          problem('assignedProjectIds', `有 ${unknown.length} 个项目不存在`, `unknown projects: ${unknown.join(', ')}`),
        );
    }
    return problems;
  }
}
