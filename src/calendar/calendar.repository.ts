import { clockRunsSql } from './halted-clock';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlineSpec } from '../../workflows/contract';
import type { CalendarYear, TimerAt } from '../../workflows/calendar';

export interface StoredTimerDeadline {
  id: string;
  deadline: DeadlineSpec;
  at: TimerAt;
  due_at: Date;
  /** created_at as text: microseconds, which a Date would lose */
  created: string;
}

export interface StoredInstanceDeadline {
  id: string;
  seq: number;
  deadline: DeadlineSpec;
  due_at: Date | null;
  warn_at: Date | null;
}

/**
 * SQL of the working-day calendar: the years an admin loaded (calendar_year), the calendar the stored instants were
 * last computed with (calendar_applied), and those instants themselves (timers' and instances' due/warning times).
 */
@Injectable()
export class CalendarRepository {
  /** The loaded years, oldest first. */
  loadedYears(m: EntityManager): Promise<{ year: number; data: CalendarYear }[]> {
    return m.query('SELECT year, data FROM calendar_year ORDER BY year');
  }

  /** Stores a year's arrangement, replacing an earlier upload of the same year. */
  async saveYear(m: EntityManager, data: CalendarYear, loadedBy: string): Promise<void> {
    await m.query(
      `INSERT INTO calendar_year (year, data, loaded_by) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
      [data.year, JSON.stringify(data), loadedBy],
    );
  }

  /** The signature of the calendar the stored instants were last computed with; null if never recorded. */
  async appliedSignature(m: EntityManager): Promise<string | null> {
    const [row] = await m.query('SELECT signature FROM calendar_applied WHERE id = 1');
    return row?.signature ?? null;
  }

  async recordApplied(m: EntityManager, signature: string): Promise<void> {
    await m.query(
      `INSERT INTO calendar_applied (id, signature) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET signature = EXCLUDED.signature, applied_at = now()`,
      [signature],
    );
  }

  /** The next `limit` pending timers (not being retried) due from `from` on, with an id above `after`. */
  pendingTimerDeadlines(m: EntityManager, after: string, limit: number, from: string): Promise<StoredTimerDeadline[]> {
    return m.query(
      `SELECT id, deadline, at, due_at, created_at::text AS created FROM workflow_timer
        WHERE status = 'pending' AND attempts = 0 AND deadline IS NOT NULL AND at IS NOT NULL
          AND due_at >= $3 AND id > $1
        ORDER BY id LIMIT $2`,
      [after, limit, from],
    );
  }

  /** Moves timers to their new due instants where each is still as read; how many moved. */
  async moveTimers(
    m: EntityManager,
    moves: { ids: string[]; dues: string[]; olds: Date[]; written: string[] },
  ): Promise<number> {
    const [, n] = await m.query(
      `UPDATE workflow_timer t SET due_at = u.due
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS u(id, due, old, written)
        -- still as read: not fired, retried or written again (a new schedule of the key sets created_at)
        WHERE t.id = u.id AND t.status = 'pending' AND t.attempts = 0 AND t.due_at = u.old AND t.created_at = u.written`,
      [moves.ids, moves.dues, moves.olds, moves.written],
    );
    return n;
  }

  /** The next `limit` active instances with a deadline due from `from` on (or not due), with an id above `after`. */
  activeInstanceDeadlines(
    m: EntityManager,
    after: string,
    limit: number,
    from: string,
  ): Promise<StoredInstanceDeadline[]> {
    return m.query(
      `SELECT id, seq, deadline, due_at, warn_at FROM workflow_instance
        WHERE status = 'active' AND deadline IS NOT NULL AND ${clockRunsSql()} AND (due_at >= $3 OR due_at IS NULL)
          AND id > $1
        ORDER BY id LIMIT $2`,
      [after, limit, from],
    );
  }

  /** Sets instances' due and warning instants where each is still at the seq read; how many changed. */
  async moveInstances(
    m: EntityManager,
    changed: { id: string; seq: number; due: string | null; warn: string | null }[],
  ): Promise<number> {
    const [, n] = await m.query(
      `UPDATE workflow_instance i SET due_at = u.due, warn_at = u.warn
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS u(id, seq, due, warn)
        WHERE i.id = u.id AND i.seq = u.seq`,
      [changed.map((c) => c.id), changed.map((c) => c.seq), changed.map((c) => c.due), changed.map((c) => c.warn)],
    );
    return n;
  }
}
