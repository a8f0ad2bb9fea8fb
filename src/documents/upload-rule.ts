/**
 * When a material may be uploaded to a case: the one statement of the rule, used by the upload route to refuse
 * and by the case view to offer (CaseView.upload), so that what the page offers the server accepts.
 */

/** What the rule reads of a case. */
export interface UploadTarget {
  /** An approval item with materials (a project case or a commitment has none of its own). */
  isItem: boolean;
  /** Finished (办结、不予受理、撤件、撤销…): its record is closed. */
  done: boolean;
}

/** What the case view serves: whether this caller may upload now, and if not, why (null: nothing to say). */
export interface UploadOffer {
  allowed: boolean;
  reason: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The rule's view of a case's context: an item carries its name and its materials. */
export function uploadTargetOf(context: Record<string, unknown>, done: boolean): UploadTarget {
  const item = context.item;
  return { isItem: isRecord(item) && typeof item.name === 'string' && Array.isArray(item.materials), done };
}

/** Why no material may be uploaded to the case now (Chinese, for people), or null when one may. */
export function uploadRefusal(target: UploadTarget): string | null {
  if (!target.isItem) return '该案件不是审批事项，不能上传材料';
  if (target.done) return '该事项已办结，不能再上传材料';
  return null;
}

/**
 * The offer for a caller: `mayUpload` is the caller's permission on the case (AccessPolicy). A caller who may
 * not upload anyway, or a case that is not an item, is told nothing; a finished item says why.
 */
export function uploadOffer(target: UploadTarget, mayUpload: boolean): UploadOffer {
  if (!mayUpload || !target.isItem) return { allowed: false, reason: null };
  const reason = uploadRefusal(target);
  return { allowed: reason === null, reason };
}
