import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Audience, WrittenEvent } from './notification-rules';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  link: string;
  projectId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** SQL of 站内消息: the outbox, recipients, the messages themselves. */
@Injectable()
export class NotificationsRepository {
  /** Whether a dispatcher pass has anything to do: an outbox entry, or a message not yet delivered. One read. */
  async hasWork(m: EntityManager): Promise<boolean> {
    const [{ work }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM notification_outbox)
              OR EXISTS (SELECT 1 FROM notification WHERE delivered_at IS NULL) AS work`,
    );
    return work === true;
  }

  /** Claims up to `limit` outbox entries with their events (others skip them), oldest first. */
  async claim(m: EntityManager, limit: number): Promise<WrittenEvent[]> {
    const rows = await m.query(
      `WITH o AS (SELECT instance_id, seq FROM notification_outbox ORDER BY created_at, instance_id, seq
                   LIMIT $1 FOR UPDATE SKIP LOCKED)
       SELECT o.instance_id, o.seq, e.type, e.actor_id, i.definition_id, i.snapshot->'context' AS context,
              i.department_queue, i.acting_departments, p.id AS project_id, p.name AS project_name, p.enterprise_id,
              coalesce(t.key_project, false) AS key_project, t.leader_user_id
         FROM o JOIN workflow_event e ON e.instance_id = o.instance_id AND e.seq = o.seq
         JOIN workflow_instance i ON i.id = o.instance_id
         JOIN project p ON p.id = i.project_id
         LEFT JOIN project_team t ON t.project_id = p.id`,
      [limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      instanceId: r.instance_id as string,
      seq: r.seq as number,
      type: r.type as string,
      actorUserId: r.actor_id as string,
      definitionId: r.definition_id as string,
      context: r.context as Record<string, unknown>,
      departmentQueue: (r.department_queue as string | null) ?? null,
      actingDepartments: (r.acting_departments as string[] | null) ?? [],
      project: {
        id: r.project_id as string,
        name: r.project_name as string,
        enterpriseId: r.enterprise_id as string,
        keyProject: r.key_project === true,
        leaderUserId: (r.leader_user_id as string | null) ?? null,
      },
    }));
  }

  async release(m: EntityManager, events: { instanceId: string; seq: number }[]): Promise<void> {
    await m.query(
      `DELETE FROM notification_outbox o USING unnest($1::uuid[], $2::int[]) AS d(instance_id, seq)
        WHERE o.instance_id = d.instance_id AND o.seq = d.seq`,
      [events.map((e) => e.instanceId), events.map((e) => e.seq)],
    );
  }

  /** The active accounts an audience reaches. */
  async recipients(m: EntityManager, a: Audience): Promise<string[]> {
    const [sql, param] =
      a.kind === 'enterprise'
        ? [`role = 'enterprise' AND enterprise_id = $1`, a.enterpriseId]
        : a.kind === 'department'
          ? [`role = 'clerk' AND department = $1`, a.department]
          : [`id = $1::uuid`, a.userId];
    const rows = await m.query(`SELECT id FROM app_user WHERE active AND ${sql}`, [param]);
    return rows.map((r: { id: string }) => r.id);
  }

  async insert(
    m: EntityManager,
    rows: {
      recipientId: string;
      kind: string;
      title: string;
      link: string;
      projectId: string;
      instanceId: string;
      seq: number;
    }[],
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      // Dated by its event (the service clock's time, the demo clock's in demo mode), not by the database's now().
      `INSERT INTO notification (recipient_id, kind, title, link, project_id, instance_id, seq, created_at)
       SELECT u.*, coalesce(e.occurred_at, now())
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::int[])
              AS u(recipient_id, kind, title, link, project_id, instance_id, seq)
         LEFT JOIN workflow_event e ON e.instance_id = u.instance_id AND e.seq = u.seq`,
      [
        rows.map((r) => r.recipientId),
        rows.map((r) => r.kind),
        rows.map((r) => r.title),
        rows.map((r) => r.link),
        rows.map((r) => r.projectId),
        rows.map((r) => r.instanceId),
        rows.map((r) => r.seq),
      ],
    );
  }

  /** Claims up to `limit` messages not yet handed to the outbound channel. */
  async claimUndelivered(m: EntityManager, limit: number) {
    return (
      await m.query(
        `SELECT id, recipient_id, title, link FROM notification WHERE delivered_at IS NULL ORDER BY id
          LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )
    ).map((r: Record<string, string>) => ({ id: r.id, recipientId: r.recipient_id, title: r.title, link: r.link }));
  }

  async markDelivered(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await m.query(`UPDATE notification SET delivered_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async list(
    m: EntityManager,
    recipientId: string,
    unreadOnly: boolean,
  ): Promise<{ items: NotificationRow[]; unread: number }> {
    const rows = await m.query(
      `SELECT id, kind, title, link, project_id, created_at, read_at FROM notification
        WHERE recipient_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''} ORDER BY created_at DESC, id DESC LIMIT 100`,
      [recipientId],
    );
    const [{ unread }] = await m.query(
      `SELECT count(*)::int AS unread FROM notification WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return {
      unread,
      items: rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        kind: r.kind as string,
        title: r.title as string,
        link: r.link as string,
        projectId: (r.project_id as string | null) ?? null,
        createdAt: r.created_at as Date,
        readAt: (r.read_at as Date | null) ?? null,
      })),
    };
  }

  /** Marks one's own message read; false when it is not one's own (or does not exist). */
  async markRead(m: EntityManager, recipientId: string, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = await m.query(
      `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2`,
      [id, recipientId],
    );
    return affected > 0;
  }
}
