/**
 * 随州高新区 catalog, version 2: the second-round corrections of DOMAIN.md ("Catalog corrections"). Version 1
 * (suizhou-high-tech-zone.ts) stays exactly as released so the definitions built from it keep replaying.
 *
 * What changed, and why:
 * - fire design review and fire acceptance belong to 住房和城乡建设 (住建部令第51号) and only 特殊建设工程 need
 *   them; other works file 消防验收备案 after acceptance;
 * - 人防 has three outcomes: a shelter (design review, 人防 acceptance), the 易地建设费 paid (its receipt is a core
 *   material of the construction permit) or exempt (industrial production buildings); paid or exempt projects
 *   have no 人防 review to wait for;
 * - every item carries its statutory limit beside the promised one; the construction permit: 7 statutory
 *   (建筑法 art. 8), 3 promised, and it may be granted on 告知承诺;
 * - tolerance lists: 契税完税凭证 and 建设资金落实承诺书 are core; 地籍调查表/宗地图 come from the land-supply
 *   file, not from the enterprise; 监理合同 is not a construction-permit condition;
 * - dependencies: the construction permit depends on the drawing review and on the fire and 人防 reviews where
 *   they apply; the drawing review (with the fire and 人防 design reviews merged into it) follows the
 *   design-plan review, not the planning permit, and opens as soon as the design plan is approved, so both
 *   permits can be issued on one day;
 * - acceptance adds 竣工验收备案 and 土地核验;
 * - 六证联发 for industrial projects only, 四证联发 for the others.
 * Limits not set by a statute found are this project's choice (data a zone overrides).
 *
 * Written as version 1 plus these corrections; the data it builds is frozen in __frozen__/ and checked by
 * suizhou-high-tech-zone-v2.spec.ts (definitions released on it must keep replaying).
 */
import type { TimeUnit } from '../contract';
import type { Catalog } from './types';
import { suizhouHighTechZoneCatalog as v1 } from './suizhou-high-tech-zone';
import { coreMaterial, correctAcceptanceItems, correctItems, materials } from './corrections';

const workingDays = (amount: number): { amount: number; unit: TimeUnit } => ({ amount, unit: 'workingDays' });
/** The drawing review and the fire and 人防 design reviews open together once the design plan is approved. */
const afterDesignPlan = { dependsOn: ['designPlanReview'], opensEarly: true };
const noTolerance = { toleranceMode: null, toleranceSupplementDays: 0 };

export const suizhouHighTechZoneCatalogV2: Catalog = {
  ...v1,
  version: 2,
  items: correctItems(v1.items, {
    projectFiling: { statutoryLimit: workingDays(3) },
    landTitleRegistration: {
      // 不动产登记暂行条例 art. 20.
      statutoryLimit: workingDays(30),
      materials: materials.all(materials.core('deedTaxReceipt'), materials.drop('cadastralSurvey')),
      ...noTolerance,
    },
    // 行政许可法 art. 42.
    landUsePlanningPermit: { statutoryLimit: workingDays(20) },
    designPlanReview: { statutoryLimit: workingDays(20) },
    engineeringPlanningPermit: { statutoryLimit: workingDays(20) },
    constructionDrawingReview: { statutoryLimit: workingDays(20), ...afterDesignPlan },
    fireDesignReview: {
      name: '特殊建设工程消防设计审查',
      department: 'housing',
      // 建设工程消防设计审查验收管理暂行规定 (住建部令第51号) art. 21: 15 working days.
      statutoryLimit: workingDays(15),
      appliesWhen: { specialConstruction: true },
      ...afterDesignPlan,
    },
    civilDefenseDesignReview: {
      name: '人防工程设计审查',
      statutoryLimit: workingDays(20),
      appliesWhen: { civilDefense: ['shelter'] },
      // The 易地建设费 receipt belongs to the construction permit of projects that pay it.
      materials: materials.drop('civilDefenseFeeReceipt'),
      ...noTolerance,
      ...afterDesignPlan,
    },
    constructionPermit: {
      promisedLimit: workingDays(3),
      // 建筑法 art. 8: within 7 days of a complete application (counted here as working days).
      statutoryLimit: workingDays(7),
      materials: materials.all(
        materials.drop('supervisionContract'),
        materials.core('fundsCommitment'),
        materials.add(
          coreMaterial('civilDefenseFeeReceipt', '人防易地建设费缴纳凭证', '复印件', { civilDefense: ['feePaid'] }),
        ),
      ),
      ...noTolerance,
      // As Wuhan, Guangzhou and Shenzhen do; Suizhou's catalog ships it allowed.
      notifyCommitAllowed: true,
      dependsOn: ['constructionDrawingReview', 'fireDesignReview', 'civilDefenseDesignReview'],
    },
  }),
  jointIssuanceByProject: { industrial: v1.bundles[2], other: v1.bundles[1] },
  acceptanceItems: correctAcceptanceItems(
    v1.acceptanceItems,
    {
      fireAcceptance: {
        name: '特殊建设工程消防验收',
        department: 'housing',
        appliesWhen: { specialConstruction: true },
      },
      civilDefenseAcceptance: { appliesWhen: { civilDefense: ['shelter'] } },
    },
    [
      { after: 'planningVerification', item: { code: 'landVerification', name: '土地核验', department: 'planning' } },
      {
        after: 'fireAcceptance',
        item: {
          code: 'fireAcceptanceFiling',
          name: '消防验收备案',
          department: 'housing',
          appliesWhen: { specialConstruction: false },
        },
      },
      // Filed within 15 days after the joint acceptance (房屋建筑和市政基础设施工程竣工验收备案管理办法 art. 4).
      { after: 'qualityAcceptance', item: { code: 'completionFiling', name: '竣工验收备案', department: 'housing' } },
    ],
  ),
};
