import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';

/** A person's command as it arrives, before the engine applies it. */
export interface GatedCommand {
  user: AuthUser;
  instanceId: string;
  type: string;
  payload: Record<string, unknown>;
}

/** Throws an AppException (a zh-CN 4xx) when the command may not go on; resolves otherwise. */
export type EventGate = (command: GatedCommand) => Promise<void>;

/**
 * Checks other modules add to commands sent through the API, on what the engine does not see (documents: a
 * supplied material has an uploaded file). They run before the command and change nothing.
 */
@Injectable()
export class EventGates {
  private readonly gates: EventGate[] = [];

  add(gate: EventGate): void {
    this.gates.push(gate);
  }

  async check(command: GatedCommand): Promise<void> {
    for (const gate of this.gates) await gate(command);
  }
}
