/** The bearer tokens of the two clerks that drive an item: the service window and the planning department. */
export interface ClerkTokens {
  window: string;
  planning: string;
}

export interface ClerkCommand {
  type: string;
  token: string;
  payload: Record<string, unknown>;
}

/**
 * One approval item's life as the command benchmarks drive it, one clerk event per step: window acceptance,
 * department acceptance, an expert review started and ended (特别程序, the deadline paused once), approval.
 * An item that is done leaves the rotation (ClerkLoad), so no item piles up special procedures (its deadline
 * would carry one more pause per pair, and every command on it would read and write a growing snapshot).
 */
export const LIFECYCLE = [
  'WINDOW_ACCEPT',
  'DEPARTMENT_ACCEPT',
  'START_SPECIAL_PROCEDURE',
  'END_SPECIAL_PROCEDURE',
  'APPROVE',
] as const;

export function clerkCommand(step: number, tokens: ClerkTokens): ClerkCommand {
  switch (LIFECYCLE[step]) {
    case 'WINDOW_ACCEPT':
      return { type: 'WINDOW_ACCEPT', token: tokens.window, payload: { note: '材料齐全' } };
    case 'DEPARTMENT_ACCEPT':
      return { type: 'DEPARTMENT_ACCEPT', token: tokens.planning, payload: {} };
    case 'START_SPECIAL_PROCEDURE':
      return {
        type: 'START_SPECIAL_PROCEDURE',
        token: tokens.planning,
        payload: { procedure: 'expertReview', reason: '专家评审' },
      };
    case 'END_SPECIAL_PROCEDURE':
      return { type: 'END_SPECIAL_PROCEDURE', token: tokens.planning, payload: {} };
    case 'APPROVE':
      return { type: 'APPROVE', token: tokens.planning, payload: { opinion: '同意' } };
    default:
      throw new Error(`an item's life has ${LIFECYCLE.length} steps; step ${step} does not exist`);
  }
}

/**
 * The command load over many items: `active` items at a time in rotation (each command goes to the next item,
 * so commands on one item are far apart and never overlap), each driven through its LIFECYCLE; an approved item
 * is replaced by the next fresh one. Runs out (throws) when every item is done: size `items` for the load.
 */
export class ClerkLoad {
  private readonly slots: string[];
  private readonly fresh: string[];
  private readonly steps = new Map<string, number>();
  private readonly busy = new Set<string>();
  private cursor = 0;
  /** Items approved so far. */
  completed = 0;

  constructor(items: readonly string[], active: number) {
    if (active < 1 || items.length < active) throw new Error(`need at least ${active} items, got ${items.length}`);
    this.slots = items.slice(0, active);
    this.fresh = items.slice(active).reverse();
  }

  /** The next command: an item no other command is in flight on, and its next step. */
  next(tokens: ClerkTokens): { id: string; step: number; command: ClerkCommand } {
    for (let tried = 0; tried < this.slots.length; tried++) {
      const slot = this.cursor++ % this.slots.length;
      const id = this.slots[slot];
      if (this.busy.has(id)) continue;
      this.busy.add(id);
      const step = this.steps.get(id) ?? 0;
      return { id, step, command: clerkCommand(step, tokens) };
    }
    throw new Error(`all ${this.slots.length} items in rotation have a command in flight`);
  }

  /** The command on `id` was answered: `ok` moves the item on (and out of the rotation after approval). */
  settle(id: string, ok: boolean): void {
    this.busy.delete(id);
    if (!ok) return; // the same step again next time
    const step = (this.steps.get(id) ?? 0) + 1;
    if (step < LIFECYCLE.length) {
      this.steps.set(id, step);
      return;
    }
    this.steps.delete(id);
    this.completed++;
    const slot = this.slots.indexOf(id);
    const next = this.fresh.pop();
    if (next === undefined) throw new Error(`the load ran out of items after ${this.completed} approvals`);
    this.slots[slot] = next;
  }

  /** Items not yet taken into the rotation. */
  get remaining(): number {
    return this.fresh.length;
  }
}
