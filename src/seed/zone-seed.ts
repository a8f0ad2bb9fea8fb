/**
 * The zone command's demo data, seeded with the demo projects: both are key projects led by the demo leader
 * (项目长) with the demo steward and a 1+1+N team; a battle map each (one milestone slipping, one close); a
 * Saturday on-site meeting (现场办公) that raised problems now in several states (待交办, 已交办, 办理中 with an
 * escalation, 已解决 awaiting confirmation, 已办结). Every problem step is a real event through the write path.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { INSTANCE_CREATED, type Actor } from '../../workflows/contract';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { AuthUser } from '../auth/auth-user';
import type { CommandService } from '../cases/command.service';
import { beijingDate } from '../zone/milestone-status';
import type { ZoneRepository } from '../zone/zone.repository';
import type { SeedRepository } from './seed.repository';

const DAY = 86_400_000;

interface DemoProblem {
  project: 'snow' | 'copper';
  raisedBy: 'enterprise' | 'steward' | 'leader';
  title: string;
  category: string;
  department: string;
  limitWorkingDays: number;
  /** Events after raising, by whom. */
  steps: [type: string, who: 'enterprise' | 'steward' | 'leader' | 'clerk', payload?: Record<string, unknown>][];
}

const PROBLEMS: DemoProblem[] = [
  {
    project: 'snow',
    raisedBy: 'enterprise',
    title: '石墨化车间施工临时用电增容',
    category: 'utilities',
    department: 'development',
    limitWorkingDays: 5,
    steps: [
      ['ASSIGN', 'leader', { note: '发改局牵头协调供电公司' }],
      ['START_HANDLING', 'clerk'],
      ['RESOLVE', 'clerk', { resolution: '供电公司已完成增容接入' }],
      ['CONFIRM_RESOLVED', 'enterprise', { note: '已通电，满意' }],
    ],
  },
  {
    project: 'snow',
    raisedBy: 'steward',
    title: '石墨化车间消防验收意见出具较慢',
    category: 'approvalProcedure',
    department: 'fire',
    limitWorkingDays: 3,
    steps: [
      ['ASSIGN', 'steward'],
      ['START_HANDLING', 'clerk'],
      ['ESCALATE', 'leader', { reason: '影响年底投产，请消防救援大队主要负责人督办' }],
    ],
  },
  {
    project: 'snow',
    raisedBy: 'leader',
    title: '厂区南侧道路施工占道',
    category: 'constructionEnvironment',
    department: 'planning',
    limitWorkingDays: 5,
    steps: [['ASSIGN', 'leader']],
  },
  {
    project: 'copper',
    raisedBy: 'enterprise',
    title: '上部结构施工图审查排期',
    category: 'approvalProcedure',
    department: 'housing',
    limitWorkingDays: 5,
    steps: [
      ['ASSIGN', 'steward'],
      ['START_HANDLING', 'clerk'],
      ['RESOLVE', 'clerk', { resolution: '已安排联合审图，3个工作日内出具意见' }],
    ],
  },
  {
    project: 'copper',
    raisedBy: 'steward',
    title: '设备购置补贴政策兑现申报',
    category: 'policyFulfilment',
    department: 'development',
    limitWorkingDays: 10,
    steps: [],
  },
];

/** Milestones relative to today (days); null = not reached. */
const MILESTONES: Record<'snow' | 'copper', [code: string, planned: number, actual: number | null][]> = {
  snow: [
    ['signing', -200, -205],
    ['landSupply', -170, -168],
    ['workStart', -120, -121],
    // 滞后: planned ten days ago, not reached.
    ['structureComplete', -10, null],
    ['equipmentInstalled', 5, null],
    ['production', 30, null],
    ['completion', 90, null],
  ],
  copper: [
    ['signing', -90, -92],
    ['landSupply', -60, -60],
    // Close: work start is planned in three days.
    ['workStart', 3, null],
    ['structureComplete', 150, null],
    ['equipmentInstalled', 200, null],
    ['production', 240, null],
    ['completion', 300, null],
  ],
};

const NAMES: Record<string, string> = {
  signing: '签约',
  landSupply: '供地',
  workStart: '开工',
  structureComplete: '主体完工',
  equipmentInstalled: '设备进场',
  production: '投产',
  completion: '竣工',
};

export async function seedZone(
  m: EntityManager,
  commands: CommandService,
  seed: SeedRepository,
  zone: ZoneRepository,
  projectIds: Record<string, string>,
  accounts: Map<string, AuthUser>,
  now: Date,
): Promise<void> {
  const leader = accounts.get('leader');
  const steward = accounts.get('steward');
  if (!leader || !steward) throw new Error('the demo leader and steward accounts are missing');
  const projects = await zone.findProjects(m, Object.values(projectIds));
  const enterpriseOf = (id: string) => projects.find((p) => p.id === id)!.enterpriseId;
  const contacts: Record<string, string> = { snow: '斯诺新材料 基建部 周经理', copper: '随锦铜箔 项目部 吴经理' };
  // The projects were created in this transaction: no team or battle map of theirs exists to be replaced.
  for (const [key, id] of Object.entries(projectIds)) {
    await zone.saveTeam(m, {
      projectId: id,
      keyProject: true,
      leaderUserId: leader.id,
      stewardUserId: steward.id,
      enterpriseContact: { name: contacts[key] ?? '企业联系人' },
      liaisons: {
        development: { name: '发展改革局 联络员 李敏' },
        planning: { name: '自然资源和规划局 联络员 刘洋' },
        housing: { name: '住房和城乡建设局 联络员 陈刚' },
        fire: { name: '消防救援大队 联络员 赵强' },
      },
    });
    const rows = MILESTONES[key as 'snow' | 'copper'] ?? [];
    await zone.replaceMilestones(
      m,
      id,
      rows.map(([code, planned, actual], position) => ({
        projectId: id,
        code,
        name: NAMES[code],
        position: position + 1,
        plannedOn: beijingDate(new Date(now.getTime() + planned * DAY)),
        actualOn: actual === null ? null : beijingDate(new Date(now.getTime() + actual * DAY)),
        updatedBy: steward.id,
      })),
    );
  }
  // Last Saturday's on-site meeting (周六现场办公) at 斯诺新材料, dispatching both projects.
  const today = new Date(beijingDate(now));
  const saturday = new Date(today.getTime() - ((today.getUTCDay() + 1) % 7 || 7) * DAY);
  const meetingId = randomUUID();
  await zone.insertMeeting(m, {
    id: meetingId,
    heldOn: saturday.toISOString().slice(0, 10),
    type: 'onSite',
    place: '湖北斯诺新材料科技有限公司 项目现场',
    link: null,
    leaderUserId: leader.id,
    attendees: [
      '项目长 张主任',
      '项目管家',
      '发展改革局',
      '自然资源和规划局',
      '住房和城乡建设局',
      '消防救援大队',
      '两家企业负责人',
    ],
    projectIds: Object.values(projectIds),
    reviewedProblemIds: [],
    decisions: [
      '石墨化车间临时用电由发改局牵头，5个工作日内协调解决',
      '消防验收意见须在3个工作日内出具',
      '铜箔项目上部结构施工图审查优先排期',
    ],
    createdBy: leader.id,
  });
  // The departments' demo clerks act on the problems assigned to them.
  const clerks = await seed.clerkPerDepartment(m);
  // Problems raised at the meeting, a few seconds apart and ending just before now.
  const steps = PROBLEMS.reduce((n, p) => n + p.steps.length + 1, 0);
  let tick = 0;
  const at = () => new Date(now.getTime() - (steps - tick++) * 1000).toISOString();
  for (const problem of PROBLEMS) {
    const projectId = projectIds[problem.project];
    if (!projectId) continue;
    const enterpriseId = enterpriseOf(projectId);
    const enterpriseUser = accounts.get(problem.project === 'snow' ? 'enterprise-snow' : 'enterprise-copper');
    const actorOf = (who: 'enterprise' | 'steward' | 'leader' | 'clerk', department = problem.department): Actor =>
      who === 'enterprise'
        ? { userId: enterpriseUser!.id, role: 'enterprise', enterpriseId }
        : who === 'steward'
          ? { userId: steward.id, role: 'steward', onBehalfOf: enterpriseId }
          : who === 'leader'
            ? { userId: leader.id, role: 'leader' }
            : { userId: clerks.get(department) ?? `seed-clerk-${department}`, role: 'clerk', department };
    const raiser = actorOf(problem.raisedBy);
    const id = randomUUID();
    const created = await commands.create(m, {
      id,
      definitionId: DEFINITION_IDS.problem,
      definitionVersion: 1,
      projectId,
      event: {
        type: INSTANCE_CREATED,
        actor: raiser,
        occurredAt: at(),
        payload: {
          projectId,
          enterpriseId,
          title: problem.title,
          category: problem.category,
          department: problem.department,
          limitWorkingDays: problem.limitWorkingDays,
          meetingId,
          raisedBy: { userId: raiser.userId, role: raiser.role },
        },
      },
    });
    if (!created.ok) throw new Error(`demo problem ${problem.title}: ${created.message}`);
    for (const [type, who, payload] of problem.steps) {
      const result = await commands.apply(m, {
        instanceId: id,
        type,
        payload: payload ?? {},
        actor: actorOf(who),
        occurredAt: at(),
      });
      if (!result.ok) throw new Error(`demo problem ${problem.title}: ${type} refused: ${result.message}`);
    }
  }
}
