import { Injectable } from '@nestjs/common';
import type { Actor, PersistedSnapshot } from '../../workflows/contract';
import { ROLE_LABELS } from '../users/user-role';
import { LabelsService } from './labels.service';
import { NamesRepository } from './names.repository';

/** What a history row adds for people: who (by name), on whose behalf, what (zh-CN) and the state after. */
export interface EventLabels {
  actorName: string;
  onBehalfOfName?: string;
  eventLabel: string;
  stateLabel: string | null;
}

interface LabelledEvent {
  type: string;
  actor: Actor;
  definitionVersion: number;
  stateAfter: string;
}

function textAt(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== 'object' || !(key in value)) return undefined;
  const found: unknown = Object.getOwnPropertyDescriptor(value, key)?.value;
  return typeof found === 'string' ? found : undefined;
}

/**
 * The names and zh-CN labels that history, as-of and verify answers carry beside their codes and ids, so a
 * client shows people's names, item names and state labels without tables of its own.
 */
@Injectable()
export class CaseLabelsService {
  constructor(
    private readonly labels: LabelsService,
    private readonly names: NamesRepository,
  ) {}

  /** The catalog name of the item an item case (or a commitment on an item) is about; null for other cases. */
  itemName(snapshot: PersistedSnapshot): string | null {
    const item: unknown = snapshot.context.item;
    const code = textAt(item, 'code');
    if (!code) return null;
    return this.labels.itemName(code) ?? textAt(item, 'name') ?? null;
  }

  stateLabel(definitionId: string, state: string): string | null {
    return this.labels.stateLabel(definitionId, state);
  }

  async events<E extends LabelledEvent>(definitionId: string, events: E[]): Promise<(E & EventLabels)[]> {
    const users = await this.names.userNames(events.map((e) => e.actor.userId));
    const enterprises = await this.names.enterpriseNames(
      events.flatMap((e) => (e.actor.onBehalfOf ? [e.actor.onBehalfOf] : [])),
    );
    return events.map((e) => {
      const onBehalfOf = e.actor.onBehalfOf;
      return {
        ...e,
        actorName:
          e.actor.role === 'system'
            ? ROLE_LABELS.system
            : (users.get(e.actor.userId) ?? ROLE_LABELS[e.actor.role] ?? ROLE_LABELS.system),
        ...(onBehalfOf ? { onBehalfOfName: enterprises.get(onBehalfOf) ?? '建设单位' } : {}),
        eventLabel: this.labels.eventLabel(definitionId, e.definitionVersion, e.type) ?? '其他操作',
        stateLabel: this.labels.stateLabel(definitionId, e.stateAfter),
      };
    });
  }
}
