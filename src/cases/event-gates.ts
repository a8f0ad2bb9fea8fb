import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import type { EventSpec } from '../../workflows/contract';

/** A person's command as it arrives, before the engine applies it. */
export interface GatedCommand {
  user: AuthUser;
  instanceId: string;
  type: string;
  payload: Record<string, unknown>;
}

/** Throws an AppException (a zh-CN 4xx) when the command may not go on; resolves otherwise. */
export type EventGate = (command: GatedCommand) => Promise<void>;

/** One case's offer narrowed to what a gate lets through; `context` is the case's as the offer was made from. */
export type OfferNarrowing = (instanceId: string, context: Record<string, unknown>, events: EventSpec[]) => EventSpec[];

/**
 * What a gate refuses must not be offered (offered means accepted): a gate that refuses some payloads of some
 * event types also narrows those types' offers, reading what it needs for many cases at once.
 */
export interface OfferGate {
  types: ReadonlySet<string>;
  load(instanceIds: string[]): Promise<OfferNarrowing>;
}

/**
 * Checks other modules add to commands sent through the API, on what the engine does not see (documents: a
 * supplied material has an uploaded file). They run before the command and change nothing; every place that
 * serves allowedEvents narrows them through `offers` with the same rules.
 */
@Injectable()
export class EventGates {
  private readonly gates: EventGate[] = [];
  private readonly offerGates: OfferGate[] = [];

  add(gate: EventGate, offer?: OfferGate): void {
    this.gates.push(gate);
    if (offer) this.offerGates.push(offer);
  }

  async check(command: GatedCommand): Promise<void> {
    for (const gate of this.gates) await gate(command);
  }

  /** Whether a gate narrows any of these events (then the offer needs `offers`). */
  concerns(events: EventSpec[]): boolean {
    return events.some((e) => this.offerGates.some((g) => g.types.has(e.type)));
  }

  /** The narrowing of the offers of these cases, read once for all of them. */
  async offers(instanceIds: string[]): Promise<OfferNarrowing> {
    const narrowings = instanceIds.length ? await Promise.all(this.offerGates.map((g) => g.load(instanceIds))) : [];
    return (instanceId, context, events) =>
      narrowings.reduce((offered, narrow) => narrow(instanceId, context, offered), events);
  }
}
