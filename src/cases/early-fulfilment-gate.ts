import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventSpec } from '../../workflows/contract';
import { choicesOf } from '../../workflows/core/json-schema';
import { DEFINITION_IDS, TOLERANCE_FULFILLED } from '../../workflows/protocol';
import { AppException } from '../common/errors/app-exception';
import { CaseViewService } from './case-view.service';
import { DefinitionRegistry } from './definition-registry';
import { CommitmentItemRepository, type CommitmentWithItem } from './commitment-item.repository';
import { EventGates, type GatedCommand, type OfferNarrowing } from './event-gates';

const REVIEW = 'REVIEW_MATERIAL';
const REASON = '本事项尚未办结（容缺通过）：请先作出办结决定，再审核最后一项补交材料';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The rule, in one place for the gate and the offer: accepting `material` settles the commitment (it is the one
 * material not yet accepted, and it awaits review) while its item cannot take TOLERANCE_FULFILLED in its state.
 */
export function fulfilsTooEarly(commitmentContext: Record<string, unknown>, material: string, itemTakesIt: boolean) {
  if (itemTakesIt) return false;
  const missing = isRecord(commitmentContext.missing) ? commitmentContext.missing : {};
  const open = Object.entries(missing).filter(([, m]) => !isRecord(m) || m.status !== 'accepted');
  return open.length === 1 && open[0][0] === material && isRecord(open[0][1]) && open[0][1].status === 'supplied';
}

/**
 * 容缺 materials accepted before the item is decided: the released approval-item versions take the commitment's
 * TOLERANCE_FULFILLED only once decided 容缺通过, so accepting the last material earlier would fail the whole
 * command. Released definitions cannot change, so for those the review of the last material waits for the
 * decision: refused here with a 422, and REVIEW_MATERIAL listed disabled with the reason. approval-item v4 takes
 * it before the decision, so its items pass (itemTakesIt asks the item's own definition).
 */
@Injectable()
export class EarlyFulfilmentGate implements OnModuleInit {
  constructor(
    private readonly gates: EventGates,
    private readonly repo: CommitmentItemRepository,
    private readonly definitions: DefinitionRegistry,
    private readonly views: CaseViewService,
  ) {}

  onModuleInit(): void {
    this.gates.add((command) => this.check(command), {
      types: new Set([REVIEW]),
      load: (ids) => this.narrowing(ids),
    });
  }

  private itemTakesIt(c: CommitmentWithItem): boolean {
    return this.definitions.takesNow(c.item, TOLERANCE_FULFILLED);
  }

  private commitments(instanceIds: string[]): Promise<CommitmentWithItem[]> {
    return this.repo.commitments(DEFINITION_IDS.toleranceCommitment, instanceIds);
  }

  async check({ user, instanceId, type, payload }: GatedCommand): Promise<void> {
    if (type !== REVIEW || payload.compliant !== true || typeof payload.material !== 'string') return;
    await this.views.authorize(user, instanceId, 'case:act');
    const [c] = await this.commitments([instanceId]);
    if (c && fulfilsTooEarly(c.context, payload.material, this.itemTakesIt(c))) {
      throw new AppException('RULE_VIOLATION', REASON, { reason: 'the item does not take TOLERANCE_FULFILLED yet' });
    }
  }

  private async narrowing(instanceIds: string[]): Promise<OfferNarrowing> {
    const byId = new Map((await this.commitments(instanceIds)).map((c) => [c.id, c]));
    return (instanceId, context, events) => {
      const c = byId.get(instanceId);
      if (!c) return events;
      const takes = this.itemTakesIt(c);
      return events.map((e) => (e.type === REVIEW && !e.disabledReason ? narrow(e, context, takes) : e));
    };
  }
}

/** The review offered only when some offered material can be accepted without settling the commitment early. */
function narrow(event: EventSpec, context: Record<string, unknown>, itemTakesIt: boolean): EventSpec {
  const properties = event.payloadSchema.properties;
  const field: unknown = isRecord(properties) ? properties.material : undefined;
  const codes = ((isRecord(field) && choicesOf(field)) || []).map((c) => c.value).filter((v) => typeof v === 'string');
  return codes.length > 0 && codes.every((m) => fulfilsTooEarly(context, m, itemTakesIt))
    ? { ...event, disabledReason: REASON }
    : event;
}
