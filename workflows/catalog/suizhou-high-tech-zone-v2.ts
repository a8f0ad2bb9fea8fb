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
 */
import type { Bundle, Catalog, Material } from './types';
import { suizhouHighTechZoneCatalog as v1 } from './suizhou-high-tech-zone';

const application: Material = { code: 'applicationForm', name: '申请表', core: true, tolerable: false, form: '原件' };
const businessLicense: Material = {
  code: 'businessLicense',
  name: '营业执照',
  core: true,
  tolerable: false,
  form: '复印件',
};
const core = (code: string, name: string, form: string): Material => ({
  code,
  name,
  core: true,
  tolerable: false,
  form,
});
const tolerable = (code: string, name: string, form: string): Material => ({
  code,
  name,
  core: false,
  tolerable: true,
  form,
});

const fourCertificates: Bundle = v1.bundles[1];
const sixCertificates: Bundle = v1.bundles[2];

export const suizhouHighTechZoneCatalogV2: Catalog = {
  ...v1,
  version: 2,
  items: [
    {
      code: 'projectFiling',
      name: '企业投资项目备案',
      stage: 'landPlanning',
      department: 'development',
      promisedLimit: { amount: 1, unit: 'workingDays' },
      statutoryLimit: { amount: 3, unit: 'workingDays' },
      materials: [application, businessLicense],
      toleranceMode: null,
      toleranceSupplementDays: 0,
      notifyCommitAllowed: false,
      certificate: null,
      dependsOn: [],
      required: true,
    },
    {
      code: 'landTitleRegistration',
      name: '国有建设用地使用权首次登记',
      stage: 'landPlanning',
      department: 'planning',
      promisedLimit: { amount: 5, unit: 'workingDays' },
      // 不动产登记暂行条例 art. 20.
      statutoryLimit: { amount: 30, unit: 'workingDays' },
      materials: [
        application,
        core('landGrantContract', '国有建设用地使用权出让合同', '原件'),
        core('landPriceReceipt', '土地出让价款缴纳凭证', '复印件'),
        core('deedTaxReceipt', '契税完税凭证', '复印件'),
      ],
      toleranceMode: null,
      toleranceSupplementDays: 0,
      notifyCommitAllowed: false,
      certificate: 'realEstateTitle',
      dependsOn: [],
      required: true,
    },
    {
      code: 'landUsePlanningPermit',
      name: '建设用地规划许可证核发',
      stage: 'landPlanning',
      department: 'planning',
      promisedLimit: { amount: 5, unit: 'workingDays' },
      // 行政许可法 art. 42.
      statutoryLimit: { amount: 20, unit: 'workingDays' },
      materials: [
        application,
        core('landGrantContract', '国有建设用地使用权出让合同', '复印件'),
        core('siteRedLine', '宗地红线图', '原件'),
        tolerable('projectFilingProof', '项目备案证明', '电子件'),
      ],
      toleranceMode: 'issueNow',
      toleranceSupplementDays: 5,
      notifyCommitAllowed: false,
      certificate: 'landUsePlanningPermit',
      dependsOn: ['projectFiling'],
      required: true,
    },
    {
      code: 'designPlanReview',
      name: '建设工程设计方案审查',
      stage: 'engineeringPermit',
      department: 'planning',
      promisedLimit: { amount: 10, unit: 'workingDays' },
      statutoryLimit: { amount: 20, unit: 'workingDays' },
      materials: [
        application,
        core('designPlanText', '设计方案文本', '原件'),
        core('sitePlan', '总平面图', '原件'),
        tolerable('energySavingChapter', '节能专篇', '电子件'),
      ],
      toleranceMode: 'issueNow',
      toleranceSupplementDays: 10,
      notifyCommitAllowed: false,
      certificate: 'designPlanApproval',
      dependsOn: ['landUsePlanningPermit'],
      required: true,
    },
    {
      code: 'engineeringPlanningPermit',
      name: '建设工程规划许可证核发',
      stage: 'engineeringPermit',
      department: 'planning',
      promisedLimit: { amount: 5, unit: 'workingDays' },
      statutoryLimit: { amount: 20, unit: 'workingDays' },
      materials: [
        application,
        core('designPlanApprovalCopy', '设计方案批复', '复印件'),
        core('buildingDrawings', '总平面及建筑单体图', '原件'),
        tolerable('landTitleCopy', '不动产权证书', '复印件'),
      ],
      toleranceMode: 'issueNow',
      toleranceSupplementDays: 5,
      notifyCommitAllowed: true,
      certificate: 'engineeringPlanningPermit',
      dependsOn: ['designPlanReview'],
      required: true,
    },
    {
      code: 'constructionDrawingReview',
      name: '施工图设计文件联合审查',
      stage: 'constructionPermit',
      department: 'housing',
      promisedLimit: { amount: 10, unit: 'workingDays' },
      statutoryLimit: { amount: 20, unit: 'workingDays' },
      materials: [
        application,
        core('constructionDrawings', '施工图设计文件', '电子件'),
        core('geotechnicalReport', '岩土工程勘察报告', '电子件'),
        tolerable('designContract', '设计合同', '复印件'),
      ],
      toleranceMode: 'issueWhenComplete',
      toleranceSupplementDays: 10,
      notifyCommitAllowed: false,
      certificate: 'drawingReviewCertificate',
      dependsOn: ['designPlanReview'],
      opensEarly: true,
      required: true,
    },
    {
      code: 'fireDesignReview',
      name: '特殊建设工程消防设计审查',
      stage: 'constructionPermit',
      department: 'housing',
      promisedLimit: { amount: 10, unit: 'workingDays' },
      // 建设工程消防设计审查验收管理暂行规定 (住建部令第51号) art. 21: 15 working days.
      statutoryLimit: { amount: 15, unit: 'workingDays' },
      appliesWhen: { specialConstruction: true },
      materials: [application, core('fireDesignDrawings', '消防设计文件', '电子件')],
      toleranceMode: null,
      toleranceSupplementDays: 0,
      notifyCommitAllowed: false,
      certificate: null,
      dependsOn: ['designPlanReview'],
      opensEarly: true,
      required: true,
    },
    {
      code: 'civilDefenseDesignReview',
      name: '人防工程设计审查',
      stage: 'constructionPermit',
      department: 'civilDefense',
      promisedLimit: { amount: 10, unit: 'workingDays' },
      statutoryLimit: { amount: 20, unit: 'workingDays' },
      appliesWhen: { civilDefense: ['shelter'] },
      materials: [application, core('civilDefenseDrawings', '人防工程设计文件', '电子件')],
      toleranceMode: null,
      toleranceSupplementDays: 0,
      notifyCommitAllowed: false,
      certificate: null,
      dependsOn: ['designPlanReview'],
      opensEarly: true,
      required: true,
    },
    {
      code: 'constructionPermit',
      name: '建筑工程施工许可证核发',
      stage: 'constructionPermit',
      department: 'housing',
      promisedLimit: { amount: 3, unit: 'workingDays' },
      // 建筑法 art. 8: within 7 days of a complete application (counted here as working days).
      statutoryLimit: { amount: 7, unit: 'workingDays' },
      materials: [
        application,
        core('constructionContract', '施工合同', '复印件'),
        core('qualitySafetyMeasures', '质量安全保证措施', '原件'),
        core('fundsCommitment', '建设资金落实承诺书', '原件'),
        {
          ...core('civilDefenseFeeReceipt', '人防易地建设费缴纳凭证', '复印件'),
          appliesWhen: { civilDefense: ['feePaid'] },
        },
      ],
      toleranceMode: null,
      toleranceSupplementDays: 0,
      // As Wuhan, Guangzhou and Shenzhen do; Suizhou's catalog ships it allowed.
      notifyCommitAllowed: true,
      certificate: 'constructionPermit',
      dependsOn: ['constructionDrawingReview', 'fireDesignReview', 'civilDefenseDesignReview'],
      required: true,
    },
  ],
  jointIssuanceByProject: { industrial: sixCertificates, other: fourCertificates },
  acceptanceItems: [
    { code: 'planningVerification', name: '规划核实', department: 'planning' },
    { code: 'landVerification', name: '土地核验', department: 'planning' },
    {
      code: 'fireAcceptance',
      name: '特殊建设工程消防验收',
      department: 'housing',
      appliesWhen: { specialConstruction: true },
    },
    {
      code: 'fireAcceptanceFiling',
      name: '消防验收备案',
      department: 'housing',
      appliesWhen: { specialConstruction: false },
    },
    {
      code: 'civilDefenseAcceptance',
      name: '人防工程竣工验收备案',
      department: 'civilDefense',
      appliesWhen: { civilDefense: ['shelter'] },
    },
    { code: 'archivesAcceptance', name: '城建档案验收', department: 'archives' },
    { code: 'qualityAcceptance', name: '竣工验收监督', department: 'housing' },
    // Filed within 15 days after the joint acceptance (房屋建筑和市政基础设施工程竣工验收备案管理办法 art. 4).
    { code: 'completionFiling', name: '竣工验收备案', department: 'housing' },
  ],
};
