import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The version of one whole-object edit form (a project's 作战图 or team, a user account, a holiday year): a
 * counter per (kind, key) that each write moves on, so a write based on an older read can be refused (If-Match).
 * One table rather than a column per row: a battle map is many rows, and a team or a calendar year may have no
 * row yet when it is first edited.
 */
@Entity('edit_version')
export class EditVersionEntity {
  @PrimaryColumn('text')
  kind: string;

  @PrimaryColumn('text')
  key: string;

  @Column('integer', { default: 0 })
  version: number;
}
