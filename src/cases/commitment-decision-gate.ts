import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventSpec } from '../../workflows/contract';
import { COMMITMENT_DECIDED, COMMITMENT_REFUSED, DEFINITION_IDS } from '../../workflows/protocol';
import { AppException } from '../common/errors/app-exception';
import { CaseViewService } from './case-view.service';
import { CommitmentItemRepository, type CommitmentWithItem } from './commitment-item.repository';
import { DefinitionRegistry } from './definition-registry';
import { EventGates, type GatedCommand, type OfferNarrowing } from './event-gates';

/** A 告知承诺 decision and what it tells the item. */
const NOTICE: Record<string, string> = {
  DECIDE_ON_COMMITMENT: COMMITMENT_DECIDED,
  REFUSE_COMMITMENT: COMMITMENT_REFUSED,
};

/** Why the decision waits, naming the item's state as people read it. */
export const decisionWaitsReason = (itemStatus: string) =>
  `事项当前状态为「${itemStatus}」，暂不能作出告知承诺决定：请先在事项上办完当前环节（如结束特别程序）`;

/**
 * A 告知承诺 decision goes to the item, which takes it only in some states: the released approval-item versions
 * refuse it during 特别程序, and the whole command fails (a 409 after the offer said yes). Released definitions
 * cannot change, so the decision waits for the item: refused here, and listed disabled with the reason. The item's
 * own definition says whether it takes the notice now, so a version that does passes.
 */
@Injectable()
export class CommitmentDecisionGate implements OnModuleInit {
  constructor(
    private readonly gates: EventGates,
    private readonly repo: CommitmentItemRepository,
    private readonly definitions: DefinitionRegistry,
    private readonly views: CaseViewService,
  ) {}

  onModuleInit(): void {
    this.gates.add((command) => this.check(command), {
      types: new Set(Object.keys(NOTICE)),
      load: (ids) => this.narrowing(ids),
    });
  }

  /** Null when the item takes the decision's notice now, else the reason it waits. */
  private waits(c: CommitmentWithItem, type: string): string | null {
    if (this.definitions.takesNow(c.item, NOTICE[type])) return null;
    const def = this.definitions.get(c.item.definitionId, c.item.definitionVersion);
    return decisionWaitsReason(def.describe(c.item.snapshot).statusLabel);
  }

  private commitments(instanceIds: string[]): Promise<CommitmentWithItem[]> {
    return this.repo.commitments(DEFINITION_IDS.notifyCommitment, instanceIds);
  }

  async check({ user, instanceId, type }: GatedCommand): Promise<void> {
    if (!(type in NOTICE)) return;
    await this.views.authorize(user, instanceId, 'case:act');
    const [c] = await this.commitments([instanceId]);
    const reason = c ? this.waits(c, type) : null;
    if (reason)
      throw new AppException('EVENT_NOT_ALLOWED', reason, { reason: `the item does not take ${NOTICE[type]} now` });
  }

  private async narrowing(instanceIds: string[]): Promise<OfferNarrowing> {
    const byId = new Map((await this.commitments(instanceIds)).map((c) => [c.id, c]));
    return (instanceId, _context, events) => {
      const c = byId.get(instanceId);
      if (!c) return events;
      return events.map((e): EventSpec => {
        if (!(e.type in NOTICE) || e.disabledReason) return e;
        const reason = this.waits(c, e.type);
        return reason ? { ...e, disabledReason: reason } : e;
      });
    };
  }
}
