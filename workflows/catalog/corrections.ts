/**
 * A catalog version written as its predecessor plus corrections: each correction names what changes and why,
 * the rest is the predecessor's. The result keeps the catalog's field order, so the data it builds is the same
 * JSON however it was written (snapshots and hashes compare JSON).
 */
import type { AcceptanceItem, CatalogItem, Material, ProjectCondition } from './types';

/** What a correction may change of an item; its materials by a function of the predecessor's. */
export type ItemCorrection = Partial<Omit<CatalogItem, 'code' | 'materials'>> & {
  materials?: (materials: Material[]) => Material[];
};

/** The item with the correction applied, in the catalog's field order. */
export function correctItem(item: CatalogItem, correction: ItemCorrection): CatalogItem {
  const { materials: correctMaterials, ...fields } = correction;
  const m: CatalogItem = {
    ...item,
    ...fields,
    materials: correctMaterials ? correctMaterials(item.materials) : item.materials,
  };
  return {
    code: m.code,
    name: m.name,
    stage: m.stage,
    department: m.department,
    promisedLimit: m.promisedLimit,
    ...(m.statutoryLimit !== undefined ? { statutoryLimit: m.statutoryLimit } : {}),
    ...(m.appliesWhen !== undefined ? { appliesWhen: m.appliesWhen } : {}),
    materials: m.materials,
    toleranceMode: m.toleranceMode,
    toleranceSupplementDays: m.toleranceSupplementDays,
    notifyCommitAllowed: m.notifyCommitAllowed,
    certificate: m.certificate,
    dependsOn: m.dependsOn,
    ...(m.opensEarly !== undefined ? { opensEarly: m.opensEarly } : {}),
    required: m.required,
  };
}

/** Every item corrected by its entry in `corrections` (items without one stay as they are). */
export function correctItems(items: CatalogItem[], corrections: Record<string, ItemCorrection>): CatalogItem[] {
  const unknown = Object.keys(corrections).filter((code) => !items.some((i) => i.code === code));
  if (unknown.length) throw new Error(`corrections for unknown catalog items: ${unknown.join(', ')}`);
  return items.map((item) => (corrections[item.code] ? correctItem(item, corrections[item.code]) : item));
}

/** Material list corrections, composed left to right. */
export const materials = {
  /** Each step in turn. */
  all:
    (...steps: ((list: Material[]) => Material[])[]) =>
    (list: Material[]): Material[] =>
      steps.reduce((acc, step) => step(acc), list),
  /** The named materials become core: always required, off the tolerance list. */
  core:
    (...codes: string[]) =>
    (list: Material[]): Material[] =>
      list.map((m) => (codes.includes(m.code) ? { ...m, core: true, tolerable: false } : m)),
  /** The named materials are no longer asked for. */
  drop:
    (...codes: string[]) =>
    (list: Material[]): Material[] =>
      list.filter((m) => !codes.includes(m.code)),
  /** Materials added at the end. */
  add:
    (...added: Material[]) =>
    (list: Material[]): Material[] => [...list, ...added],
};

/** A core material (always required, not tolerable), asked only where `appliesWhen` holds when given. */
export function coreMaterial(code: string, name: string, form: string, appliesWhen?: ProjectCondition): Material {
  return { code, name, core: true, tolerable: false, form, ...(appliesWhen ? { appliesWhen } : {}) };
}

/** Acceptance items corrected by code, with new ones inserted after the item named by `after`. */
export function correctAcceptanceItems(
  items: AcceptanceItem[],
  corrections: Record<string, Partial<Omit<AcceptanceItem, 'code'>>>,
  insertions: { after: string; item: AcceptanceItem }[],
): AcceptanceItem[] {
  const corrected = items.map((a) => {
    const c = corrections[a.code];
    if (!c) return a;
    const m = { ...a, ...c };
    return {
      code: m.code,
      name: m.name,
      department: m.department,
      ...(m.appliesWhen !== undefined ? { appliesWhen: m.appliesWhen } : {}),
    };
  });
  for (const { after, item } of insertions) {
    const at = corrected.findIndex((a) => a.code === after);
    if (at < 0) throw new Error(`no acceptance item ${after} to insert ${item.code} after`);
    corrected.splice(at + 1, 0, item);
  }
  return corrected;
}
