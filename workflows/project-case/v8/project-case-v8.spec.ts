/** project-case v8: v7's machine and summary, starting the children of V8_CHILD_VERSIONS. */
import { approveItem } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { V8_CHILD_VERSIONS } from '../../protocol';
import { registry } from '../../registry';
import { T } from '../project-case.fixtures';

describe('project-case v8', () => {
  it('is the latest version', () => {
    expect(registry.latestVersion('project-case')).toBe(8);
  });

  it('starts its items and sections on the versions V8_CHILD_VERSIONS names', () => {
    const { h, id } = industrialProject(8, { name: '八版项目', at: T });
    const [[first]] = INDUSTRIAL_PERMIT_PATH;
    expect(h.at(id, first).definitionVersion).toBe(V8_CHILD_VERSIONS.approvalItem);
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) approveItem(h, id, key, dept, T);
    const items = Object.keys(h.get(id).children).filter((k) => k.startsWith('item:'));
    expect(items.length).toBeGreaterThan(3);
    for (const key of items) expect(h.at(id, key).definitionVersion).toBe(V8_CHILD_VERSIONS.approvalItem);
    const sections = Object.keys(h.get(id).children).filter((k) => k.startsWith('section:'));
    expect(sections.length).toBeGreaterThan(0);
    for (const key of sections) expect(h.at(id, key).definitionVersion).toBe(V8_CHILD_VERSIONS.acceptanceSection);
  });

  it('moves every v7 case as it is (the migration rewrites nothing)', () => {
    const { h, id } = industrialProject(7, { name: '七版项目', at: T });
    const migration = registry.migrations.find((m) => m.definitionId === 'project-case' && m.fromVersion === 7)!;
    expect(migration.toVersion).toBe(8);
    const snapshot = h.get(id).snapshot;
    expect(migration.migrate(snapshot)).toEqual({ ok: true, snapshot });
  });
});
