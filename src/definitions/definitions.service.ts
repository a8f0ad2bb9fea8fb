import { Injectable } from '@nestjs/common';
import { DefinitionRegistry } from '../cases/definition-registry';
import { AppException } from '../common/errors/app-exception';
import { toMermaid } from './mermaid';

/** The released workflow definitions as data a client can render: events, schemas, diagrams. */
@Injectable()
export class DefinitionsService {
  private readonly diagrams = new Map<string, string>();

  constructor(private readonly registry: DefinitionRegistry) {}

  list() {
    const ids = [...new Set(this.registry.all().map((d) => d.id))];
    return ids.map((id) => {
      const versions = this.registry
        .all()
        .filter((d) => d.id === id)
        .sort((a, b) => a.version - b.version);
      const latest = versions[versions.length - 1];
      return {
        id,
        title: latest.title,
        latestVersion: latest.version,
        versions: versions.map((d) => ({ version: d.version, title: d.title })),
        eventLabels: Object.fromEntries(Object.values(latest.events).map((e) => [e.type, e.label])),
      };
    });
  }

  get(id: string, rawVersion: string) {
    const version = /^\d{1,6}$/.test(rawVersion) ? Number(rawVersion) : NaN;
    const def = Number.isNaN(version) ? undefined : this.registry.find(id, version);
    if (!def) throw new AppException('NOT_FOUND', '流程定义版本不存在 / No such definition version');
    const key = `${def.id}@${def.version}`;
    let mermaid = this.diagrams.get(key);
    if (!mermaid) {
      mermaid = toMermaid(def.machine as { root: unknown }, { labelOf: (t) => def.events[t]?.label });
      this.diagrams.set(key, mermaid);
    }
    return {
      id: def.id,
      version: def.version,
      title: def.title,
      latestVersion: this.registry.latest(def.id).version,
      events: Object.values(def.events),
      inputSchema: def.inputSchema,
      mermaid,
    };
  }
}
