/**
 * The project page's re-application rows (重新申报) for items that ended without a decision: what the row says and
 * whether the project case really offers it ("offered means accepted": a row only where REAPPLY_ITEM is offered
 * enabled with that item to choose).
 */
import type { ApprovalItemContext } from '../../workflows/approval-item/approval-item.types';
import type { EventSpec, JsonSchema } from '../../workflows/contract';
import { choicesOf } from '../../workflows/core/json-schema';

type Exit = NonNullable<ApprovalItemContext['exit']>;

const CLOSED_LABELS: Record<Exit['kind'], string> = {
  notAccepted: '不予受理，可重新申报',
  recalled: '已撤回，可重新申报',
  withdrawn: '已撤件，可重新申报',
  revoked: '已撤销，可重新申报',
};

/** How a closed item's re-application row reads, by the way its latest instance ended. */
export function closedItemLabel(exit: Exit | null): string {
  return exit ? CLOSED_LABELS[exit.kind] : '已终止，可重新申报';
}

/** Whether the REAPPLY_ITEM offer among `events` is enabled and lets one choose `itemCode`. */
export function reapplyOfferedFor(events: readonly EventSpec[]): (itemCode: string) => boolean {
  const offer = events.find((e) => e.type === 'REAPPLY_ITEM' && !e.disabledReason);
  const property: unknown = offer?.payloadSchema.properties;
  const itemCode = isSchema(property) ? property.itemCode : undefined;
  const choices = isSchema(itemCode) ? (choicesOf(itemCode) ?? []) : [];
  const codes = new Set(choices.map((c) => c.value));
  return (code) => codes.has(code);
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
