/** project-case v9: v8 starting its foundation permit on foundation-permit v6 (V9_CHILD_VERSIONS). */
import { approveItem } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { V9_CHILD_VERSIONS } from '../../protocol';
import { registry } from '../../registry';
import { T } from '../project-case.fixtures';

describe('project-case v9', () => {
  // v10 is the latest since (v10/project-case-v10.spec.ts); v9 stays registered for the cases on it.
  it('is registered', () => {
    expect(registry.getDefinition('project-case', 9)).toBeDefined();
  });

  it('starts its items and sections as v8 and its foundation permit on V9_CHILD_VERSIONS.foundationPermit', () => {
    const { h, id } = industrialProject(9, { name: '九版项目', at: T, practices: { foundationFirst: true } });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(h, id, key, dept, T);
    expect(h.at(id, 'foundation').definitionVersion).toBe(V9_CHILD_VERSIONS.foundationPermit);
    const items = Object.keys(h.get(id).children).filter((k) => k.startsWith('item:'));
    for (const key of items) expect(h.at(id, key).definitionVersion).toBe(V9_CHILD_VERSIONS.approvalItem);
  });

  it('moves every v8 case as it is (the migration rewrites nothing)', () => {
    const { h, id } = industrialProject(8, { name: '八版项目', at: T });
    const migration = registry.getMigration('project-case', 8, 9)!;
    const snapshot = h.get(id).snapshot;
    expect(migration.migrate(snapshot)).toEqual({ ok: true, snapshot });
  });
});
