/** project-case v10: v9 with ended items off itemsWithEnterprise (v10/ended-item.ts); the migration v9 → v10. */
import { actors } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { isPaused } from '../../core/time';
import { V9_CHILD_VERSIONS } from '../../protocol';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, planning, T } from '../project-case.fixtures';

const CORRECTION_AT = '2026-03-03T01:00:00.000Z';
const CLOSED_AT = '2026-03-05T01:00:00.000Z';
const MIGRATED_AT = '2026-03-06T01:00:00.000Z';
const REAPPLIED_AT = '2026-03-10T01:00:00.000Z';

describe('project-case v10', () => {
  // v11 is the latest since (v11/project-case-v11.spec.ts); v10 stays registered for the cases on it.
  it('is registered', () => {
    expect(registry.getDefinition('project-case', 10)).toBeDefined();
  });

  it('starts its children as v9 (V9_CHILD_VERSIONS)', () => {
    const { h, id } = industrialProject(10, { name: '十版项目', at: T, practices: { foundationFirst: true } });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(h, id, key, dept, T);
    expect(h.at(id, 'foundation').definitionVersion).toBe(V9_CHILD_VERSIONS.foundationPermit);
    const items = Object.keys(h.get(id).children).filter((k) => k.startsWith('item:'));
    for (const key of items) expect(h.at(id, key).definitionVersion).toBe(V9_CHILD_VERSIONS.approvalItem);
  });

  describe('migration v9 → v10', () => {
    const migration = () => registry.getMigration('project-case', 9, 10)!;

    it('moves a case with nothing stale as it is', () => {
      const { h, id } = industrialProject(9, { name: '九版项目', at: T });
      const snapshot = h.get(id).snapshot;
      expect(migration().migrate(snapshot)).toEqual({ ok: true, snapshot });
    });

    /** A v9 case whose 用地 title was closed in 补正 (the code stays listed); `open` items in 补正 beside it. */
    function staleV9() {
      const { h, id } = industrialProject(9, { name: '九版撤回项目', at: T });
      approveItem(h, id, 'item:projectFiling', 'development', T);
      const title = acceptItem(h, id, 'item:landTitleRegistration', 'planning', T);
      const use = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
      for (const [item, material] of [
        [title, 'deedTaxReceipt'],
        [use, 'siteRedLine'],
      ]) {
        must(h.send(item, 'REQUEST_CORRECTION', planning, CORRECTION_AT, { missingMaterials: [material] }));
      }
      must(h.send(title, 'RECALL', actors.clerk('window'), CLOSED_AT, { reason: '申请材料与实际不符' }));
      return { h, id, ctx: () => h.context<ProjectCaseContext>(id) };
    }

    it('drops the codes of items that are not open and keeps an open item in 补正', () => {
      const { h, id } = staleV9();
      const snapshot = h.get(id).snapshot;
      expect(snapshot.context.itemsWithEnterprise).toEqual(['landTitleRegistration', 'landUsePlanningPermit']);
      const out = migration().migrate(snapshot);
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(out.snapshot.context.itemsWithEnterprise).toEqual(['landUsePlanningPermit']);
      // Nothing else changes.
      expect({ ...out.snapshot.context, itemsWithEnterprise: null }).toEqual({
        ...snapshot.context,
        itemsWithEnterprise: null,
      });
      expect(out.snapshot.value).toEqual(snapshot.value);
    });

    it('a moved case: the re-applied item is with the window, so the clock runs (the other item still in 补正)', () => {
      const { h, id, ctx } = staleV9();
      expect(h.migrate(id, 10, actors.admin, MIGRATED_AT)).toEqual({ ok: true });
      must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED_AT, { itemCode: 'landTitleRegistration' }));
      expect(ctx().itemsWithEnterprise).toEqual(['landUsePlanningPermit']);
      expect(isPaused(ctx().wholeProcess)).toBe(false);
      expect(ctx().clockPauses!.at(-1)).toMatchObject({ to: REAPPLIED_AT });
    });

    it('on v9 the same re-application leaves the clock standing on 企业补正 (the stale entry the migration drops)', () => {
      const { h, id, ctx } = staleV9();
      must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED_AT, { itemCode: 'landTitleRegistration' }));
      expect(ctx().itemsWithEnterprise).toEqual(['landTitleRegistration', 'landUsePlanningPermit']);
      expect(isPaused(ctx().wholeProcess)).toBe(true);
      expect(ctx().clockPauses!.at(-1)).toEqual({ from: CORRECTION_AT, to: null, reason: 'correction' });
    });
  });
});
