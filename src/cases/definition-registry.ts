import { Injectable } from '@nestjs/common';
import type { Actor, DefinitionMigration, PersistedSnapshot } from '../../workflows/contract';
import type { RuntimeDefinition } from '../../workflows/core/define';
import { registry, type Registry } from '../../workflows/registry';
import { AppException } from '../common/errors/app-exception';

const SYSTEM: Actor = { userId: 'system', role: 'system' };

/** Every released version of every definition, from the pure core; instances run on their own version. */
@Injectable()
export class DefinitionRegistry {
  private readonly registry: Registry = registry;

  get(id: string, version: number): RuntimeDefinition {
    const def = this.registry.getDefinition(id, version);
    if (!def) throw new AppException('NOT_FOUND', `流程定义不存在 / Definition ${id} v${version} does not exist`);
    return def as RuntimeDefinition;
  }

  find(id: string, version: number): RuntimeDefinition | undefined {
    return this.registry.getDefinition(id, version) as RuntimeDefinition | undefined;
  }

  /**
   * Whether an instance takes `type` from the system (a child's notice) in its state now, by its own definition; an
   * unknown definition is not judged here (the command itself then answers).
   */
  takesNow(instance: { definitionId: string; definitionVersion: number; snapshot: PersistedSnapshot }, type: string) {
    const def = this.find(instance.definitionId, instance.definitionVersion);
    return !def || def.allowedEvents(instance.snapshot, SYSTEM).some((e) => e.type === type && !e.disabledReason);
  }

  latest(id: string): RuntimeDefinition {
    const version = this.registry.latestVersion(id);
    if (version === undefined) throw new AppException('NOT_FOUND', `流程定义不存在 / Definition ${id} does not exist`);
    return this.get(id, version);
  }

  /** The view replay and verify use: a missing version is reported, not thrown. */
  readonly source = {
    get: (id: string, version: number) => this.find(id, version),
    migration: (id: string, from: number, to: number) => this.migration(id, from, to),
  };

  all(): RuntimeDefinition[] {
    return this.registry.definitions as RuntimeDefinition[];
  }

  migration(id: string, from: number, to: number): DefinitionMigration | undefined {
    return this.registry.getMigration(id, from, to);
  }
}
