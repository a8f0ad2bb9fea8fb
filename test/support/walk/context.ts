import type { Http } from '../../projects-support';
import type { People } from './people';
import type { Prng } from './prng';

/** One broken rule, with what replays it: the seed and step, who acted, what was sent and what came back. */
export interface Violation {
  /**
   * 1 offered means accepted · 2 list row agrees with the page · 3 the whole-process clock · 4 history verifies,
   * what people read is Chinese · 5 no dead end · 6 every 待办 row is actionable · 7 everyone who sees the project
   * sees the same · 8 zone and problem lists agree with detail pages (and their 仅看逾期 with 逾期).
   */
  invariant: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  /** What went wrong, in a word that stays the same from step to step (a project reports each kind once). */
  kind: string;
  seed: number;
  step: number;
  actor: string;
  action: string;
  detail: string;
  response?: unknown;
}

// An HTTP body, before the walk reads it as one of api-shapes.
export type Res = { status: number; body: any };

/** What a walk lends its helpers: its people, its dice, and its way of calling and of reporting. */
export interface WalkContext {
  readonly rng: Prng;
  readonly u: Record<string, Http>;
  readonly people: People;
  readonly projectId: string;
  /** Requests as a walk actor ('enterprise' is the walk's enterprise user). */
  as(actor: string): Http;
  /** A PUT as a walk actor (Http has none). */
  put(actor: string, url: string, body: object): PromiseLike<Res>;
  /** A request whose 5xx (and 4xx not in Chinese) is a violation whatever it was. */
  call(actor: string, action: string, req: PromiseLike<Res>): Promise<Res>;
  violate(v: Omit<Violation, 'seed' | 'step'>): void;
  note(line: string): void;
}
