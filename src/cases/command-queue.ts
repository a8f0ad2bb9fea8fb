import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import type { ApplyResult, CommandInput } from './command.types';
import { scopeOf, type IdempotentResult } from './idempotency';

/** At most this many commands share a transaction. */
const MAX_BATCH = 32;
/**
 * One batch is written at a time; commands arriving meanwhile queue up and form the next batch. A second batch
 * may start only once the one in flight has taken STALL_MS, so that a batch waiting for a row lock held elsewhere
 * does not stop the others (test/group-commit.e2e-spec.ts). Two at once made batches half the size; 8 ms instead
 * of 20 was no better than two at once (batches often take longer).
 */
const BATCHES_IN_FLIGHT = 2;
const STALL_MS = 20;

/** Builds a command's response from its result, inside its transaction. */
export type Respond<T> = (m: EntityManager, result: Extract<ApplyResult, { ok: true }>) => Promise<T>;

/** A command waiting in the queue or in a batch, with the promise it settles. */
export interface Pending<T> {
  input: CommandInput;
  requestHash: string;
  respond: Respond<T>;
  resolve(result: IdempotentResult<T>): void;
  reject(error: unknown): void;
}

/**
 * Writes a batch; resolves to the function that answers its commands (so that the queue can start the next batch
 * before answering).
 */
export type BatchWrite = (batch: Pending<unknown>[]) => Promise<() => void>;

/**
 * The group-commit queue: commands in arrival order, taken into batches of at most one command per case and per
 * Idempotency-Key, none for a case or key of a batch in flight (so a later command on a case runs after the earlier
 * one committed, and no batch waits for another's row lock), at most two batches in flight.
 */
export class CommandQueue {
  private queue: Pending<unknown>[] = [];
  private batchesInFlight = 0;
  /** Cases and Idempotency-Keys of the batches in flight. */
  private readonly inFlight = new Set<string>();
  /** When each batch in flight started, by batch number. */
  private readonly batchStarts = new Map<number, number>();
  private nextBatch = 0;
  private pumpTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: BatchWrite,
    private readonly observeBatch: (size: number) => void = () => undefined,
  ) {}

  submit<T>(input: CommandInput, requestHash: string, respond: Respond<T>): Promise<IdempotentResult<T>> {
    return new Promise<IdempotentResult<T>>((resolve, reject) => {
      this.queue.push({ input, requestHash, respond, resolve, reject } as Pending<unknown>);
      this.pump();
    });
  }

  private pump(): void {
    while (this.batchesInFlight < BATCHES_IN_FLIGHT && this.queue.length) {
      if (this.batchStarts.size) {
        const waited = performance.now() - Math.min(...this.batchStarts.values());
        if (waited < STALL_MS) return this.pumpAfter(STALL_MS - waited);
      }
      const batch = this.takeBatch();
      if (!batch.length) return; // everything queued waits for a case or key of a batch in flight
      this.batchesInFlight++;
      const id = this.nextBatch++;
      this.batchStarts.set(id, performance.now());
      const held = batch.map((p) => holdsOf(p));
      for (const h of held.flat()) this.inFlight.add(h);
      this.observeBatch(batch.length);
      void this.write(batch).then((answer) => {
        for (const h of held.flat()) this.inFlight.delete(h);
        this.batchesInFlight--;
        this.batchStarts.delete(id);
        // the next batch asks for its connection before this one's commands are answered
        this.pump();
        answer();
      });
    }
  }

  private pumpAfter(ms: number): void {
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.pump();
    }, Math.ceil(ms));
    this.pumpTimer.unref();
  }

  /**
   * The next batch: the oldest commands, at most one per case and per Idempotency-Key, none for a case or key
   * of a batch in flight. The others keep their place in the queue.
   */
  private takeBatch(): Pending<unknown>[] {
    const batch: Pending<unknown>[] = [];
    const rest: Pending<unknown>[] = [];
    const taken = new Set<string>();
    for (const p of this.queue) {
      const holds = holdsOf(p);
      const free = holds.every((h) => !taken.has(h) && !this.inFlight.has(h));
      // a command that must wait also holds its place: later ones on the same case or key stay behind it
      for (const h of holds) taken.add(h);
      if (batch.length < MAX_BATCH && free) batch.push(p);
      else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }
}

/** What a command holds while its batch runs: its case and its Idempotency-Key. */
function holdsOf(p: Pending<unknown>): string[] {
  const key = p.input.idempotencyKey;
  return key
    ? [`case\u0000${p.input.instanceId}`, `key\u0000${scopeOf(p.input)}\u0000${key}`]
    : [`case\u0000${p.input.instanceId}`];
}
