export * from './types';
export { suizhouHighTechZoneCatalog } from './suizhou-high-tech-zone';
export { suizhouHighTechZoneCatalogV2 } from './suizhou-high-tech-zone-v2';
import type { Catalog, CatalogItem, ProjectCondition, ProjectFlags } from './types';

export function catalogItem(catalog: Catalog, code: string): CatalogItem {
  const item = catalog.items.find((i) => i.code === code);
  if (!item) throw new Error(`unknown catalog item ${code}`);
  return item;
}

export function itemsOfStage(catalog: Catalog, stage: string): CatalogItem[] {
  return catalog.items.filter((i) => i.stage === stage);
}

export function departmentName(catalog: Catalog, code: string): string {
  return catalog.departments.find((d) => d.code === code)?.name ?? code;
}

export function certificateName(catalog: Catalog, code: string): string {
  return catalog.certificateTypes.find((c) => c.code === code)?.name ?? code;
}

/** Whether a catalog entry's condition holds for a project (no condition: always). */
export function appliesTo(condition: ProjectCondition | undefined, flags: ProjectFlags): boolean {
  if (!condition) return true;
  if (condition.industrial !== undefined && condition.industrial !== flags.industrial) return false;
  if (condition.specialConstruction !== undefined && condition.specialConstruction !== flags.specialConstruction) {
    return false;
  }
  if (condition.civilDefense && !condition.civilDefense.includes(flags.civilDefense)) return false;
  return true;
}

/** The catalog items a project goes through, with dependencies on items it does not have dropped. */
export function itemsForProject(catalog: Catalog, flags: ProjectFlags): CatalogItem[] {
  const items = catalog.items.filter((i) => appliesTo(i.appliesWhen, flags));
  const codes = new Set(items.map((i) => i.code));
  return items.map((i) => ({
    ...i,
    dependsOn: i.dependsOn.filter((d) => codes.has(d)),
    materials: i.materials.filter((m) => appliesTo(m.appliesWhen, flags)),
  }));
}

/** Flags of a project filed before they were recorded: what catalog v1 assumed of every project. */
export const LEGACY_PROJECT_FLAGS: ProjectFlags = {
  industrial: false,
  specialConstruction: true,
  civilDefense: 'shelter',
};
