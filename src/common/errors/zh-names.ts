/**
 * Codes inside a Chinese message replaced by the names people know: a rule that lists what is missing may name
 * items, materials, certificates or departments by code (施工图联合审查未全部通过：fireDesignReview); people read
 * 消防设计审查. Built from every released catalog.
 */
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2, type Catalog } from '../../../workflows/catalog';

function namesOf(catalogs: Catalog[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of catalogs) {
    for (const d of c.departments) names.set(d.code, d.name);
    for (const t of c.certificateTypes) names.set(t.code, t.name);
    for (const a of c.acceptanceItems) names.set(a.code, a.name);
    for (const i of c.items) {
      names.set(i.code, i.name);
      for (const m of i.materials) names.set(m.code, m.name);
    }
  }
  return names;
}

const NAMES = namesOf([suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2]);

/** `text` with every catalog code in it (a whole identifier) replaced by its name. */
export function nameCodes(text: string, names: ReadonlyMap<string, string> = NAMES): string {
  return text.replace(/(?<![A-Za-z0-9_:-])[a-z][A-Za-z0-9]*(?![A-Za-z0-9_:-])/g, (token) => names.get(token) ?? token);
}
