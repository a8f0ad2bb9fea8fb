import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlineSpec } from '../../workflows/contract';
import type { TimerAt } from '../../workflows/calendar';

export interface ClaimedTimer {
  id: string;
  instanceId: string;
  timerKey: string;
  dueAt: Date;
  event: { type: string; payload?: Record<string, unknown> };
  attempts: number;
  /** The deadline it was computed from and where on it it fires; null on timers that do not keep them. */
  deadline: DeadlineSpec | null;
  at: TimerAt | null;
}

@Injectable()
export class TimerRepository {
  /** Claims the next due timer; SKIP LOCKED lets any number of app processes share the work, each timer once. */
  async claimNext(m: EntityManager, now: Date): Promise<ClaimedTimer | null> {
    const rows = await m.query(
      `SELECT id, instance_id, timer_key, due_at, event, attempts, deadline, at FROM workflow_timer t
        WHERE status = 'pending' AND due_at <= $1
          -- one instance's timers fire in due order: not while an earlier one is pending (or being fired elsewhere)
          AND NOT EXISTS (SELECT 1 FROM workflow_timer e
                           WHERE e.instance_id = t.instance_id AND e.status = 'pending'
                             AND (e.due_at, e.id) < (t.due_at, t.id))
        ORDER BY due_at, id
        LIMIT 1
          FOR UPDATE SKIP LOCKED`,
      [now.toISOString()],
    );
    const r = rows[0];
    return r
      ? {
          id: String(r.id),
          instanceId: r.instance_id,
          timerKey: r.timer_key,
          dueAt: r.due_at,
          event: r.event,
          attempts: r.attempts,
          deadline: r.deadline,
          at: r.at,
        }
      : null;
  }

  /** A claimed timer that is not due yet by the calendar in force: it waits until `dueAt`. */
  async postpone(m: EntityManager, id: string, dueAt: string): Promise<void> {
    await m.query(`UPDATE workflow_timer SET due_at = $2 WHERE id = $1 AND status = 'pending'`, [id, dueAt]);
  }

  async markFired(m: EntityManager, id: string, at: Date, outcome: string): Promise<void> {
    await m.query(`UPDATE workflow_timer SET status = 'fired', fired_at = $2, outcome = $3 WHERE id = $1`, [
      id,
      at.toISOString(),
      outcome,
    ]);
  }

  /** Records a failed attempt outside the rolled-back transaction; gives up after `maxAttempts`. */
  async recordFailure(m: EntityManager, id: string, error: string, maxAttempts: number): Promise<void> {
    await m.query(
      `UPDATE workflow_timer
          SET attempts = attempts + 1, outcome = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END,
              due_at = CASE WHEN attempts + 1 >= $3 THEN due_at ELSE due_at + make_interval(secs => 5 * (attempts + 1)) END
        WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 500), maxAttempts],
    );
  }

  async countDue(m: EntityManager, now: Date): Promise<number> {
    const rows = await m.query(
      `SELECT count(*)::int AS n FROM workflow_timer WHERE status = 'pending' AND due_at <= $1`,
      [now.toISOString()],
    );
    return rows[0].n;
  }
}
