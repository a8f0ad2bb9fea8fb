/** A project driven through the harness, with stage shortcuts. For tests and scenarios. */
import type { ProjectPractices } from '../protocol';
import { Harness } from './harness';
import { actors, ENTERPRISE_ID } from './fixtures';
import { approveItem } from './drive';
import type { Registry } from '../registry';

export const NO_PRACTICES: ProjectPractices = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: false,
  stagedAcceptance: false,
};

export function newProject(
  practices: Partial<ProjectPractices>,
  options: {
    version?: number;
    at?: string;
    submittedMaterials?: Record<string, string[]>;
    sections?: { key: string; name: string }[];
    extra?: Record<string, unknown>;
  } = {},
) {
  const h = new Harness();
  const at = options.at ?? '2026-03-02T01:00:00.000Z';
  const input: Record<string, unknown> = {
    projectId: 'p',
    name: '测试项目',
    enterpriseId: ENTERPRISE_ID,
    category: 'socialInvestment',
    practices: { ...NO_PRACTICES, ...practices },
    ...(options.extra ?? {}),
  };
  if (options.submittedMaterials) input.submittedMaterials = options.submittedMaterials;
  if (options.sections) input.sections = options.sections;
  const id = h.create('p', 'project-case', options.version ?? 1, input, actors.enterprise(), at);
  return { h, id };
}

/**
 * An industrial plant (not 特殊建设工程, exempt from 人防: no fire or 人防 review) on project-case `version`, with
 * 联合发证 and the practices given, filed by the enterprise at `at`.
 */
export function industrialProject(
  version: number,
  options: {
    name: string;
    at: string;
    projectId?: string;
    category?: string;
    practices?: Partial<ProjectPractices>;
    /** The definitions to run on (default: the registry); a test registry may add children another branch builds. */
    registry?: Registry;
  },
) {
  const h = new Harness(options.registry);
  const projectId = options.projectId ?? 'p';
  const input = {
    projectId,
    name: options.name,
    enterpriseId: ENTERPRISE_ID,
    category: options.category ?? 'socialInvestment',
    practices: { ...NO_PRACTICES, jointIssuance: true, ...options.practices },
    flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
  };
  const id = h.create(projectId, 'project-case', version, input, actors.enterprise(), options.at);
  return { h, id };
}

/** The items an industrial plant is approved through up to its construction permit, in order, by department. */
export const INDUSTRIAL_PERMIT_PATH = [
  ['item:projectFiling', 'development'],
  ['item:landTitleRegistration', 'planning'],
  ['item:landUsePlanningPermit', 'planning'],
  ['item:designPlanReview', 'planning'],
  ['item:engineeringPlanningPermit', 'planning'],
  ['item:constructionDrawingReview', 'housing'],
  ['item:constructionPermit', 'housing'],
] as const;

export const STAGE_ITEMS = {
  landPlanning: [
    ['item:projectFiling', 'development'],
    ['item:landTitleRegistration', 'planning'],
    ['item:landUsePlanningPermit', 'planning'],
  ],
  engineeringPermit: [
    ['item:designPlanReview', 'planning'],
    ['item:engineeringPlanningPermit', 'planning'],
  ],
  constructionPermit: [
    ['item:constructionDrawingReview', 'housing'],
    ['item:fireDesignReview', 'fire'],
    ['item:civilDefenseDesignReview', 'civilDefense'],
    ['item:constructionPermit', 'housing'],
  ],
} as const;

export function passStage(
  h: Harness,
  id: string,
  stage: keyof typeof STAGE_ITEMS,
  at: string,
  skip: string[] = [],
): void {
  for (const [key, dept] of STAGE_ITEMS[stage]) {
    if (skip.includes(key) || !h.get(id).children[key]) continue;
    approveItem(h, id, key, dept, at);
  }
}
