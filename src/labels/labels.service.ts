import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from '../../workflows/catalog';
import { DefinitionRegistry } from '../cases/definition-registry';
import { buildLabels, ENGINE_EVENT_LABELS, type Labels } from './labels';
import { labelOfState } from './state-labels';

/** The labels, built once per process (they change only with a release), with their ETag. */
@Injectable()
export class LabelsService {
  readonly labels: Labels;
  readonly etag: string;

  constructor(private readonly registry: DefinitionRegistry) {
    this.labels = buildLabels([suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2], registry.all());
    this.etag = `"${createHash('sha256').update(JSON.stringify(this.labels)).digest('base64url').slice(0, 27)}"`;
  }

  /** zh-CN label of a stored state of a definition, or null when it has none. */
  stateLabel(definitionId: string, state: string): string | null {
    return labelOfState(this.labels.states, definitionId, state);
  }

  /** The event's label as its own definition version names it, else the engine's or any version's. */
  eventLabel(definitionId: string, version: number, type: string): string | null {
    return (
      this.registry.find(definitionId, version)?.events[type]?.label ??
      ENGINE_EVENT_LABELS[type] ??
      this.labels.events[type] ??
      null
    );
  }

  itemName(code: string): string | null {
    return this.labels.items[code] ?? null;
  }
}
