import { writesTable, type InstanceWrites } from './instance-writes';

const reading = (updates: number, hot: number, indexes: [string, number][]): InstanceWrites => ({
  updates,
  hotUpdates: hot,
  tableBytes: 8192 * (updates + 1),
  indexes: indexes.map(([name, bytes]) => ({ name, bytes })),
});

describe('the clerk loop’s write cost (bench:ab)', () => {
  it('counts the updates and HOT updates between the readings, and gives each index’s sizes at both', () => {
    const table = writesTable([
      {
        label: 'A',
        before: reading(100, 40, [['ix_q', 16384]]),
        after: reading(300, 90, [['ix_q', 65536]]),
      },
      {
        label: 'B',
        before: reading(100, 40, [['ix_q', 16384]]),
        after: reading(300, 240, [
          ['ix_q', 16384],
          ['ix_new', 8192],
        ]),
      },
    ]).split('\n');
    expect(table[0]).toBe('| between the readings | A | B |');
    expect(table[2]).toBe('| workflow_instance updates | 200, 50 HOT (25.0 %) | 200, 200 HOT (100.0 %) |');
    // indexes by name; one the other build has not is new in it, and missing (–) in the other
    expect(table.slice(4)).toEqual(['| ix_new | – | new, 8 KiB |', '| ix_q | 16 KiB → 64 KiB | 16 KiB → 16 KiB |']);
  });

  it('says – for the HOT share when there was no update', () => {
    const same = reading(5, 5, []);
    expect(writesTable([{ label: 'A', before: same, after: same }])).toContain('| 0, 0 HOT (– %) |');
  });
});
