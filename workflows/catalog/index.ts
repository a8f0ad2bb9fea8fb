export * from './types';
export { suizhouHighTechZoneCatalog } from './suizhou-high-tech-zone';
import type { Catalog, CatalogItem } from './types';

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
