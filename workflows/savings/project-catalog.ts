/**
 * The catalog one project's savings are computed on: the catalog its case version was built from, narrowed to
 * the items and acceptance items its flags choose — the selection project-case v3 makes (itemsForProject), so
 * a review the project does not owe (人防 for an exempt plant, the fire design review for other than 特殊建设工程)
 * is in neither timeline.
 */
import { appliesTo, itemsForProject } from '../catalog';
import type { Catalog, ProjectFlags } from '../catalog/types';

export function catalogForProject(catalog: Catalog, flags: ProjectFlags | undefined): Catalog {
  if (!flags) return catalog; // v1/v2 cases: catalog v1 assumed every item of every project.
  return {
    ...catalog,
    items: itemsForProject(catalog, flags),
    acceptanceItems: catalog.acceptanceItems.filter((a) => appliesTo(a.appliesWhen, flags)),
  };
}
