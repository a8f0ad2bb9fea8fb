/**
 * 容缺受理 eligibility, shared by the approval item (when the applicant asks) and the commitment (when the
 * department accepts): core materials complete, every missing material on the item's tolerance list
 * (容缺清单), the applicant not barred by an unrepaired breach, the commitment letter (承诺书) signed.
 */
import type { CreditBarRecord, Facts } from '../contract';
import { beijingDate } from '../core/time';
import { rule } from '../core/define';
import type { Material, ToleranceMode } from '../catalog/types';

export interface ToleranceSubject {
  itemName: string;
  toleranceMode: ToleranceMode | null;
  materials: Material[];
  submittedMaterials: string[];
}

/** Why the applicant is barred from 容缺, naming the record and until when when the facts carry it. */
export function toleranceBarMessage(by: CreditBarRecord | null | undefined): string {
  if (by?.kind === 'notifyCommitment' && by.until) {
    return rule(
      `申请人有未修复的告知承诺失信记录（${by.reason}，${beijingDate(by.recordedAt)}记录），${beijingDate(by.until)}前不得适用容缺受理`,
      `an unrepaired 告知承诺 record bars tolerance until ${by.until}`,
    );
  }
  if (by) {
    return rule(
      `申请人有未修复的容缺失信记录（${by.reason}，${beijingDate(by.recordedAt)}记录），信用修复前不得适用容缺受理`,
      'the applicant has an unrepaired tolerance breach on record',
    );
  }
  // Facts stamped before they named the record.
  return rule(
    '申请人有未修复的容缺失信记录，不得适用容缺受理',
    'the applicant has an unrepaired tolerance breach on record',
  );
}

export function missingMaterials(subject: Pick<ToleranceSubject, 'materials' | 'submittedMaterials'>): Material[] {
  return subject.materials.filter((m) => !subject.submittedMaterials.includes(m.code));
}

export function toleranceIneligibility(
  subject: ToleranceSubject,
  commitmentLetterSigned: boolean,
  facts: Facts | undefined,
): string[] {
  const reasons: string[] = [];
  if (subject.toleranceMode === null) {
    reasons.push(rule(`「${subject.itemName}」不在容缺受理事项范围`, 'this item does not offer tolerance acceptance'));
  }
  const missing = missingMaterials(subject);
  if (missing.length === 0) {
    reasons.push(rule('材料齐全，无需容缺受理', 'no material is missing; tolerance is not needed'));
  }
  const coreMissing = missing.filter((m) => m.core);
  if (coreMissing.length > 0) {
    reasons.push(
      rule(
        `核心材料不全：${coreMissing.map((m) => m.name).join('、')}`,
        `core materials missing: ${coreMissing.map((m) => m.code).join(', ')}`,
      ),
    );
  }
  const notTolerable = missing.filter((m) => !m.core && !m.tolerable);
  if (notTolerable.length > 0) {
    reasons.push(
      rule(
        `以下材料不在容缺清单内：${notTolerable.map((m) => m.name).join('、')}`,
        `not on the tolerance list: ${notTolerable.map((m) => m.code).join(', ')}`,
      ),
    );
  }
  if (facts?.enterprise?.toleranceBarred) reasons.push(toleranceBarMessage(facts.enterprise.toleranceBarredBy));
  if (!commitmentLetterSigned) {
    reasons.push(rule('未签署容缺受理承诺书', 'the commitment letter (承诺书) is not signed'));
  }
  return reasons;
}
