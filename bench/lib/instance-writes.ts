import { withClient } from './db';

/**
 * What the writes of workflow_instance cost its indexes, read off PostgreSQL's own counters: row updates and how
 * many of them were HOT (heap-only: no index touched, because no indexed column nor a column of an index predicate
 * changed and the page had room), and the size of the table and of each of its indexes. An index whose key or
 * predicate names a column most events change makes those updates non-HOT; it shows here as a lower HOT ratio and
 * indexes that grow faster than the rows do.
 */
export interface InstanceWrites {
  updates: number;
  hotUpdates: number;
  tableBytes: number;
  indexes: { name: string; bytes: number }[];
}

export function instanceWrites(url: string): Promise<InstanceWrites> {
  return withClient(url, async (c) => {
    const t = await c.query<{ upd: string; hot: string; bytes: string }>(
      `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot, pg_relation_size(relid) AS bytes
         FROM pg_stat_user_tables WHERE relname = 'workflow_instance'`,
    );
    const ix = await c.query<{ name: string; bytes: string }>(
      `SELECT indexrelname AS name, pg_relation_size(indexrelid) AS bytes
         FROM pg_stat_user_indexes WHERE relname = 'workflow_instance' ORDER BY indexrelname`,
    );
    return {
      updates: Number(t.rows[0].upd),
      hotUpdates: Number(t.rows[0].hot),
      tableBytes: Number(t.rows[0].bytes),
      indexes: ix.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) })),
    };
  });
}

/**
 * A backend reports its counters when it goes idle, at most once a second; one that went idle within that second
 * reports after PostgreSQL's idle interval (10 s). Waited out before a reading, so that it holds every write so far.
 */
export const STATS_SETTLE_MS = 11_000;

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;

/**
 * The builds side by side (a markdown table): each one's updates between its two readings and the HOT share of
 * them, then the heap's and each index's size at both readings (after the setup → after the rounds).
 */
export function writesTable(builds: { label: string; before: InstanceWrites; after: InstanceWrites }[]): string {
  const names = [...new Set(builds.flatMap((b) => b.after.indexes.map((ix) => ix.name)))].sort();
  const size = (w: InstanceWrites, name: string) => w.indexes.find((ix) => ix.name === name)?.bytes;
  const grew = (was: number | undefined, is: number | undefined) =>
    was === undefined || is === undefined ? (is === undefined ? '–' : `new, ${kib(is)}`) : `${kib(was)} → ${kib(is)}`;
  const rows: string[][] = [
    [
      'workflow_instance updates',
      ...builds.map(({ before, after }) => {
        const updates = after.updates - before.updates;
        const hot = after.hotUpdates - before.hotUpdates;
        return `${updates}, ${hot} HOT (${updates ? ((100 * hot) / updates).toFixed(1) : '–'} %)`;
      }),
    ],
    ['heap', ...builds.map(({ before, after }) => grew(before.tableBytes, after.tableBytes))],
    ...names.map((name) => [name, ...builds.map(({ before, after }) => grew(size(before, name), size(after, name)))]),
  ];
  return [
    `| between the readings | ${builds.map((b) => b.label).join(' | ')} |`,
    `|---|${builds.map(() => '---|').join('')}`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
