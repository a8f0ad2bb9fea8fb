/**
 * The two projects of the seed report (随州高新区, 2023) and the commands that bring them part way, so the demo
 * shows cases in different states. Every step is a real event sent through the engine's write path, addressed
 * by the child-key path from the project's case (e.g. ['item:constructionPermit', 'tolerance:1']).
 *
 * Where the demo ends:
 * Both are filed on the corrected catalog (the latest project-case version, v11) as industrial projects (六证联发,
 * exempt from 人防); 斯诺新材料's plant is a 特殊建设工程 (fire review and acceptance by 住房和城乡建设), the
 * copper-foil plant is not.
 * - 斯诺新材料 (staged acceptance, tolerance): every permit stage approved and the 六证联发 bundle issued; the
 *   design plan was decided 容缺通过 with the 节能专篇 still to come (supplement deadline pending; the funds
 *   commitment letter is a core material since catalog v2); in 竣工验收 炭化车间 is accepted, 石墨化车间 is under
 *   joint inspection (the other opinions awaited) and 前驱体预处理车间 waits in the housing queue.
 * - 年产2万吨高端铜箔 (桩基先行, filed by the steward): 立项用地规划许可 done, design plan approved, the foundation
 *   permit issued (awaiting the work start report), the 建设工程规划许可证 requested on commitment (告知承诺) and
 *   waiting in the planning queue.
 */
import type { CreateProjectDto } from '../projects/dto/create-project.dto';

/** Who sends a step: a demo account, or a clerk of a department without one. */
export type DemoActor = 'enterprise' | 'steward' | `clerk:${string}`;

export interface DemoStep {
  path: string[];
  type: string;
  payload?: Record<string, unknown>;
  as: DemoActor;
}

export interface DemoProject {
  /** Stable marker stored in project.details.demo. */
  key: string;
  filedBy: 'enterprise' | 'steward';
  enterpriseUsername: string;
  project: CreateProjectDto;
  steps: DemoStep[];
}

const approve = (code: string, department: string, opinion = '符合要求，准予许可'): DemoStep[] => [
  { path: [`item:${code}`], type: 'WINDOW_ACCEPT', payload: { note: '材料齐全，受理' }, as: 'clerk:window' },
  { path: [`item:${code}`], type: 'DEPARTMENT_ACCEPT', payload: {}, as: `clerk:${department}` },
  { path: [`item:${code}`], type: 'APPROVE', payload: { opinion }, as: `clerk:${department}` },
];

/** The joint-acceptance items of a 特殊建设工程 exempt from 人防 (catalog v2). */
const ACCEPTANCE_ITEMS: [string, string][] = [
  ['planningVerification', 'planning'],
  ['landVerification', 'planning'],
  ['fireAcceptance', 'housing'],
  ['archivesAcceptance', 'archives'],
  ['qualityAcceptance', 'housing'],
  ['completionFiling', 'housing'],
];

const passResult = (section: string, item: string, department: string): DemoStep => ({
  path: [`section:${section}`],
  type: 'RECORD_RESULT',
  payload: { acceptanceItem: item, result: 'pass', opinion: '合格' },
  as: `clerk:${department}`,
});

export const SNOW_PROJECT: DemoProject = {
  key: 'snow',
  filedBy: 'enterprise',
  enterpriseUsername: 'enterprise-snow',
  project: {
    name: '斯诺新材料10万吨锂电池负极材料一体化项目',
    category: 'socialInvestment',
    // 总投资（万元）: a demo figure; the seed report gives the zone's total (226.15亿元), not this project's.
    investmentAmount: 300000,
    investorType: 'socialCapital',
    landSupplyMode: 'tenderAuctionListing',
    practices: {
      foundationFirst: false,
      tolerance: true,
      notifyCommit: false,
      jointIssuance: true,
      stagedAcceptance: true,
    },
    sections: [
      { name: '炭化车间', area: 18000 },
      { name: '石墨化车间', area: 26000 },
      { name: '前驱体预处理车间', area: 9000 },
    ],
    industrial: true,
    specialConstruction: true,
    civilDefense: 'exempt',
    missingMaterials: { designPlanReview: ['energySavingChapter'] },
    permittedFloorArea: 53000,
    requiredGreenRatio: 0.15,
  },
  steps: [
    ...approve('projectFiling', 'development', '予以备案'),
    ...approve('landTitleRegistration', 'planning'),
    ...approve('landUsePlanningPermit', 'planning'),
    // 容缺受理: the 节能专篇 comes later; the design plan is decided and its approval issued now (办结·容缺通过).
    {
      path: ['item:designPlanReview'],
      type: 'WINDOW_ACCEPT',
      payload: { note: '核心材料齐全，申请容缺' },
      as: 'clerk:window',
    },
    { path: ['item:designPlanReview'], type: 'DEPARTMENT_ACCEPT', payload: {}, as: 'clerk:planning' },
    {
      path: ['item:designPlanReview'],
      type: 'REQUEST_TOLERANCE',
      payload: { commitmentLetterSigned: true },
      as: 'enterprise',
    },
    {
      path: ['item:designPlanReview', 'tolerance:1'],
      type: 'ACCEPT_TOLERANCE',
      payload: { note: '出具容缺受理通知书' },
      as: 'clerk:planning',
    },
    {
      path: ['item:designPlanReview'],
      type: 'APPROVE_WITH_TOLERANCE',
      payload: { opinion: '容缺通过，限期补齐节能专篇' },
      as: 'clerk:planning',
    },
    ...approve('engineeringPlanningPermit', 'planning'),
    ...approve('constructionDrawingReview', 'housing', '联合审图合格'),
    ...approve('fireDesignReview', 'housing', '特殊建设工程消防设计审查合格'),
    ...approve('constructionPermit', 'housing', '准予施工许可'),
    // 建筑法 art. 9: work reported started within 3 months of the permit (project-case v4 watches it).
    { path: ['workStart:1'], type: 'REPORT_WORK_STARTED', payload: { note: '已开工' }, as: 'enterprise' },
    // 分段竣工验收: 炭化车间 accepted and in production; 石墨化车间 under joint inspection; 前驱体预处理车间 applied.
    { path: ['section:section-1'], type: 'APPLY', payload: { note: '炭化车间具备验收条件' }, as: 'enterprise' },
    {
      path: ['section:section-1'],
      type: 'START_JOINT_INSPECTION',
      payload: { note: '联合现场验收' },
      as: 'clerk:housing',
    },
    ...ACCEPTANCE_ITEMS.map(([item, department]) => passResult('section-1', item, department)),
    { path: ['section:section-2'], type: 'APPLY', payload: { note: '石墨化车间具备验收条件' }, as: 'steward' },
    {
      path: ['section:section-2'],
      type: 'START_JOINT_INSPECTION',
      payload: { note: '联合现场验收' },
      as: 'clerk:housing',
    },
    passResult('section-2', 'planningVerification', 'planning'),
    { path: ['section:section-3'], type: 'APPLY', payload: { note: '前驱体预处理车间具备验收条件' }, as: 'enterprise' },
  ],
};

export const COPPER_PROJECT: DemoProject = {
  key: 'copper',
  filedBy: 'steward',
  enterpriseUsername: 'enterprise-copper',
  project: {
    name: '年产2万吨高端铜箔项目',
    category: 'socialInvestment',
    // 总投资（万元）: a demo figure, as above.
    investmentAmount: 150000,
    investorType: 'socialCapital',
    landSupplyMode: 'tenderAuctionListing',
    practices: {
      foundationFirst: true,
      tolerance: false,
      notifyCommit: true,
      jointIssuance: true,
      stagedAcceptance: false,
    },
    enterpriseId: 'copper-foil',
    industrial: true,
    specialConstruction: false,
    civilDefense: 'exempt',
  },
  steps: [
    ...approve('projectFiling', 'development', '予以备案'),
    ...approve('landTitleRegistration', 'planning'),
    ...approve('landUsePlanningPermit', 'planning'),
    ...approve('designPlanReview', 'planning', '设计方案审查通过'),
    // 桩基先行: the foundation-stage permit while the rest of the drawings are reviewed.
    {
      path: ['foundation'],
      type: 'APPLY_FOUNDATION_PERMIT',
      payload: {
        landContractSignedAndPaid: true,
        foundationDrawingsReviewed: false,
        drawingStabilityCommitment: true,
        contractorEngaged: true,
        supervisorEngaged: true,
        fundsCommitmentSigned: true,
        qualitySafetyMeasures: true,
        unitWorks: [
          { name: '铜箔生产车间', area: 42000, includesSuperstructure: true },
          { name: '综合动力站', area: 6500, includesSuperstructure: true },
        ],
      },
      as: 'steward',
    },
    {
      path: ['foundation'],
      type: 'ISSUE_FOUNDATION_PERMIT',
      payload: { opinion: '准予桩基先行' },
      as: 'clerk:housing',
    },
    // 告知承诺制: the 建设工程规划许可证 on commitment, waiting for the planning department.
    { path: ['item:engineeringPlanningPermit'], type: 'WINDOW_ACCEPT', payload: { note: '受理' }, as: 'clerk:window' },
    { path: ['item:engineeringPlanningPermit'], type: 'DEPARTMENT_ACCEPT', payload: {}, as: 'clerk:planning' },
    {
      path: ['item:engineeringPlanningPermit'],
      type: 'REQUEST_NOTIFY_COMMITMENT',
      payload: { commitmentSigned: true, conditions: ['总平面布置符合设计方案批复', '建筑退让红线符合规划条件'] },
      as: 'enterprise',
    },
  ],
};

export const DEMO_PROJECTS: DemoProject[] = [SNOW_PROJECT, COPPER_PROJECT];
