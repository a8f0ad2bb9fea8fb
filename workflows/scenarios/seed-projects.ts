/**
 * The seed projects of the 2023 随州高新区 report, as ordered commands (child-key path + engine event) that a
 * seeding script sends through the engine. Built by running them through the in-memory harness, so every
 * command is known to be accepted. Notifications between instances are not listed: the engine derives them.
 */
import type { Harness, SentCommand } from '../testing/harness';
import { Harness as InMemoryHarness } from '../testing/harness';
import { actors } from '../testing/fixtures';
import { must } from '../testing/drive';
import { FOUNDATION_APPLICATION } from '../testing/scenario-data';
import { workingDay } from './scenario-clock';

export interface SeedScenario {
  projectId: string;
  name: string;
  definitionVersion: number;
  commands: SentCommand[];
  harness: Harness;
  /** Dates worth asserting and showing. */
  milestones: Record<string, string>;
}

const window = actors.clerk('window');

function decide(
  h: Harness,
  root: string,
  key: string,
  dept: string,
  acceptAt: string,
  decideAt: string,
  actor = actors.enterprise('snow'),
) {
  void actor;
  const id = h.at(root, key).id;
  must(h.send(id, 'WINDOW_ACCEPT', window, acceptAt));
  must(h.send(id, 'DEPARTMENT_ACCEPT', actors.clerk(dept), acceptAt));
  must(h.send(id, 'APPROVE', actors.clerk(dept), decideAt, { opinion: '同意' }));
  return id;
}

const SECTION_DEPARTMENTS: [string, string][] = [
  ['planningVerification', 'planning'],
  ['fireAcceptance', 'fire'],
  ['civilDefenseAcceptance', 'civilDefense'],
  ['archivesAcceptance', 'archives'],
  ['qualityAcceptance', 'housing'],
];

function inspectAll(h: Harness, sectionId: string, at: string, rectify: string[] = []) {
  for (const [code, dept] of SECTION_DEPARTMENTS) {
    const ctx = h.context<{ results: Record<string, { result: string }> }>(sectionId);
    if (ctx.results[code].result !== 'pending') continue;
    must(
      h.send(sectionId, 'RECORD_RESULT', actors.clerk(dept), at, {
        acceptanceItem: code,
        result: rectify.includes(code) ? 'rectify' : 'pass',
      }),
    );
  }
}

/** 斯诺新材料 10万吨锂电池负极材料一体化: 容缺受理, 告知承诺, 六证联发, three sections accepted one by one. */
export function snowNewMaterialsScenario(start = '2023-02-06'): SeedScenario {
  const h = new InMemoryHarness();
  const ent = actors.enterprise('snow');
  const steward = actors.steward('snow');
  const d = (n: number) => workingDay(start, n);
  const root = h.create(
    'snow',
    'project-case',
    2,
    {
      projectId: 'snow',
      name: '斯诺新材料10万吨锂电池负极材料一体化项目',
      enterpriseId: 'snow',
      category: 'socialInvestment',
      practices: {
        foundationFirst: false,
        tolerance: true,
        notifyCommit: true,
        jointIssuance: true,
        stagedAcceptance: true,
      },
      sections: [
        { key: 'carbonization', name: '炭化车间' },
        { key: 'graphitization', name: '石墨化车间' },
        { key: 'precursor', name: '前驱体预处理车间' },
      ],
      submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] },
      permittedFloorArea: 186000,
      requiredGreenRatio: 0.15,
    },
    ent,
    d(0),
  );
  // 立项用地规划许可: the planning permit accepted on tolerance (项目备案证明 to follow).
  decide(h, root, 'item:projectFiling', 'development', d(0), d(1));
  decide(h, root, 'item:landTitleRegistration', 'planning', d(0), d(3));
  const planningPermit = h.at(root, 'item:landUsePlanningPermit').id;
  must(h.send(planningPermit, 'WINDOW_ACCEPT', window, d(0)));
  must(h.send(planningPermit, 'DEPARTMENT_ACCEPT', actors.clerk('planning'), d(0)));
  must(h.send(planningPermit, 'REQUEST_TOLERANCE', steward, d(0), { commitmentLetterSigned: true }));
  const tolerance = h.at(root, 'item:landUsePlanningPermit', 'tolerance:1').id;
  must(h.send(tolerance, 'ACCEPT_TOLERANCE', actors.clerk('planning'), d(0)));
  must(h.send(planningPermit, 'APPROVE_WITH_TOLERANCE', actors.clerk('planning'), d(1), { opinion: '容缺通过' }));
  must(h.send(tolerance, 'SUPPLY_MATERIAL', ent, d(2), { material: 'projectFilingProof' }));
  must(
    h.send(tolerance, 'REVIEW_MATERIAL', actors.clerk('planning'), d(2), {
      material: 'projectFilingProof',
      compliant: true,
    }),
  );
  // 工程建设许可: the planning permit on commitment (告知承诺) in one working day.
  decide(h, root, 'item:designPlanReview', 'planning', d(3), d(8));
  const engPermit = h.at(root, 'item:engineeringPlanningPermit').id;
  must(h.send(engPermit, 'WINDOW_ACCEPT', window, d(8)));
  must(h.send(engPermit, 'DEPARTMENT_ACCEPT', actors.clerk('planning'), d(8)));
  must(
    h.send(engPermit, 'REQUEST_NOTIFY_COMMITMENT', ent, d(8), {
      commitmentSigned: true,
      conditions: ['建筑退让、限高符合规划条件'],
    }),
  );
  const commitment = h.at(root, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id;
  must(h.send(commitment, 'DECIDE_ON_COMMITMENT', actors.clerk('planning'), d(9)));
  // 施工许可: joint drawing review in parallel, then the permit; 六证联发 on one day.
  decide(h, root, 'item:constructionDrawingReview', 'housing', d(9), d(16));
  decide(h, root, 'item:fireDesignReview', 'fire', d(9), d(15));
  decide(h, root, 'item:civilDefenseDesignReview', 'civilDefense', d(9), d(15));
  decide(h, root, 'item:constructionPermit', 'housing', d(16), d(18));
  // 竣工验收 by sections: 炭化车间 first, production allowed at once.
  const carbon = h.at(root, 'section:carbonization').id;
  must(h.send(carbon, 'APPLY', steward, d(180)));
  must(h.send(carbon, 'START_JOINT_INSPECTION', actors.clerk('housing'), d(182)));
  inspectAll(h, carbon, d(183));
  // 石墨化车间: fire acceptance asks for rectification, re-inspection passes.
  const graphite = h.at(root, 'section:graphitization').id;
  must(h.send(graphite, 'APPLY', steward, d(200)));
  must(h.send(graphite, 'START_JOINT_INSPECTION', actors.clerk('housing'), d(202)));
  inspectAll(h, graphite, d(203), ['fireAcceptance']);
  must(h.send(graphite, 'REPORT_RECTIFIED', ent, d(208)));
  inspectAll(h, graphite, d(209));
  // 对标验收 of the planning commitment with the last section.
  must(
    h.send(commitment, 'VERIFY', actors.clerk('planning'), d(220), { method: 'completionAcceptance', compliant: true }),
  );
  const precursor = h.at(root, 'section:precursor').id;
  must(h.send(precursor, 'APPLY', steward, d(218)));
  must(h.send(precursor, 'START_JOINT_INSPECTION', actors.clerk('housing'), d(220)));
  inspectAll(h, precursor, d(221));
  // 先建后验: the planning commitment is a check of the last section's joint acceptance too.
  must(
    h.send(precursor, 'RECORD_COMMITMENT_CHECK', actors.clerk('planning'), d(221), {
      itemCode: 'engineeringPlanningPermit',
      met: true,
      opinion: '建筑退让、限高符合规划条件',
    }),
  );
  must(
    h.send(precursor, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), d(221), {
      totalFloorArea: 185400,
      greenRatio: 0.16,
    }),
  );
  return {
    projectId: root,
    name: '斯诺新材料10万吨锂电池负极材料一体化项目',
    definitionVersion: 2,
    commands: h.commands,
    harness: h,
    milestones: { created: d(0), jointIssuance: d(18), firstSectionAccepted: d(183), complete: d(221) },
  };
}

/** 2万吨高端铜箔: 桩基先行 with 四证联发 (v1); the foundation permit comes long before the full permit. */
export function copperFoilScenario(start = '2023-03-01'): SeedScenario {
  const h = new InMemoryHarness();
  const ent = actors.enterprise('copperfoil');
  const d = (n: number) => workingDay(start, n);
  const root = h.create(
    'copperfoil',
    'project-case',
    1,
    {
      projectId: 'copperfoil',
      name: '2万吨高端铜箔项目',
      enterpriseId: 'copperfoil',
      category: 'socialInvestment',
      practices: {
        foundationFirst: true,
        tolerance: true,
        notifyCommit: false,
        jointIssuance: true,
        stagedAcceptance: false,
      },
    },
    ent,
    d(0),
  );
  decide(h, root, 'item:projectFiling', 'development', d(0), d(1));
  decide(h, root, 'item:landTitleRegistration', 'planning', d(0), d(4));
  decide(h, root, 'item:landUsePlanningPermit', 'planning', d(0), d(5));
  const foundation = h.at(root, 'foundation').id;
  must(
    h.send(foundation, 'APPLY_FOUNDATION_PERMIT', ent, d(5), {
      ...FOUNDATION_APPLICATION,
      unitWorks: [
        { name: '铜箔生产车间', area: 42000, includesSuperstructure: true },
        { name: '动力站', area: 6000, includesSuperstructure: true },
      ],
    }),
  );
  decide(h, root, 'item:designPlanReview', 'planning', d(5), d(10));
  must(h.send(foundation, 'ISSUE_FOUNDATION_PERMIT', actors.clerk('housing'), d(11)));
  must(h.send(foundation, 'WORK_STARTED', ent, d(13)));
  decide(h, root, 'item:engineeringPlanningPermit', 'planning', d(10), d(15));
  decide(h, root, 'item:constructionDrawingReview', 'housing', d(15), d(25));
  decide(h, root, 'item:fireDesignReview', 'fire', d(15), d(24));
  decide(h, root, 'item:civilDefenseDesignReview', 'civilDefense', d(15), d(24));
  must(h.send(foundation, 'APPLY_ABOVE_GROUND_PERMIT', ent, d(25)));
  must(h.send(foundation, 'ISSUE_ABOVE_GROUND_PERMIT', actors.clerk('housing'), d(27)));
  return {
    projectId: root,
    name: '2万吨高端铜箔项目',
    definitionVersion: 1,
    commands: h.commands,
    harness: h,
    milestones: { created: d(0), foundationPermit: d(11), aboveGroundPermit: d(27) },
  };
}
